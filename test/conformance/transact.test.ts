/**
 * db.transact on DynamoDB Local, against hand-written SDK calls: reads by full key give the
 * items TransactGetItems gives, in order, with field names, `undefined` for a missing one; a
 * statement bound from db.prepare takes its parameters.
 */
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  PutItemCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { defineTable, dql, DqlError, type Dql } from '../../src/index.js'
import { createDql } from '../support/create-dql.js'
import { dynamoLocalEngine, type Engine } from '../support/engine.js'

const endpoint = inject('dynamoLocal')

const accounts = defineTable({
  name: 'accounts',
  tableName: 'transact-accounts',
  partitionKey: 'account_id',
  sortKey: 'region',
  fields: { id: 'account_id', balance: 'bal' },
})

/** The same table twice: one written by dql, its twin by hand-written SDK calls. */
const TABLES = ['transact-dql', 'transact-twin']
const ledger = defineTable({
  name: 'ledger',
  tableName: 'transact-dql',
  partitionKey: 'pk',
  sortKey: 'sk',
  fields: { account: 'pk', entry: 'sk' },
})

/** Every item of a table, sorted by key, as JSON text for a whole comparison. */
async function contents(client: DynamoDBClient, table: string): Promise<string[]> {
  const out: string[] = []
  let start: Record<string, AttributeValue> | undefined
  do {
    const page = await client.send(
      new ScanCommand({ TableName: table, ...(start ? { ExclusiveStartKey: start } : {}) }),
    )
    for (const item of page.Items ?? []) {
      const sorted = Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1)))
      out.push(JSON.stringify(sorted))
    }
    start = page.LastEvaluatedKey
  } while (start)
  return out.sort()
}

const S = (value: string) => ({ S: value })
const N = (value: number) => ({ N: String(value) })

describe.skipIf(endpoint === null)('db.transact on DynamoDB Local', () => {
  let engine: Engine
  let db: Dql

  beforeAll(async () => {
    engine = dynamoLocalEngine(endpoint ?? '', 'conformance-transact')
    await engine.client.send(
      new CreateTableCommand({
        TableName: 'transact-accounts',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'account_id', AttributeType: 'S' },
          { AttributeName: 'region', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'account_id', KeyType: 'HASH' },
          { AttributeName: 'region', KeyType: 'RANGE' },
        ],
      }),
    )
    for (const [id, balance] of [
      ['a1', 10],
      ['a2', 20],
    ] as const) {
      await engine.client.send(
        new PutItemCommand({
          TableName: 'transact-accounts',
          Item: { account_id: { S: id }, region: { S: 'eu' }, bal: { N: String(balance) } },
        }),
      )
    }
    for (const TableName of TABLES) {
      await engine.client.send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'N' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
        }),
      )
      for (const sk of [1, 2, 3]) {
        await engine.client.send(
          new PutItemCommand({ TableName, Item: { pk: S('a'), sk: N(sk), amount: N(10 * sk) } }),
        )
      }
    }
    db = createDql({ client: engine.client, tables: [accounts, ledger] })
  })
  afterAll(() => engine.close())

  test('reads: the items of one TransactGetItems, in order, undefined for a missing one', async () => {
    const byId = db.prepare('FROM accounts WHERE id = :id AND region = :region')
    engine.sent.length = 0
    const result = await db.transact([
      dql`SELECT balance FROM accounts WHERE id = ${'a2'} AND region = ${'eu'}`,
      dql`FROM accounts WHERE region = ${'eu'} AND id = ${'missing'}`,
      byId.bind({ id: 'a1', region: 'eu' }),
    ])
    expect(engine.sent).toEqual(['TransactGetItems'])
    const raw = await engine.client.send(
      new TransactGetItemsCommand({
        TransactItems: [
          {
            Get: {
              TableName: 'transact-accounts',
              Key: { account_id: { S: 'a2' }, region: { S: 'eu' } },
              ProjectionExpression: 'bal',
            },
          },
          {
            Get: {
              TableName: 'transact-accounts',
              Key: { account_id: { S: 'missing' }, region: { S: 'eu' } },
            },
          },
          {
            Get: {
              TableName: 'transact-accounts',
              Key: { account_id: { S: 'a1' }, region: { S: 'eu' } },
            },
          },
        ],
      }),
    )
    expect(raw.Responses?.map((r) => r.Item)).toEqual([
      { bal: { N: '20' } },
      undefined,
      { account_id: { S: 'a1' }, region: { S: 'eu' }, bal: { N: '10' } },
    ])
    expect(result).toEqual({
      items: [{ balance: 20 }, undefined, { id: 'a1', region: 'eu', balance: 10 }],
    })
  })

  test('writes: one TransactWriteItems with implied conditions, as the hand-written one', async () => {
    engine.sent.length = 0
    expect(
      await db.transact([
        dql`INSERT INTO ledger VALUE { 'account': ${'a'}, 'entry': ${4}, 'amount': ${40} }`,
        dql`UPDATE ledger SET amount = amount + ${5} WHERE account = ${'a'} AND entry = ${1}`,
        dql`DELETE FROM ledger WHERE account = ${'a'} AND entry = ${2}`,
        dql`CHECK ledger WHERE account = ${'a'} AND entry = ${3} AND amount >= ${10}`,
      ]),
    ).toEqual({ count: 3 })
    expect(engine.sent).toEqual(['TransactWriteItems'])
    const TableName = 'transact-twin'
    const key = (sk: number) => ({ pk: S('a'), sk: N(sk) })
    await engine.client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Put: {
              TableName,
              Item: { ...key(4), amount: N(40) },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName,
              Key: key(1),
              UpdateExpression: 'SET amount = amount + :five',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':five': N(5) },
            },
          },
          { Delete: { TableName, Key: key(2) } },
          {
            ConditionCheck: {
              TableName,
              Key: key(3),
              ConditionExpression: 'amount >= :ten',
              ExpressionAttributeValues: { ':ten': N(10) },
            },
          },
        ],
      }),
    )
    expect(await contents(engine.client, 'transact-dql')).toEqual(
      await contents(engine.client, 'transact-twin'),
    )
  })

  test('a cancelled transaction: reasons per statement, as DynamoDB gives them, nothing written', async () => {
    const before = await contents(engine.client, 'transact-dql')
    const error = await db
      .transact([
        dql`UPDATE ledger SET amount = ${0} WHERE account = ${'a'} AND entry = ${99}`,
        dql`REPLACE INTO ledger VALUE { 'account': ${'a'}, 'entry': ${50}, 'amount': ${1} }`,
        dql`INSERT INTO ledger VALUE { 'account': ${'a'}, 'entry': ${1}, 'amount': ${1} }`,
      ])
      .then(
        () => undefined,
        (caught: unknown) => caught,
      )
    expect(error).toBeInstanceOf(DqlError)
    expect(error).toMatchObject({ code: 'write.transaction-canceled' })
    expect((error as DqlError).reasons?.map(({ index, code }) => ({ index, code }))).toEqual([
      { index: 0, code: 'ConditionalCheckFailed' },
      { index: 1, code: 'None' },
      { index: 2, code: 'ConditionalCheckFailed' },
    ])
    // The UPDATE found no item: no current; the INSERT's item is there, with field names.
    expect((error as DqlError).reasons?.[0]?.current).toBeUndefined()
    expect(await contents(engine.client, 'transact-dql')).toEqual(before)
  })

  test('REPLACE … VALUES: BatchWriteItem 25 at a time, as a hand-written batch', async () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ account: 'r', entry: i, amount: i * 2 }))
    engine.sent.length = 0
    expect(await db.run`REPLACE INTO ledger VALUES ${items}`).toEqual({ count: 60 })
    expect(engine.sent).toEqual(['BatchWriteItem', 'BatchWriteItem', 'BatchWriteItem'])
    for (let i = 0; i < 60; i += 25) {
      await engine.client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            'transact-twin': items.slice(i, i + 25).map((item) => ({
              PutRequest: {
                Item: { pk: S(item.account), sk: N(item.entry), amount: N(item.amount) },
              },
            })),
          },
        }),
      )
    }
    expect(await contents(engine.client, 'transact-dql')).toEqual(
      await contents(engine.client, 'transact-twin'),
    )
  })

  test('DELETE of a key list: BatchWriteItem deletes, count = distinct keys sent', async () => {
    engine.sent.length = 0
    expect(
      await db.run`DELETE FROM ledger WHERE account = ${'r'} AND entry IN (${1}, ${2}, ${2}, ${70})`,
    ).toEqual({ count: 3 })
    expect(engine.sent).toEqual(['BatchWriteItem'])
    await engine.client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          'transact-twin': [1, 2, 70].map((sk) => ({
            DeleteRequest: { Key: { pk: S('r'), sk: N(sk) } },
          })),
        },
      }),
    )
    expect(await contents(engine.client, 'transact-dql')).toEqual(
      await contents(engine.client, 'transact-twin'),
    )
  })

  test('INSERT … VALUES: one transaction; existing keys are write.item-exists with their indexes', async () => {
    engine.sent.length = 0
    expect(
      await db.run`INSERT INTO ledger VALUES { 'account': 'i', 'entry': 1 }, { 'account': 'i', 'entry': 2 }`,
    ).toEqual({ count: 2 })
    expect(engine.sent).toEqual(['TransactWriteItems'])
    const before = await contents(engine.client, 'transact-dql')
    const error = await db.run`INSERT INTO ledger VALUES
        { 'account': 'i', 'entry': 3 }, { 'account': 'i', 'entry': 2 }, { 'account': 'i', 'entry': 1 }`.then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(DqlError)
    expect(error).toMatchObject({ code: 'write.item-exists', indexes: [1, 2] })
    expect(await contents(engine.client, 'transact-dql')).toEqual(before)
  })

  test('a statement with RETURNING, or one of too many items, is refused with nothing sent', async () => {
    engine.sent.length = 0
    await expect(
      db.transact([
        dql`DELETE FROM ledger WHERE account = ${'a'} AND entry = ${1} RETURNING ALL OLD`,
      ]),
    ).rejects.toMatchObject({ code: 'usage.wrong-call' })
    const many = Array.from({ length: 101 }, (_, i) => ({ account: 'm', entry: i }))
    await expect(db.transact([dql`REPLACE INTO ledger VALUES ${many}`])).rejects.toMatchObject({
      code: 'usage.bad-argument',
    })
    expect(engine.sent).toEqual([])
  })
})
