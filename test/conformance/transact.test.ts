/**
 * db.transact on DynamoDB Local, against hand-written SDK calls: reads by full key give the
 * items TransactGetItems gives, in order, with field names, `undefined` for a missing one; a
 * statement bound from db.prepare takes its parameters.
 */
import {
  CreateTableCommand,
  PutItemCommand,
  TransactGetItemsCommand,
} from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { createDql, defineTable, dql, type Dql } from '../../src/index.js'
import { dynamoLocalEngine, type Engine } from '../support/engine.js'

const endpoint = inject('dynamoLocal')

const accounts = defineTable({
  name: 'accounts',
  tableName: 'transact-accounts',
  partitionKey: 'account_id',
  sortKey: 'region',
  fields: { id: 'account_id', balance: 'bal' },
})

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
    db = createDql({ client: engine.client, tables: [accounts] })
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
})
