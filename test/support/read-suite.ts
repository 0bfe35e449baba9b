/**
 * The read suite: every scenario on one engine, asserting the whole result against the
 * in-memory answer and the operations sent; plus paging, batches and faults.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { defineTable, dql, DqlError, type Dql, type ResultPage } from '../../src/index.js'
import { createDql, leanHooks } from './create-dql.js'
import type { Engine } from './engine.js'
import { readScenarios, type Scenario } from './read-scenarios.js'
import {
  BIG_THREAD,
  BIG_THREAD_SIZE,
  bins,
  dataSet,
  posts,
  seed,
  users,
  type DataSet,
} from './seed.js'

/** Registers the suite; `start` gives a fresh, empty engine. */
export function defineReadSuite(start: () => Promise<Engine>): void {
  let engine: Engine
  let db: Dql
  let data: DataSet

  beforeAll(async () => {
    engine = await start()
    data = dataSet()
    await seed(engine.client, data)
    db = createDql({ client: engine.client, tables: [bins, posts, users] })
  }, 180_000)
  afterAll(async () => engine?.close())

  describe('every plan kind returns what an in-memory filter of the data returns', () => {
    test.each(readScenarios.map((s) => [s.name, s] as const))('%s', async (_, scenario) => {
      engine.sent.length = 0
      const actual = await scenario.run(db)
      const expected = scenario.expected(data)
      assertResult(scenario, actual, expected)
      expect(engine.sent.length).toBeGreaterThan(0)
      expect(new Set(engine.sent)).toEqual(new Set([scenario.operation]))
      if (scenario.requests !== undefined) expect(engine.sent.length).toBe(scenario.requests)
    })
  })

  test('iterate yields every item of a 2,500-item partition exactly once, over several pages', async () => {
    engine.sent.length = 0
    const seen = new Map<string, number>()
    for await (const item of db.iterate`SELECT ReplyDateTime FROM posts WHERE Id = ${BIG_THREAD}`) {
      const key = item.ReplyDateTime as string
      seen.set(key, (seen.get(key) ?? 0) + 1)
    }
    const expected = data.posts.filter((r) => r.Id === BIG_THREAD).map((r) => r.ReplyDateTime)
    expect(seen.size).toBe(BIG_THREAD_SIZE)
    expect([...seen.keys()]).toEqual(expected)
    expect([...seen.values()].every((n) => n === 1)).toBe(true)
    expect(engine.sent.every((op) => op === 'Query')).toBe(true)
    expect(engine.sent.length).toBeGreaterThan(1)
  })

  test('breaking out of iterate stops sending', async () => {
    engine.sent.length = 0
    let n = 0
    for await (const _ of db.iterate`FROM posts WHERE Id = ${BIG_THREAD}`) {
      if (++n === 3) break
    }
    expect(n).toBe(3)
    expect(engine.sent).toEqual(['Query'])
  })

  test('page by page with the cursor reads every item once, and LIMIT holds across pages', async () => {
    const statement = dql`SELECT Seq FROM posts WHERE Id = ${BIG_THREAD}`
    const seqs: unknown[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page: ResultPage<Record<string, unknown>> = await db.page(
        statement,
        cursor === undefined ? {} : { cursor },
      )
      seqs.push(...page.items.map((item) => item.Seq))
      cursor = page.cursor
      pages++
    } while (cursor !== undefined)
    expect(pages).toBeGreaterThan(1)
    expect(seqs).toEqual(data.posts.filter((r) => r.Id === BIG_THREAD).map((r) => r.Seq))

    const limited = dql`SELECT Seq FROM posts WHERE Id = ${BIG_THREAD} AND Votes = 1 LIMIT 30`
    const got: unknown[] = []
    cursor = undefined
    do {
      const page: ResultPage<Record<string, unknown>> = await db.page(
        limited,
        cursor === undefined ? {} : { cursor },
      )
      got.push(...page.items.map((item) => item.Seq))
      cursor = page.cursor
    } while (cursor !== undefined)
    expect(got).toEqual(
      data.posts
        .filter((r) => r.Id === BIG_THREAD && r.Votes === 1)
        .slice(0, 30)
        .map((r) => r.Seq),
    )
  })

  test('a cursor from another statement, from other values, or a damaged one, is usage.bad-cursor', async () => {
    const page = await db.page(dql`FROM posts WHERE Id = ${BIG_THREAD}`)
    expect(page.cursor).toBeTypeOf('string')
    const other = dql`FROM posts WHERE Id = ${'thread-1'} AND Votes > 0`
    await expect(db.page(other, { cursor: page.cursor! })).rejects.toMatchObject({
      code: 'usage.bad-cursor',
    })
    await expect(
      db.page(dql`FROM posts WHERE Id = ${BIG_THREAD}`, { cursor: 'not-a-cursor' }),
    ).rejects.toMatchObject({ code: 'usage.bad-cursor' })
    // The same text with other values is another read: its cursor does not fit.
    const sameText = (id: string) => dql`FROM posts WHERE Id = ${id}`
    const first = await db.page(sameText(BIG_THREAD))
    await expect(db.page(sameText('thread-1'), { cursor: first.cursor! })).rejects.toMatchObject({
      code: 'usage.bad-cursor',
    })
    expect(
      (await db.page(sameText(BIG_THREAD), { cursor: first.cursor! })).items.length,
    ).toBeGreaterThan(0)
  })

  describe('BatchGetItem with 250 keys', () => {
    const ids = () => data.users.slice(0, 250).map((r) => r.userId as string)

    test('returns all 250 in list order when the engine leaves keys unprocessed', async () => {
      const faults = unprocessedFault(engine, 6)
      const client = createDql({
        client: engine.client,
        tables: [users],
        retry: { baseDelayMs: 1, maxDelayMs: 5 },
      })
      const list = ids().reverse()
      engine.sent.length = 0
      const items = await client.all`SELECT userId FROM users WHERE userId IN ${list}`
      faults.remove()
      expect(items).toEqual(list.map((userId) => ({ userId })))
      expect(faults.moved()).toBeGreaterThan(0)
      // 3 chunks, plus one retry per faulted response.
      expect(engine.sent.length).toBe(3 + 6)
    })

    test('an exhausted retry budget is a DqlError that says how many keys are unread', async () => {
      const faults = unprocessedFault(engine, Infinity)
      const client = createDql({
        client: engine.client,
        tables: [users],
        retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      })
      const error = await client.all`FROM users WHERE userId IN ${ids()}`.catch((e: unknown) => e)
      faults.remove()
      expect(error).toBeInstanceOf(DqlError)
      expect((error as DqlError).code).toBe('execute.unprocessed-keys')
      expect((error as DqlError).message).toMatch(/left \d+ of 100 keys unread after 3 attempts/)
    })
  })

  test('a table with no definition is read with DescribeTable, by its DynamoDB name', async () => {
    const bare = createDql({ client: engine.client })
    engine.sent.length = 0
    const item =
      await bare.first`SELECT card_bin, issuer_name FROM \`bin-lookup\` WHERE card_bin = ${'411111'} AND card_bin_extended = ${';'}`
    expect(item).toEqual({ card_bin: '411111', issuer_name: 'ACME' })
    expect(engine.sent).toEqual(['DescribeTable', 'GetItem'])
    engine.sent.length = 0
    await bare.first`SELECT card_bin FROM \`bin-lookup\` WHERE card_bin = ${'411111'} AND card_bin_extended = ${';'}`
    expect(engine.sent).toEqual(['GetItem'])
  })

  test('loadTables reads every table; an unknown table is still plan.unknown-table', async () => {
    const bare = createDql({ client: engine.client })
    const loaded = await bare.loadTables()
    expect(loaded.map((t) => [t.name, t.partitionKey, t.sortKey]).sort()).toEqual([
      ['app-users', 'userId', undefined],
      ['bin-lookup', 'card_bin', 'card_bin_extended'],
      ['forum-posts', 'Id', 'ReplyDateTime'],
    ])
    const forum = loaded.find((t) => t.name === 'forum-posts')!
    expect(
      forum.indexes.map((i) => [i.name, i.type, i.partitionKey, i.sortKey, i.projection]),
    ).toEqual([
      ['byAuthor', 'global', 'Author', 'Seq', 'KEYS_ONLY'],
      ['byPostedBy', 'local', 'Id', 'PostedBy', 'ALL'],
    ])
    const explained = bare.explain`FROM \`forum-posts\` WHERE Id = ${'x'} AND PostedBy = ${'y'}`
    expect(explained.indexName).toBe('byPostedBy')
    await expect(bare.all`FROM nothing_here WHERE a = 1`).rejects.toMatchObject({
      code: 'plan.unknown-table',
    })
  })

  test("DynamoDB's own errors pass through with their names", async () => {
    const wrong = createDql({
      client: engine.client,
      tables: [defineTable({ name: 'users', tableName: 'no-such-table', partitionKey: 'userId' })],
    })
    await expect(wrong.first`FROM users WHERE userId = 'u001'`).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    })
  })
}

function assertResult(scenario: Scenario, actual: unknown, expected: unknown): void {
  if (scenario.compare === 'exact') {
    expect(actual).toEqual(expected)
    return
  }
  const list = actual as Record<string, unknown>[]
  const wanted = expected as Record<string, unknown>[]
  expect(list).toHaveLength(wanted.length)
  expect(sortForCompare(list)).toEqual(sortForCompare(wanted))
  if (scenario.orderBy) {
    const values = list.map((item) => item[scenario.orderBy!] as string)
    expect(values).toEqual([...values].sort())
  }
}

function sortForCompare(items: Record<string, unknown>[]): Record<string, unknown>[] {
  // Attribute order differs between engines: sort keys so equal items print equal.
  const canonical = (value: unknown): unknown => {
    if (value instanceof Set) return [...value].sort()
    if (Array.isArray(value)) return value.map(canonical)
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
      )
    }
    return value
  }
  const key = (item: Record<string, unknown>) => JSON.stringify(canonical(item))
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

/**
 * Makes the next `times` BatchGetItem responses hand back a third of their items (at least
 * one) as UnprocessedKeys, as DynamoDB does under throttling.
 */
function unprocessedFault(engine: Engine, times: number) {
  let left = times
  let moved = 0
  const name = `unprocessed-${Math.random()}`
  /** Moves a third of each table's items to UnprocessedKeys, as a throttled engine would. */
  const fault = (output: {
    Responses?: Record<string, Record<string, AttributeValue>[]>
    UnprocessedKeys?: Record<string, { Keys: Record<string, AttributeValue>[] }>
  }) => {
    if (left <= 0) return
    for (const [table, items] of Object.entries(output.Responses ?? {})) {
      if (items.length === 0) continue
      const count = Math.max(1, Math.floor(items.length / 3))
      const taken = items.splice(0, count)
      const keys = taken.map((item) => ({ userId: item.userId! }))
      output.UnprocessedKeys = { ...output.UnprocessedKeys, [table]: { Keys: keys } }
      moved += count
      left--
    }
  }
  engine.client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args)
      if (context.commandName === 'BatchGetItemCommand') fault(result.output as never)
      return result
    },
    { step: 'initialize', name },
  )
  // The same on the lean transport, which runs no middleware (create-dql.ts).
  const lean = (operation: string, output: object) => {
    if (operation === 'BatchGetItem') fault(output as never)
  }
  leanHooks(engine.client).after.add(lean)
  return {
    moved: () => moved,
    remove: () => {
      engine.client.middlewareStack.remove(name)
      leanHooks(engine.client).after.delete(lean)
    },
  }
}
