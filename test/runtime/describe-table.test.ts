import {
  CreateTableCommand,
  DeleteTableCommand,
  PutItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { DqlError } from '../../src/index.js'
import { createDql, leanHooks } from '../support/create-dql.js'
import { parseText } from '../../src/parse/parse-text.js'
import { resolveTable } from '../../src/plan/resolve-table.js'
import { DEFAULT_RETRY } from '../../src/execute/send.js'
import { SdkTransport } from '../../src/execute/sdk-transport.js'
import { TableRegistry, UNKNOWN_TABLE_MS } from '../../src/runtime/table-registry.js'
import { dynaliteEngine, type Engine } from '../support/engine.js'

let engine: Engine

async function createTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  )
}

beforeAll(async () => {
  engine = await dynaliteEngine()
  await createTable(engine.client, 'storm-notes')
  await engine.client.send(
    new PutItemCommand({ TableName: 'storm-notes', Item: { id: { S: 'a' }, words: { N: '3' } } }),
  )
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

const unknownTable = (name: string, column: number) => ({
  code: 'plan.unknown-table',
  line: 1,
  column,
  reason: `Unknown table ${name}; no tables are known: pass them to createDql({ tables }) or call db.loadTables().`,
})

describe('one DescribeTable per table name', () => {
  test('200 concurrent first reads of a table no one defined share one DescribeTable', async () => {
    const db = createDql({ client: engine.client })
    const reads = Array.from(
      { length: 200 },
      () => db.first`FROM \`storm-notes\` WHERE id = ${'a'}`,
    )
    expect(await Promise.all(reads)).toEqual(Array(200).fill({ id: 'a', words: 3 }))
    expect(engine.sent).toEqual(['DescribeTable', ...Array(200).fill('GetItem')])
  })

  test('1,000 reads of a table DynamoDB does not have send one DescribeTable', async () => {
    const db = createDql({ client: engine.client })
    const failures = []
    for (let i = 0; i < 1000; i++) {
      failures.push(await rejection(db.first`FROM \`storm-nothing\` WHERE id = ${'a'}`))
    }
    expect(failures).toEqual(Array(1000).fill(unknownTable('storm-nothing', 6)))
    expect(engine.sent).toEqual(['DescribeTable'])
  })

  test('concurrent first reads of a missing table share one DescribeTable too', async () => {
    const db = createDql({ client: engine.client })
    const failures = await Promise.all(
      Array.from({ length: 200 }, () =>
        rejection(db.prepare('FROM `storm-missing` WHERE id = :id').first({ id: 'a' })),
      ),
    )
    expect(failures).toEqual(Array(200).fill(unknownTable('storm-missing', 6)))
    expect(engine.sent).toEqual(['DescribeTable'])
  })

  test('a name no DynamoDB table can have is unknown without any DescribeTable', async () => {
    const db = createDql({ client: engine.client })
    for (const name of ['ab', 'no such table', 'x'.repeat(256)]) {
      expect(await rejection(db.prepare(`FROM \`${name}\` WHERE id = 'a'`).first())).toEqual(
        unknownTable(name, 6),
      )
    }
    expect(engine.sent).toEqual([])
  })

  test('a DescribeTable that fails is not remembered as a miss, and its callers share the failure', async () => {
    let failing = true
    const client = engine.client
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (failing && context.commandName === 'DescribeTableCommand') {
          throw Object.assign(new Error('socket hang up'), { name: 'ECONNRESET' })
        }
        return next(args)
      },
      { step: 'initialize', name: 'describeFails' },
    )
    // The same on the lean transport, which runs no middleware (create-dql.ts).
    const leanFails = (operation: string) => {
      if (failing && operation === 'DescribeTable') {
        throw Object.assign(new Error('socket hang up'), { name: 'ECONNRESET' })
      }
    }
    leanHooks(client).before.add(leanFails)
    try {
      const db = createDql({ client })
      const read = () => db.first`FROM \`storm-notes\` WHERE id = ${'a'}`
      const settled = await Promise.allSettled(Array.from({ length: 50 }, read))
      expect(settled.map((result) => result.status === 'rejected' && result.reason.name)).toEqual(
        Array(50).fill('ECONNRESET'),
      )
      expect(engine.sent).toEqual(['DescribeTable'])
      failing = false
      expect(await read()).toEqual({ id: 'a', words: 3 })
      expect(engine.sent).toEqual(['DescribeTable', 'DescribeTable', 'GetItem'])
    } finally {
      client.middlewareStack.remove('describeFails')
      leanHooks(client).before.delete(leanFails)
    }
  })
})

describe('a miss is remembered for UNKNOWN_TABLE_MS', () => {
  test('after that time one more DescribeTable is sent, and a table created since is found', async () => {
    expect(UNKNOWN_TABLE_MS).toBe(30_000)
    let now = 1_000
    const registry = new TableRegistry(
      { transport: new SdkTransport(engine.client), retry: DEFAULT_RETRY },
      [],
      () => now,
    )
    const parsed = parseText('FROM `storm-later` WHERE id = :id', null)
    const attempt = async () => {
      await registry.ensure(parsed.ast.table)
      try {
        return resolveTable(parsed, registry, undefined).tableName
      } catch (error) {
        if (error instanceof DqlError) return error.code
        throw error
      }
    }
    expect(await attempt()).toBe('plan.unknown-table')
    now += UNKNOWN_TABLE_MS - 1
    expect(await attempt()).toBe('plan.unknown-table')
    expect(engine.sent).toEqual(['DescribeTable'])
    await createTable(engine.client, 'storm-later')
    expect(await attempt()).toBe('plan.unknown-table')
    now += 1
    engine.sent.length = 0
    expect(await attempt()).toBe('storm-later')
    expect(await attempt()).toBe('storm-later')
    expect(engine.sent).toEqual(['DescribeTable'])
    await engine.client.send(new DeleteTableCommand({ TableName: 'storm-later' }))
  })

  test('db.loadTables asks DynamoDB even for a name it remembers as missing', async () => {
    const db = createDql({ client: engine.client })
    expect(await rejection(db.first`FROM \`storm-soon\` WHERE id = ${'a'}`)).toEqual(
      unknownTable('storm-soon', 6),
    )
    await createTable(engine.client, 'storm-soon')
    expect((await db.loadTables(['storm-soon'])).map((table) => table.tableName)).toEqual([
      'storm-soon',
    ])
    expect(await db.first`FROM \`storm-soon\` WHERE id = ${'a'}`).toBeUndefined()
    expect(engine.sent).toEqual(['DescribeTable', 'CreateTable', 'DescribeTable', 'GetItem'])
  })
})
