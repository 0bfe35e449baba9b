/**
 * BatchGetItem puts the items DynamoDB returns in key-list order by their keys: an item that
 * matches no key asked for fails the call (`execute.unmatched-item`) instead of being left out.
 * DynamoDB is replaced by a client answered in process.
 */
import { describe, expect, test } from 'vitest'
import { createDql, defineTable, DqlError } from '../../src/index.js'
import { stubClient } from '../support/stub-client.js'

const table = (sortKey: string) =>
  defineTable({ name: 'events', tableName: 'events', partitionKey: 'p', sortKey })

/** A BatchGetItem answer holding `items` (DynamoDB JSON text). */
const answering = (items: string) =>
  stubClient((operation) => {
    if (operation !== 'BatchGetItem') throw new Error(`The stub answers BatchGetItem only`)
    return `{ "Responses": { "events": [${items}] }, "UnprocessedKeys": {} }`
  })

async function failure(run: () => Promise<unknown>) {
  const error = await run().then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(DqlError)
  return error
}

describe('an item for no key asked for is an error, not a shorter result', () => {
  test('items that match the keys come back in key order', async () => {
    const db = createDql({
      client: answering(
        '{ "p": { "S": "p" }, "k": { "S": "b" } }, { "p": { "S": "p" }, "k": { "S": "a" } }',
      ),
      tables: [table('k')],
    })
    expect(await db.all`FROM events WHERE p = 'p' AND k IN ('a', 'b')`).toEqual([
      { p: 'p', k: 'a' },
      { p: 'p', k: 'b' },
    ])
  })

  test('an item with another key', async () => {
    const db = createDql({
      client: answering(
        '{ "p": { "S": "p" }, "k": { "S": "a" } }, { "p": { "S": "p" }, "k": { "S": "z" } }',
      ),
      tables: [table('k')],
    })
    expect(
      await failure(() => db.all`FROM events WHERE p = 'p' AND k IN ('a', 'b')`),
    ).toMatchObject({
      code: 'execute.unmatched-item',
      message:
        'BatchGetItem returned an item that matches none of the keys asked for, so the result cannot be put in key order; no partial result is returned.',
    })
  })

  test('items whose key attribute __proto__ the SDK read without its value', async () => {
    const db = createDql({
      client: answering(
        '{ "p": { "S": "p" }, "__proto__": { "S": "a" } }, { "p": { "S": "p" }, "__proto__": { "S": "b" } }',
      ),
      tables: [table('__proto__')],
    })
    expect(
      await failure(() => db.all`FROM events WHERE p = 'p' AND __proto__ IN ('a', 'b')`),
    ).toMatchObject({
      code: 'execute.unmatched-item',
      message:
        'BatchGetItem returned items without a value for the key attribute __proto__ (the AWS SDK for JavaScript drops a top-level attribute named __proto__ from the items it reads), so they cannot be matched to the keys asked for; no partial result is returned. Read such items with a Query instead.',
    })
  })
})
