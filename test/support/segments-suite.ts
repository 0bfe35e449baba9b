/**
 * The parallel Scan suite: `SCAN … SEGMENTS n` on one engine, compared with a plain SCAN of the
 * same table and with the rows written (same multiset of items, counts equal), for every call
 * and with LIMIT, filters and cursors. The table holds 600 items of about 4 KB under 600
 * partition keys, so each segment holds some, and DynamoDB's 1 MB page cuts the larger ones.
 */
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { defineTable, dql, type Dql } from '../../src/index.js'
import { createDql } from './create-dql.js'
import type { Engine } from './engine.js'

const items = defineTable({ name: 'items', tableName: 'scan-segments', partitionKey: 'id' })

const ROWS = 600
const PAD = 'x'.repeat(4000)

/** The rows written, in attribute form; `segments` is an attribute too (0, 1 or 2). */
const rows = Array.from({ length: ROWS }, (_, i) => ({
  id: `item-${String(i).padStart(3, '0')}`,
  n: i,
  group: i % 7,
  segments: i % 3,
  pad: PAD,
}))

async function writeRows(client: DynamoDBClient): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: 'scan-segments',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  )
  for (let i = 0; i < rows.length; i += 25) {
    let requests = rows.slice(i, i + 25).map((row) => ({ PutRequest: { Item: marshall(row) } }))
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 20) throw new Error('could not write the rows')
      const output = await client.send(
        new BatchWriteItemCommand({ RequestItems: { 'scan-segments': requests } }),
      )
      requests = (output.UnprocessedItems?.['scan-segments'] ?? []).flatMap((request) =>
        request.PutRequest?.Item ? [{ PutRequest: { Item: request.PutRequest.Item } }] : [],
      )
    }
  }
}

/** The ids of `found`, sorted: equal lists are equal multisets. */
function ids(found: readonly Record<string, unknown>[]): string[] {
  return found.map((item) => String(item.id)).sort()
}

function idsOf(selected: readonly (typeof rows)[number][]): string[] {
  return selected.map((row) => row.id).sort()
}

/** Registers the suite; `start` gives an engine without the table. */
export function defineSegmentsSuite(start: () => Promise<Engine>): void {
  let engine: Engine
  let db: Dql

  beforeAll(async () => {
    engine = await start()
    await writeRows(engine.client)
    db = createDql({ client: engine.client, tables: [items] })
  }, 180_000)
  afterAll(async () => engine?.close())

  describe('all: the same items as a plain SCAN', () => {
    test.each([1, 2, 4, 7, 13])('SEGMENTS %i', async (segments) => {
      const plain = ids(await db.all(dql`SCAN id FROM items`))
      expect(plain).toEqual(idsOf(rows))
      engine.sent.length = 0
      const parallel = await db.prepare(`SCAN id FROM items SEGMENTS ${segments}`).all()
      expect(ids(parallel)).toEqual(plain)
      // Every segment is read, at least once each, and only with Scan.
      expect(engine.sent.length).toBeGreaterThanOrEqual(segments)
      expect(new Set(engine.sent)).toEqual(new Set(['Scan']))
    })

    test('more than one page per segment: 2.4 MB in two segments', async () => {
      engine.sent.length = 0
      const parallel = await db.all(dql`SCAN id, n FROM items SEGMENTS 2`)
      expect(ids(parallel)).toEqual(idsOf(rows))
      expect(parallel.map((item) => item.n).sort((a, b) => Number(a) - Number(b))).toEqual(
        rows.map((row) => row.n),
      )
      expect(engine.sent.length).toBeGreaterThan(2)
    })

    test('a filter on an attribute named segments, unquoted, and its values', async () => {
      const parallel = await db.all(
        dql`SCAN id FROM items WHERE segments = ${1} AND group <> ${3} SEGMENTS 5`,
      )
      const plain = await db.all(dql`SCAN id FROM items WHERE segments = ${1} AND group <> ${3}`)
      expect(ids(parallel)).toEqual(ids(plain))
      expect(ids(parallel)).toEqual(idsOf(rows.filter((r) => r.segments === 1 && r.group !== 3)))
    })

    test('first returns one item of the table, and sends nothing after the first answer', async () => {
      engine.sent.length = 0
      const item = await db.first(dql`SCAN id FROM items SEGMENTS 8`)
      expect(idsOf(rows)).toContain(item?.id)
      // Four segments in flight (the handle's concurrency), each asked for one item.
      expect(engine.sent).toEqual(['Scan', 'Scan', 'Scan', 'Scan'])
    })
  })

  describe('count: the segments’ counts summed', () => {
    test.each([
      ['SCAN COUNT(*) FROM items SEGMENTS 3', ROWS],
      ['SCAN FROM items WHERE group = 3 SEGMENTS 4', rows.filter((r) => r.group === 3).length],
      ['SCAN FROM items WHERE segments < 2 SEGMENTS 6', rows.filter((r) => r.segments < 2).length],
    ])('%s', async (text, expected) => {
      const plain = await db.prepare(text.replace(/ SEGMENTS \d+$/, '')).count()
      expect(await db.prepare(text).count()).toBe(expected)
      expect(plain).toBe(expected)
    })
  })

  describe('iterate', () => {
    test('yields every item exactly once', async () => {
      const seen: Record<string, unknown>[] = []
      for await (const item of db.iterate`SCAN id FROM items SEGMENTS 6`) seen.push(item)
      expect(ids(seen)).toEqual(idsOf(rows))
    })

    test('is lazy: breaking at the first item leaves the segments it has not reached unread', async () => {
      // Four segments in flight (the handle's concurrency) of eight; the first page ends it.
      engine.sent.length = 0
      for await (const item of db.iterate`SCAN id FROM items SEGMENTS 8`) {
        expect(idsOf(rows)).toContain(item.id)
        break
      }
      expect(engine.sent).toEqual(['Scan', 'Scan', 'Scan', 'Scan'])
    })
  })

  describe('LIMIT n: n matches in total', () => {
    test('without a filter: the first page reaches it, and no segment sends again', async () => {
      engine.sent.length = 0
      const found = await db.all(dql`SCAN id FROM items LIMIT 50 SEGMENTS 4`)
      // Each segment holds about 150 items and is asked for 50: the first answer has them all,
      // the three requests then in flight are let finish, and nothing follows.
      expect(engine.sent).toEqual(['Scan', 'Scan', 'Scan', 'Scan'])
      expect(found).toHaveLength(50)
      expect(new Set(ids(found)).size).toBe(50)
      for (const id of ids(found)) expect(idsOf(rows)).toContain(id)
    })

    test('with a filter, over several pages of each segment', async () => {
      const found = await db.all(
        dql`SCAN id, group FROM items WHERE group = ${2} LIMIT 70 SEGMENTS 3`,
      )
      const matching = idsOf(rows.filter((r) => r.group === 2))
      expect(found).toHaveLength(70)
      expect(new Set(ids(found)).size).toBe(70)
      for (const id of ids(found)) expect(matching).toContain(id)
    })

    test('count stops at LIMIT', async () => {
      expect(await db.count(dql`SCAN FROM items LIMIT 30 SEGMENTS 4`)).toBe(30)
      expect(await db.count(dql`SCAN FROM items WHERE group = ${2} LIMIT 1000 SEGMENTS 4`)).toBe(
        rows.filter((r) => r.group === 2).length,
      )
    })
  })

  describe('page: a cursor resumes every segment', () => {
    async function allPages(
      handle: Dql,
      text: string,
    ): Promise<{ found: Record<string, unknown>[]; pages: number; requests: number }> {
      const found: Record<string, unknown>[] = []
      let cursor: string | undefined
      let pages = 0
      engine.sent.length = 0
      do {
        const page = await handle.prepare(text).page({}, cursor === undefined ? {} : { cursor })
        for (const item of page.items) found.push(item)
        cursor = page.cursor
        pages++
      } while (cursor !== undefined)
      return { found, pages, requests: engine.sent.length }
    }

    test('page after page reads every item once, one request a page', async () => {
      // Two segments of about 1.2 MB each: more than one page each.
      const { found, pages, requests } = await allPages(db, 'SCAN id FROM items SEGMENTS 2')
      expect(ids(found)).toEqual(idsOf(rows))
      expect(pages).toBeGreaterThan(2)
      expect(requests).toBe(pages)
    })

    test('LIMIT holds across pages, with a signed cursor', async () => {
      const signed = createDql({
        client: engine.client,
        tables: [items],
        cursorSecret: 'a cursor secret of at least thirty-two bytes',
      })
      const { found } = await allPages(
        signed,
        'SCAN id FROM items WHERE group < 3 LIMIT 200 SEGMENTS 3',
      )
      expect(found).toHaveLength(200)
      expect(new Set(ids(found)).size).toBe(200)
      const matching = idsOf(rows.filter((r) => r.group < 3))
      for (const id of ids(found)) expect(matching).toContain(id)
    })

    test('a cursor of another number of segments, or of the plain SCAN, is usage.bad-cursor', async () => {
      const first = await db.prepare('SCAN id FROM items SEGMENTS 4').page()
      expect(first.cursor).toBeTypeOf('string')
      for (const other of ['SCAN id FROM items SEGMENTS 5', 'SCAN id FROM items']) {
        await expect(db.prepare(other).page({}, { cursor: first.cursor! })).rejects.toMatchObject({
          code: 'usage.bad-cursor',
        })
      }
      const plain = await db.prepare('SCAN id FROM items').page()
      await expect(
        db.prepare('SCAN id FROM items SEGMENTS 4').page({}, { cursor: plain.cursor! }),
      ).rejects.toMatchObject({ code: 'usage.bad-cursor' })
    })
  })
}
