/**
 * No request waits forever: socket faults injected by a real TCP proxy in front of dynalite —
 * an endpoint that accepts and never answers, an answer cut off mid-body, a reset — on a
 * client of the user's own (dql's per-request deadline) and on one made by createClient (its
 * handler's timeouts).
 */
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { createClient, createDql, defineTable, dql, DqlError, type Dql } from '../../src/index.js'
import { startEmbedded, type EmbeddedDynamo } from '../../src/execute/embedded.js'
import { startProxy, type Proxy } from '../support/tcp-proxy.js'

const notes = defineTable({ name: 'notes', tableName: 'timeout-notes', partitionKey: 'id' })
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }

let engine: EmbeddedDynamo
let proxy: Proxy

beforeAll(async () => {
  engine = await startEmbedded()
  await engine.client.send(
    new CreateTableCommand({
      TableName: 'timeout-notes',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  )
  await engine.client.send(
    new PutItemCommand({
      TableName: 'timeout-notes',
      Item: { id: { S: 'n1' }, text: { S: 'hello' } },
    }),
  )
  proxy = await startProxy(engine.endpoint)
})

afterAll(async () => {
  await proxy.close()
  await engine.close()
})

beforeEach(() => proxy.setMode('pass'))

/** The rejection of a call that must fail. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`)
    },
    (error: unknown) => error,
  )
}

/** The connections the proxy accepts while `fn` runs. */
async function connectionsDuring(fn: () => Promise<void>): Promise<number> {
  const before = proxy.connections()
  await fn()
  return proxy.connections() - before
}

describe("a client of the user's own: dql's deadline per request", () => {
  let db: Dql
  beforeAll(() => {
    // No keep-alive agent: each attempt is a new connection the proxy counts.
    const client = new DynamoDBClient({ endpoint: proxy.endpoint, region: 'local', credentials })
    db = createDql({ client, tables: [notes], requestTimeoutMs: 250 })
  })
  const lookup = () => db.first`FROM notes WHERE id = ${'n1'}`

  test('through a healthy connection the item comes back', async () => {
    expect(await lookup()).toEqual({ id: 'n1', text: 'hello' })
  })

  for (const mode of ['stall', 'truncate'] as const) {
    test(`${mode}: three attempts, then execute.timeout`, async () => {
      await proxy.setMode(mode)
      let error: unknown
      const connections = await connectionsDuring(async () => {
        error = await rejection(lookup())
      })
      expect(error).toBeInstanceOf(DqlError)
      expect(error instanceof DqlError && { code: error.code, reason: error.reason }).toEqual({
        code: 'execute.timeout',
        reason:
          'DynamoDB did not answer GetItem within 250 ms, 3 times; nothing was returned. Check ' +
          'the endpoint and the network, or allow longer with createDql({ requestTimeoutMs }).',
      })
      expect(connections).toBe(3)
    })
  }

  test("the call's signal cuts the wait short: the call's abort, no retry", async () => {
    await proxy.setMode('stall')
    const controller = new AbortController()
    let error: unknown
    const connections = await connectionsDuring(async () => {
      const call = db.first(dqlLookup(), { signal: controller.signal })
      await proxy.nextConnection()
      controller.abort()
      error = await rejection(call)
    })
    expect(error instanceof Error && error.name).toBe('AbortError')
    expect(connections).toBe(1)
  })

  test('reading tables from DynamoDB is bounded too: ListTables and DescribeTable', async () => {
    await proxy.setMode('stall')
    const client = new DynamoDBClient({ endpoint: proxy.endpoint, region: 'local', credentials })
    const bare = createDql({ client, requestTimeoutMs: 250 })
    const reason = (operation: string) =>
      `DynamoDB did not answer ${operation} within 250 ms, 3 times; nothing was returned. ` +
      'Check the endpoint and the network, or allow longer with createDql({ requestTimeoutMs }).'
    const listed = await rejection(bare.loadTables())
    expect(listed instanceof DqlError && [listed.code, listed.reason]).toEqual([
      'execute.timeout',
      reason('ListTables'),
    ])
    const described = await rejection(bare.first`FROM \`timeout-notes\` WHERE id = ${'n1'}`)
    expect(described instanceof DqlError && [described.code, described.reason]).toEqual([
      'execute.timeout',
      reason('DescribeTable'),
    ])
  })

  test('a reset connection is retried by the SDK, then fails with its error', async () => {
    await proxy.setMode('reset')
    let error: unknown
    const connections = await connectionsDuring(async () => {
      error = await rejection(lookup())
    })
    expect(error).not.toBeInstanceOf(DqlError)
    expect(error instanceof Error && 'code' in error && error.code).toBe('ECONNRESET')
    // The SDK's own retries: more than one connection, and the call ended.
    expect(connections).toBeGreaterThanOrEqual(3)
  })
})

describe('a client made by createClient: its handler bounds each request', () => {
  let db: Dql
  beforeAll(() => {
    const client = createClient({
      endpoint: proxy.endpoint,
      region: 'local',
      credentials,
      requestHandler: { requestTimeout: 250 },
    })
    db = createDql({ client, tables: [notes] })
  })

  test('through a healthy connection the item comes back', async () => {
    expect(await db.first`FROM notes WHERE id = ${'n1'}`).toEqual({ id: 'n1', text: 'hello' })
  })

  test('stall: the SDK retries its TimeoutError, then fails with it', async () => {
    await proxy.setMode('stall')
    let error: unknown
    const connections = await connectionsDuring(async () => {
      error = await rejection(db.first`FROM notes WHERE id = ${'n1'}`)
    })
    expect(error instanceof Error && error.name).toBe('TimeoutError')
    expect(error instanceof Error && error.message).toContain('250 ms requestTimeout')
    // The SDK's three attempts (a keep-alive agent may open one connection more).
    expect(connections).toBeGreaterThanOrEqual(3)
  })

  // The SDK's requestTimeout ends when the answer's headers come; the rest of the answer is
  // bounded by the socket's idle timeout (socketTimeout), which createClient sets too.
  test('truncate: an answer cut off after its headers times out too, retried, then TimeoutError', async () => {
    await proxy.setMode('truncate')
    let error: unknown
    const connections = await connectionsDuring(async () => {
      error = await rejection(db.first`FROM notes WHERE id = ${'n1'}`)
    })
    expect(error instanceof Error && error.name).toBe('TimeoutError')
    expect(error instanceof Error && error.message).toContain('250 ms of inactivity')
    expect(Reflect.get(error as Error, '$metadata')).toMatchObject({ attempts: 4 })
    expect(connections).toBeGreaterThanOrEqual(4)
  })
})

// createClient leaves the HTTP agents to the SDK, whose handler already keeps connections
// alive (keepAlive, 50 sockets per host) and closes them on destroy().
test('createClient: calls share one kept-alive connection, and destroy() closes it', async () => {
  await proxy.setMode('pass')
  const client = createClient({ endpoint: proxy.endpoint, region: 'local', credentials })
  const db = createDql({ client, tables: [notes] })
  const connections = await connectionsDuring(async () => {
    expect(await db.first`FROM notes WHERE id = ${'n1'}`).toEqual({ id: 'n1', text: 'hello' })
    expect(await db.first`FROM notes WHERE id = ${'n1'}`).toEqual({ id: 'n1', text: 'hello' })
  })
  expect(connections).toBe(1)
  client.destroy()
  // Resolves only once the client's socket has closed.
  await expect(proxy.clientsClosed()).resolves.toBeUndefined()
}, 10_000)

describe('requestTimeoutMs is checked', () => {
  test.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 300_001, '100'])('%s', (value) => {
    const make = () =>
      createDql({
        client: engine.client,
        requestTimeoutMs: value as unknown as number,
      })
    expect(make).toThrow(DqlError)
    expect(make).toThrow(
      `requestTimeoutMs is a whole number of milliseconds from 1 to 300000 (default 20000), not ${typeof value === 'string' ? JSON.stringify(value) : String(value)}.`,
    )
  })
})

function dqlLookup() {
  return dql`FROM notes WHERE id = ${'n1'}`
}
