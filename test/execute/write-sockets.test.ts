/**
 * Batch writes through socket faults: a TCP proxy in front of dynalite resets or stalls some
 * connections while a `REPLACE … VALUES` of 300 items or a key-list `DELETE` of 300 keys runs.
 * Afterwards the table, scanned directly (not through the proxy), must hold every item exactly
 * as written, or the call must have failed with `execute.unprocessed-items` whose
 * `error.unprocessed` is exactly the keys the write did not reach, and `error.written` the rest.
 * The proxy's faults come before the request reaches the engine, so a key not confirmed is a
 * key not written.
 */
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  ScanCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb'
import { Agent } from 'node:http'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createDql, defineTable, DqlError, type Dql } from '../../src/index.js'
import { startEmbedded, type EmbeddedDynamo } from '../../src/execute/embedded.js'
import { startProxy, type Proxy, type ProxyMode } from '../support/tcp-proxy.js'

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }
const COUNT = 300

interface Cell {
  id: string
  v: number
}

const cells: Cell[] = Array.from({ length: COUNT }, (_, i) => ({
  id: `c${String(i).padStart(3, '0')}`,
  v: i * 7,
}))

let engine: EmbeddedDynamo
let proxy: Proxy
let tables = 0

beforeAll(async () => {
  engine = await startEmbedded()
  proxy = await startProxy(engine.endpoint)
})

afterAll(async () => {
  await proxy.close()
  await engine.close()
})

/**
 * A new table, and dql on a client that reaches it through the proxy. No keep-alive agent:
 * each request is a connection of its own, so a plan by connection is a plan by request.
 */
async function fresh(requestTimeoutMs?: number): Promise<{ name: string; db: Dql }> {
  const name = `sock-cells-${++tables}`
  await engine.client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  )
  const client = new DynamoDBClient({
    endpoint: proxy.endpoint,
    region: 'local',
    credentials,
    requestHandler: { httpAgent: new Agent({ keepAlive: false }) },
  })
  const table = defineTable({ name: 'cells', tableName: name, partitionKey: 'id' })
  const db = createDql({
    client,
    tables: [table],
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
  })
  return { name, db }
}

/** Every cell stored, scanned on the engine directly, in key order. */
async function stored(name: string): Promise<Cell[]> {
  const out: Cell[] = []
  let start: Record<string, AttributeValue> | undefined
  do {
    const page = await engine.client.send(
      new ScanCommand({ TableName: name, ExclusiveStartKey: start }),
    )
    for (const item of page.Items ?? []) out.push({ id: item.id?.S ?? '', v: Number(item.v?.N) })
    start = page.LastEvaluatedKey
  } while (start !== undefined)
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/** Stores every cell on the engine directly, 25 per request. */
async function storeAll(name: string): Promise<void> {
  for (let start = 0; start < COUNT; start += 25) {
    await engine.client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [name]: cells.slice(start, start + 25).map((cell) => ({
            PutRequest: { Item: { id: { S: cell.id }, v: { N: String(cell.v) } } },
          })),
        },
      }),
    )
  }
}

/** What a write call came to: its result, or the parts of its `execute.unprocessed-items`. */
type Outcome =
  { result: unknown } | { code: string; unprocessed: unknown; written: unknown; cause: unknown }

async function outcome(call: Promise<unknown>): Promise<Outcome> {
  return call.then(
    (result) => ({ result }),
    (error: unknown) => {
      if (!(error instanceof DqlError)) throw error
      const cause = error.cause
      return {
        code: error.code,
        unprocessed: error.unprocessed,
        written: error.written,
        cause:
          cause instanceof DqlError
            ? cause.code
            : cause instanceof Error && 'code' in cause
              ? cause.code
              : cause,
      }
    },
  )
}

/** mulberry32: a small seeded generator, so that a failing plan can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Faults on the listed connections only. */
const only =
  (mode: ProxyMode, ...faulted: number[]) =>
  (connection: number): ProxyMode =>
    faulted.includes(connection) ? mode : 'pass'

/** The first `passed` connections pass, every later one gets `mode`. */
const after =
  (passed: number, mode: ProxyMode) =>
  (connection: number): ProxyMode =>
    connection <= passed ? 'pass' : mode

/** About one connection in three reset, chosen by `seed`. */
const randomResets = (seed: number) => {
  const next = random(seed)
  return (): ProxyMode => (next() < 1 / 3 ? 'reset' : 'pass')
}

const ids = cells.map((cell) => cell.id)
const keys = (list: readonly Cell[]) => list.map((cell) => ({ id: cell.id }))

/**
 * The property every run must have: all written and the full count, or a failure naming
 * exactly the keys the write did not reach (in the order given) and counting the rest.
 */
function expectReplaced(got: Outcome, table: Cell[]): void {
  if ('result' in got) {
    expect({ got, table }).toEqual({ got: { result: { count: COUNT } }, table: cells })
    return
  }
  const have = new Set(table.map((cell) => cell.id))
  expect({ got, table }).toEqual({
    got: {
      code: 'execute.unprocessed-items',
      unprocessed: keys(cells.filter((cell) => !have.has(cell.id))),
      written: table.length,
      cause: got.cause,
    },
    table: cells.filter((cell) => have.has(cell.id)),
  })
}

function expectDeleted(got: Outcome, table: Cell[]): void {
  if ('result' in got) {
    expect({ got, table }).toEqual({ got: { result: { count: COUNT } }, table: [] })
    return
  }
  const left = new Set(table.map((cell) => cell.id))
  expect({ got, table }).toEqual({
    got: {
      code: 'execute.unprocessed-items',
      unprocessed: keys(table),
      written: COUNT - table.length,
      cause: got.cause,
    },
    table: cells.filter((cell) => left.has(cell.id)),
  })
}

const replace = (db: Dql) => db.run`REPLACE INTO cells VALUES ${cells}`
const remove = (db: Dql) => db.run`DELETE FROM cells WHERE id IN ${ids}`

test('REPLACE … VALUES of 300 items, two connections reset mid-batch: the SDK resends, every item stored', async () => {
  const { name, db } = await fresh()
  await proxy.setPlan(only('reset', 3, 8))
  const before = proxy.connections()
  const got = await outcome(replace(db))
  const table = await stored(name)
  expect({ got, table }).toEqual({ got: { result: { count: COUNT } }, table: cells })
  // 12 requests of 25, and the 2 reset ones again.
  expect(proxy.connections() - before).toBe(14)
})

test('REPLACE … VALUES of 300 items, every connection after the 4th reset: the keys not stored are error.unprocessed', async () => {
  const { name, db } = await fresh()
  await proxy.setPlan(after(4, 'reset'))
  const got = await outcome(replace(db))
  const table = await stored(name)
  expectReplaced(got, table)
  // Four requests of 25 passed; the four in flight next failed, and no chunk was started after.
  expect({ stored: table.length, cause: 'cause' in got && got.cause }).toEqual({
    stored: 100,
    cause: 'ECONNRESET',
  })
})

test.each([1, 2, 3])(
  'REPLACE … VALUES of 300 items, a third of connections reset (seed %i): all stored, or error.unprocessed exactly the rest',
  async (seed) => {
    const { name, db } = await fresh()
    await proxy.setPlan(randomResets(seed))
    expectReplaced(await outcome(replace(db)), await stored(name))
  },
)

test('DELETE of 300 keys, two connections reset mid-batch: the SDK resends, every item deleted', async () => {
  const { name, db } = await fresh()
  await storeAll(name)
  await proxy.setPlan(only('reset', 3, 8))
  const before = proxy.connections()
  const got = await outcome(remove(db))
  expect({ got, table: await stored(name) }).toEqual({
    got: { result: { count: COUNT } },
    table: [],
  })
  expect(proxy.connections() - before).toBe(14)
})

test('DELETE of 300 keys, every connection after the 4th reset: the keys still stored are error.unprocessed', async () => {
  const { name, db } = await fresh()
  await storeAll(name)
  await proxy.setPlan(after(4, 'reset'))
  const got = await outcome(remove(db))
  const table = await stored(name)
  expectDeleted(got, table)
  expect({ left: table.length, cause: 'cause' in got && got.cause }).toEqual({
    left: 200,
    cause: 'ECONNRESET',
  })
})

test.each([1, 2, 3])(
  'DELETE of 300 keys, a third of connections reset (seed %i): all deleted, or error.unprocessed exactly the keys left',
  async (seed) => {
    const { name, db } = await fresh()
    await storeAll(name)
    await proxy.setPlan(randomResets(seed))
    expectDeleted(await outcome(remove(db)), await stored(name))
  },
)

test("stalls after the 4th connection, dql's 200 ms deadline: REPLACE and DELETE fail with exactly the keys not reached", async () => {
  const { name, db } = await fresh(200)
  await proxy.setPlan(after(4, 'stall'))
  const replaced = await outcome(replace(db))
  const afterReplace = await stored(name)
  expectReplaced(replaced, afterReplace)

  await storeAll(name)
  await proxy.setPlan(after(4, 'stall'))
  const deleted = await outcome(remove(db))
  const afterDelete = await stored(name)
  expectDeleted(deleted, afterDelete)

  expect({
    replaced: { stored: afterReplace.length, cause: 'cause' in replaced && replaced.cause },
    deleted: { left: afterDelete.length, cause: 'cause' in deleted && deleted.cause },
  }).toEqual({
    replaced: { stored: 100, cause: 'execute.timeout' },
    deleted: { left: 200, cause: 'execute.timeout' },
  })
  await proxy.setMode('pass')
})
