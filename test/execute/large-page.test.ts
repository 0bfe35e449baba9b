/**
 * Reads whose size the data decides: a page of 200,000 small items (DynamoDB's 1 MB page holds
 * about 140,000 items of a few bytes) goes through `all`, `iterate` and `page` whole, without
 * spreading it into a call's arguments (which overflows the stack past about 120,000).
 * DynamoDB is replaced by a client answered in process, with a canned page of the key each
 * Query asks for.
 */
import { describe, expect, test } from 'vitest'
import { createDql, defineTable, dql } from '../../src/index.js'
import { stubClient } from '../support/stub-client.js'

const ITEMS = 200_000

const events = defineTable({ name: 'events', partitionKey: 'id', sortKey: 'n' })

/** One page of ITEMS items of partition `id`, as DynamoDB's JSON, made once per id. */
const bodies = new Map<string, Buffer>()
function pageOf(id: string): Buffer {
  let body = bodies.get(id)
  if (body === undefined) {
    const Items = Array.from({ length: ITEMS }, (_, n) => ({ id: { S: id }, n: { N: String(n) } }))
    body = Buffer.from(JSON.stringify({ Items, Count: ITEMS, ScannedCount: ITEMS }))
    bodies.set(id, body)
  }
  return body
}

/** A client whose every Query is answered with the whole partition its key names, in one page. */
function pagesClient() {
  return stubClient((operation, input) => {
    if (operation !== 'Query') throw new Error(`The stub answers Query only, not ${operation}`)
    const values = input.ExpressionAttributeValues as Record<string, { S?: string }>
    return pageOf(values[':v0']?.S ?? '')
  })
}

describe('a page of 200,000 items is read whole', () => {
  const db = createDql({ client: pagesClient(), tables: [events] })

  test('all, one Query', async () => {
    const items = await db.all`FROM events WHERE id = ${'a'}`
    expect(items.length).toBe(ITEMS)
    expect(items[0]).toEqual({ id: 'a', n: 0 })
    expect(items[ITEMS - 1]).toEqual({ id: 'a', n: ITEMS - 1 })
  })

  test('all of an IN list: one Query per key, in parallel, merged in key order', async () => {
    const items = await db.all`FROM events WHERE id IN ${['a', 'b']}`
    expect(items.length).toBe(2 * ITEMS)
    expect(items[0]).toEqual({ id: 'a', n: 0 })
    expect(items[ITEMS - 1]).toEqual({ id: 'a', n: ITEMS - 1 })
    expect(items[ITEMS]).toEqual({ id: 'b', n: 0 })
    expect(items[2 * ITEMS - 1]).toEqual({ id: 'b', n: ITEMS - 1 })
  })

  test('all of an IN list with a LIMIT past the data: pages in key order', async () => {
    const items = await db.all`FROM events WHERE id IN ${['b', 'a']} LIMIT 1000000`
    expect(items.length).toBe(2 * ITEMS)
    expect(items[0]).toEqual({ id: 'b', n: 0 })
    expect(items[2 * ITEMS - 1]).toEqual({ id: 'a', n: ITEMS - 1 })
  })

  test('iterate and page', async () => {
    let count = 0
    let last: unknown
    for await (const item of db.iterate`FROM events WHERE id = ${'a'}`) {
      count++
      last = item
    }
    expect({ count, last }).toEqual({ count: ITEMS, last: { id: 'a', n: ITEMS - 1 } })
    const page = await db.page(dql`FROM events WHERE id = ${'a'}`)
    expect(page.items.length).toBe(ITEMS)
    expect(page.items[ITEMS - 1]).toEqual({ id: 'a', n: ITEMS - 1 })
    expect(page.cursor).toBeUndefined()
  })
})
