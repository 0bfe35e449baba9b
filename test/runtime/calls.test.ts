import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import {
  defineTable,
  dql,
  DqlError,
  type Dql,
  type DqlEvent,
  type ExecuteResult,
} from '../../src/index.js'
import { createDql, leanHooks } from '../support/create-dql.js'
import { failure } from '../parse/helpers.js'
import { dynaliteEngine, type Engine } from '../support/engine.js'

const notes = defineTable({
  name: 'notes',
  tableName: 'runtime-notes',
  partitionKey: 'owner',
  sortKey: 'note_id',
  fields: { noteId: 'note_id' },
})

/** What the table holds: three notes of ann, one of bob. */
const rows = [
  { owner: 'ann', note_id: 'n1', words: 3 },
  { owner: 'ann', note_id: 'n2', words: 5 },
  { owner: 'ann', note_id: 'n3', words: 8 },
  { owner: 'bob', note_id: 'n1', words: 1 },
]

let engine: Engine
let db: Dql

beforeAll(async () => {
  engine = await dynaliteEngine()
  await engine.client.send(
    new CreateTableCommand({
      TableName: 'runtime-notes',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'owner', AttributeType: 'S' },
        { AttributeName: 'note_id', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'owner', KeyType: 'HASH' },
        { AttributeName: 'note_id', KeyType: 'RANGE' },
      ],
    }),
  )
  for (const row of rows) {
    await engine.client.send(
      new PutItemCommand({
        TableName: 'runtime-notes',
        Item: {
          owner: { S: row.owner },
          note_id: { S: row.note_id },
          words: { N: String(row.words) },
        },
      }),
    )
  }
  db = createDql({ client: engine.client, tables: [notes] })
})

afterAll(() => engine.close())

beforeEach(() => {
  engine.sent.length = 0
})

/** The failure of a promise: code, line, column and the sentence. */
async function rejection(promise: Promise<unknown>) {
  const error: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  if (!(error instanceof DqlError)) throw new Error(`expected a DqlError, got ${String(error)}`)
  return { code: error.code, line: error.line, column: error.column, reason: error.reason }
}

/** Every item of an async iterable. */
async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

describe('a call refuses a statement it cannot run as its type says, before sending', () => {
  const explainText = "EXPLAIN FROM notes WHERE owner = 'ann'"
  const countText = "SELECT COUNT(*) FROM notes WHERE owner = 'ann'"
  const explainStatement = dql`EXPLAIN FROM notes WHERE owner = ${'ann'}`
  const countStatement = dql`SELECT COUNT(*) FROM notes WHERE owner = ${'ann'}`
  const wrongExplain = (what: string) => ({
    code: 'usage.wrong-call',
    line: 1,
    column: 1,
    reason: `An EXPLAIN statement gives a plan, not ${what}: pass it to db.explain (or db.execute), or drop EXPLAIN.`,
  })
  const wrongCount = (call: string) => ({
    code: 'usage.wrong-call',
    line: 1,
    column: 8,
    reason: `SELECT COUNT(*) gives a number, not items: call db.count (or db.execute) for it, or select attributes with ${call}.`,
  })

  test('EXPLAIN given to first, all, iterate, page or count', async () => {
    expect(await rejection(db.first(explainStatement))).toEqual(wrongExplain('items'))
    expect(await rejection(db.all(explainStatement))).toEqual(wrongExplain('items'))
    expect(await rejection(collect(db.iterate(explainStatement)))).toEqual(wrongExplain('items'))
    expect(await rejection(db.page(explainStatement))).toEqual(wrongExplain('items'))
    expect(await rejection(db.count(explainStatement))).toEqual(wrongExplain('a count'))
    expect(await rejection(db.prepare(explainText).all())).toEqual(wrongExplain('items'))
    expect(engine.sent).toEqual([])
  })

  test('COUNT(*) given to first, all, iterate or page; db.count takes it', async () => {
    expect(await rejection(db.first(countStatement))).toEqual(wrongCount('first'))
    expect(await rejection(db.all(countStatement))).toEqual(wrongCount('all'))
    expect(await rejection(collect(db.iterate(countStatement)))).toEqual(wrongCount('iterate'))
    expect(await rejection(db.page(countStatement))).toEqual(wrongCount('page'))
    expect(await rejection(db.prepare(countText).first())).toEqual(wrongCount('first'))
    expect(engine.sent).toEqual([])
    expect(await db.count(countStatement)).toBe(3)
    expect(await db.prepare(countText).count()).toBe(3)
    expect(engine.sent).toEqual(['Query', 'Query'])
  })
})

describe('db.execute runs any read as it says, and says what it gave', () => {
  test('items, a count, or a plan', async () => {
    expect(
      await db.execute`SELECT noteId, words FROM notes WHERE owner = ${'ann'} LIMIT 2`,
    ).toEqual({
      kind: 'items',
      items: [
        { noteId: 'n1', words: 3 },
        { noteId: 'n2', words: 5 },
      ],
    } satisfies ExecuteResult)
    expect(await db.execute`SELECT COUNT(*) FROM notes WHERE owner = ${'bob'}`).toEqual({
      kind: 'count',
      count: 1,
    } satisfies ExecuteResult)
    expect(engine.sent).toEqual(['Query', 'Query'])
    engine.sent.length = 0
    expect(
      await db.prepare('EXPLAIN FROM notes WHERE owner = :o AND noteId = :n').execute({
        o: 'ann',
        n: 'n2',
      }),
    ).toEqual({
      kind: 'explain',
      explanation: {
        operation: 'GetItem',
        tableName: 'runtime-notes',
        input: {
          TableName: 'runtime-notes',
          Key: { owner: { S: 'ann' }, note_id: { S: 'n2' } },
        },
        requests: 1,
        reason:
          'The WHERE clause gives the full primary key of notes (owner, note_id) and nothing ' +
          'else, so one GetItem reads the item.',
      },
    } satisfies ExecuteResult)
    expect(engine.sent).toEqual([])
  })
})

describe('LIMIT is at most n matching items, whichever call reads', () => {
  test('first asks DynamoDB for one item when nothing is filtered', async () => {
    const inputs: unknown[] = []
    const client = engine.client
    const probe = createDql({ client, tables: [notes] })
    client.middlewareStack.add(
      (next) => async (args) => {
        inputs.push(structuredClone(args.input))
        return next(args)
      },
      { step: 'initialize', name: 'limitProbe' },
    )
    // The same on the lean transport, which runs no middleware (create-dql.ts).
    const probeLean = (_: string, input: object) => inputs.push(structuredClone(input))
    leanHooks(client).before.add(probeLean)
    try {
      expect(await probe.first`SELECT noteId FROM notes WHERE owner = ${'ann'}`).toEqual({
        noteId: 'n1',
      })
      expect(inputs).toEqual([
        {
          TableName: 'runtime-notes',
          KeyConditionExpression: '#n0 = :v0',
          ProjectionExpression: '#n1',
          ExpressionAttributeNames: { '#n0': 'owner', '#n1': 'note_id' },
          ExpressionAttributeValues: { ':v0': { S: 'ann' } },
          Limit: 1,
        },
      ])
    } finally {
      client.middlewareStack.remove('limitProbe')
      leanHooks(client).before.delete(probeLean)
    }
  })

  test('pages of a LIMIT 2 read stop at 2 items, whatever the page size', async () => {
    const statement = dql`SELECT noteId FROM notes WHERE owner = ${'ann'} AND words > ${0} LIMIT 2`
    const pages: unknown[][] = []
    let cursor: string | undefined
    do {
      const page = await db.page(statement, { cursor })
      pages.push(page.items)
      cursor = page.cursor
    } while (cursor !== undefined)
    expect(pages.flat()).toEqual([{ noteId: 'n1' }, { noteId: 'n2' }])
    expect(await db.all(statement)).toEqual([{ noteId: 'n1' }, { noteId: 'n2' }])
    expect(await collect(db.iterate(statement))).toEqual([{ noteId: 'n1' }, { noteId: 'n2' }])
    expect(await db.count(statement)).toBe(2)
  })
})

describe('tables', () => {
  test('a table no one defined is read with DescribeTable before its first statement is planned', async () => {
    const bare = createDql({ client: engine.client })
    expect(
      await bare.first`FROM \`runtime-notes\` WHERE owner = ${'bob'} AND note_id = ${'n1'}`,
    ).toEqual({
      owner: 'bob',
      note_id: 'n1',
      words: 1,
    })
    expect(engine.sent).toEqual(['DescribeTable', 'GetItem'])
    expect(bare.tables.map((table) => table.tableName)).toEqual(['runtime-notes'])
  })

  test('a name DynamoDB does not have either is plan.unknown-table, after one DescribeTable', async () => {
    const text = 'FROM `runtime-note` WHERE owner = ${…}'
    expect(await rejection(db.first`FROM \`runtime-note\` WHERE owner = ${'ann'}`)).toEqual({
      code: 'plan.unknown-table',
      line: 1,
      column: text.indexOf('`') + 1,
      reason: 'Unknown table runtime-note; the known tables are notes. Did you mean runtime-notes?',
    })
    expect(engine.sent).toEqual(['DescribeTable'])
  })

  test('loadTables of a name DynamoDB does not have is schema.table-not-found', async () => {
    const bare = createDql({ client: engine.client })
    expect(await rejection(bare.loadTables(['runtime-nothing']))).toEqual({
      code: 'schema.table-not-found',
      line: undefined,
      column: undefined,
      reason:
        "DynamoDB has no table named runtime-nothing (DescribeTable found none with this client's account and region).",
    })
  })
})

describe('the log option hears each parse and each plan a cache could not serve', () => {
  test('one parse and one plan per statement, then none', async () => {
    const events: DqlEvent[] = []
    const logged = createDql({
      client: engine.client,
      tables: [notes],
      log: (event) => events.push(event),
    })
    const text = 'SELECT words FROM notes WHERE owner = :o AND noteId = :n -- log test'
    for (const n of ['n1', 'n2']) await logged.prepare(text).first({ o: 'ann', n })
    await logged.prepare(text).count({ o: 'ann', n: 'n3' })
    expect(events).toEqual([
      { kind: 'parse', text },
      { kind: 'plan', text },
      { kind: 'plan', text },
    ])
  })

  test('a log that is not a function is refused', () => {
    const { code, error } = failure(() =>
      createDql({ client: engine.client, log: 'verbose' as unknown as () => void }),
    )
    expect({ code, reason: error.reason }).toEqual({
      code: 'usage.bad-argument',
      reason: 'log is a function: (event) => void.',
    })
  })
})
