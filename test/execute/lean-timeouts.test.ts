/**
 * No request waits forever on the lean transport either: `createDql({ transport: 'lean' })`
 * hands the handle's requestTimeoutMs to the transport it builds, which bounds each attempt
 * itself (so dql sets no deadline of its own) and retries as DynamoDB's SDK does. Socket faults
 * from a real TCP proxy in front of dynalite: an endpoint that accepts and never answers, an
 * answer cut off mid-body, a reset.
 */
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { createDql, defineTable, dql, DqlError, type Dql } from '../../src/index.js'
import { startEmbedded, type EmbeddedDynamo } from '../../src/execute/embedded.js'
import { startProxy, type Proxy } from '../support/tcp-proxy.js'

const notes = defineTable({ name: 'notes', tableName: 'lean-timeout-notes', partitionKey: 'id' })
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }

let engine: EmbeddedDynamo
let proxy: Proxy

beforeAll(async () => {
  engine = await startEmbedded()
  await engine.client.send(
    new CreateTableCommand({
      TableName: 'lean-timeout-notes',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  )
  await engine.client.send(
    new PutItemCommand({
      TableName: 'lean-timeout-notes',
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

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`)
    },
    (error: unknown) => error,
  )
}

async function connectionsDuring(fn: () => Promise<void>): Promise<number> {
  const before = proxy.connections()
  await fn()
  return proxy.connections() - before
}

const lean = (requestTimeoutMs?: number) =>
  createDql({
    transport: 'lean',
    endpoint: proxy.endpoint,
    region: 'local',
    credentials,
    tables: [notes],
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
  })

describe("the lean transport bounds each request with the handle's requestTimeoutMs", () => {
  let db: Dql
  beforeAll(() => {
    db = lean(250)
  })
  const lookup = () => db.first`FROM notes WHERE id = ${'n1'}`

  test('through a healthy connection the item comes back, and calls share one connection', async () => {
    const connections = await connectionsDuring(async () => {
      expect(await lookup()).toEqual({ id: 'n1', text: 'hello' })
      expect(await lookup()).toEqual({ id: 'n1', text: 'hello' })
    })
    expect(connections).toBeLessThanOrEqual(1)
  })

  for (const mode of ['stall', 'truncate'] as const) {
    test(`${mode}: four attempts, then the transport's TimeoutError`, async () => {
      await proxy.setMode(mode)
      let error: unknown
      const connections = await connectionsDuring(async () => {
        error = await rejection(lookup())
      })
      expect(error).not.toBeInstanceOf(DqlError)
      expect(error instanceof Error && error.name).toBe('TimeoutError')
      expect(connections).toBe(4)
    })
  }

  test("the call's signal cuts the wait short: the call's abort, no retry", async () => {
    await proxy.setMode('stall')
    const controller = new AbortController()
    let error: unknown
    const connections = await connectionsDuring(async () => {
      const call = db.first(dql`FROM notes WHERE id = ${'n1'}`, { signal: controller.signal })
      await proxy.nextConnection()
      controller.abort()
      error = await rejection(call)
    })
    expect(error instanceof Error && error.name).toBe('AbortError')
    expect(connections).toBe(1)
  })

  test('reading tables from DynamoDB is bounded too: ListTables and DescribeTable', async () => {
    await proxy.setMode('stall')
    const bare = createDql({
      transport: 'lean',
      endpoint: proxy.endpoint,
      region: 'local',
      credentials,
      requestTimeoutMs: 250,
    })
    const listed = await rejection(bare.loadTables())
    expect(listed instanceof Error && listed.name).toBe('TimeoutError')
    const described = await rejection(bare.first`FROM \`lean-timeout-notes\` WHERE id = ${'n1'}`)
    expect(described instanceof Error && described.name).toBe('TimeoutError')
  })

  test('a reset connection is retried by the transport, then fails with its error', async () => {
    await proxy.setMode('reset')
    let error: unknown
    const connections = await connectionsDuring(async () => {
      error = await rejection(lookup())
    })
    expect(error).not.toBeInstanceOf(DqlError)
    expect(error instanceof Error && 'code' in error && error.code).toBe('ECONNRESET')
    expect(connections).toBe(4)
  })
})
