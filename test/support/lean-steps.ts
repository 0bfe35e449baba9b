/**
 * The lean transport's differential, its data: two tables (one with a binary sort key), an item
 * with every attribute type, and the steps — every operation of the Transport interface,
 * answers and errors — that test/support/lean-differential.ts sends both ways.
 */
import {
  CreateTableCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import type { Operation } from '../../src/execute/transport.js'

export type Step = readonly [Operation, Record<string, unknown>]

const bytes = (...values: number[]) => new Uint8Array(values)

/** An item with every attribute type, binary and sets included, nested, unicode, big numbers. */
export function everyType(pk: string, sk: number): Record<string, AttributeValue> {
  return {
    pk: { S: pk },
    sk: { N: String(sk) },
    s: { S: 'héllo wörld — 日本語 🦆' },
    empty: { S: '' },
    n: { N: '12345678901234567890123456789012345678' },
    small: { N: '-0.000000000000000000000000000000000001' },
    b: { B: bytes(0, 1, 2, 253, 254, 255) },
    emptyish: { B: bytes(7) },
    bool: { BOOL: true },
    nul: { NULL: true },
    ss: { SS: ['a', 'é', '🦆'] },
    ns: { NS: ['1', '2.5', '-3'] },
    bs: { BS: [bytes(1), bytes(2, 3), Buffer.from('buffer in, Uint8Array out')] },
    l: { L: [{ S: 'x' }, { N: '1' }, { B: bytes(9, 9) }, { L: [] }, { M: {} }] },
    m: {
      M: {
        B: { M: { B: { B: bytes(42) }, BS: { S: 'named BS' } } },
        deep: { M: { list: { L: [{ BS: [bytes(5)] }, { NULL: true }] } } },
      },
    },
  }
}

export async function createTables(client: DynamoDBClient, prefix: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: `${prefix}-items`,
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
  await client.send(
    new CreateTableCommand({
      TableName: `${prefix}-bin`,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'bin', AttributeType: 'B' },
      ],
      KeySchema: [
        { AttributeName: 'id', KeyType: 'HASH' },
        { AttributeName: 'bin', KeyType: 'RANGE' },
      ],
    }),
  )
}

/** The steps: every operation of the interface, answers and errors. */
export function steps(prefix: string, transactions: boolean): Step[] {
  const items = `${prefix}-items`
  const bin = `${prefix}-bin`
  const key = (pk: string, sk: number) => ({ pk: { S: pk }, sk: { N: String(sk) } })
  const all: Step[] = [
    ['PutItem', { TableName: items, Item: everyType('p1', 1) }],
    ['PutItem', { TableName: items, Item: everyType('p1', 1), ReturnValues: 'ALL_OLD' }],
    ['PutItem', { TableName: items, Item: everyType('p1', 2), ReturnConsumedCapacity: 'TOTAL' }],
    ['PutItem', { TableName: items, Item: { ...key('p1', 3), s: { S: 'three' } } }],
    ['GetItem', { TableName: items, Key: key('p1', 1) }],
    ['GetItem', { TableName: items, Key: key('p1', 99) }],
    [
      'GetItem',
      {
        TableName: items,
        Key: key('p1', 2),
        ProjectionExpression: '#b, bs, m.#B',
        ExpressionAttributeNames: { '#b': 'b', '#B': 'B' },
        ConsistentRead: true,
      },
    ],
    [
      'Query',
      {
        TableName: items,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'p1' } },
        ScanIndexForward: false,
        Limit: 2,
      },
    ],
    [
      'Query',
      {
        TableName: items,
        KeyConditionExpression: 'pk = :pk AND sk > :sk',
        ExpressionAttributeValues: { ':pk': { S: 'p1' }, ':sk': { N: '1' } },
        Select: 'COUNT',
      },
    ],
    [
      'PutItem',
      { TableName: bin, Item: { id: { S: 'x' }, bin: { B: bytes(1, 2) }, v: { N: '1' } } },
    ],
    ['PutItem', { TableName: bin, Item: { id: { S: 'x' }, bin: { B: bytes(3) }, v: { N: '2' } } }],
    [
      'Query',
      {
        TableName: bin,
        KeyConditionExpression: 'id = :id AND bin >= :b',
        ExpressionAttributeValues: { ':id': { S: 'x' }, ':b': { B: Buffer.from([1, 2]) } },
        Limit: 1,
      },
    ],
    ['Scan', { TableName: items, Limit: 2 }],
    ['Scan', { TableName: bin }],
    [
      'BatchGetItem',
      {
        RequestItems: {
          [items]: { Keys: [key('p1', 1), key('p1', 3), key('p1', 77)] },
          [bin]: { Keys: [{ id: { S: 'x' }, bin: { B: bytes(3) } }] },
        },
      },
    ],
    [
      'UpdateItem',
      {
        TableName: items,
        Key: key('p1', 3),
        UpdateExpression: 'SET #m = :m, #c = if_not_exists(#c, :zero) + :one ADD tags :tags',
        ExpressionAttributeNames: { '#m': 'm', '#c': 'counter' },
        ExpressionAttributeValues: {
          ':m': { M: { inner: { B: bytes(8) }, list: { L: [{ N: '1e10' }] } } },
          ':zero': { N: '0' },
          ':one': { N: '1' },
          ':tags': { SS: ['t1', 't2'] },
        },
        ReturnValues: 'ALL_NEW',
      },
    ],
    [
      'UpdateItem',
      {
        TableName: items,
        Key: key('p1', 3),
        UpdateExpression: 'REMOVE tags',
        ReturnValues: 'UPDATED_OLD',
      },
    ],
    ['DeleteItem', { TableName: items, Key: key('p1', 2), ReturnValues: 'ALL_OLD' }],
    ['DeleteItem', { TableName: items, Key: key('p1', 2) }],
    [
      'BatchWriteItem',
      {
        RequestItems: {
          [items]: [
            { PutRequest: { Item: everyType('p2', 1) } },
            { PutRequest: { Item: everyType('p2', 2) } },
            { DeleteRequest: { Key: key('p1', 3) } },
          ],
          [bin]: [{ DeleteRequest: { Key: { id: { S: 'x' }, bin: { B: bytes(1, 2) } } } }],
        },
      },
    ],
    [
      'Query',
      {
        TableName: items,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'p2' } },
      },
    ],
    ['DescribeTable', { TableName: items }],
    ['DescribeTable', { TableName: bin }],
    ['ListTables', {}],
    ['ListTables', { Limit: 1 }],
    // errors
    ['GetItem', { TableName: `${prefix}-missing`, Key: key('p1', 1) }],
    ['GetItem', { TableName: items, Key: { pk: { S: 'p1' } } }],
    ['Query', { TableName: items, KeyConditionExpression: 'nope' }],
    [
      'PutItem',
      {
        TableName: items,
        Item: everyType('p2', 1),
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    ],
    [
      'UpdateItem',
      {
        TableName: items,
        Key: key('p2', 2),
        UpdateExpression: 'SET s = :s',
        ConditionExpression: 's = :other',
        ExpressionAttributeValues: { ':s': { S: 'new' }, ':other': { S: 'other' } },
      },
    ],
  ]
  const transact: Step[] = [
    [
      'TransactWriteItems',
      {
        ClientRequestToken: `${prefix}-token-1`,
        TransactItems: [
          { Put: { TableName: items, Item: everyType('p3', 1) } },
          {
            Update: {
              TableName: items,
              Key: key('p2', 1),
              UpdateExpression: 'SET s = :s',
              ExpressionAttributeValues: { ':s': { S: 'updated in a transaction' } },
            },
          },
        ],
      },
    ],
    [
      'TransactGetItems',
      {
        TransactItems: [
          { Get: { TableName: items, Key: key('p3', 1) } },
          { Get: { TableName: items, Key: key('p3', 42) } },
          { Get: { TableName: items, Key: key('p2', 1), ProjectionExpression: 's, b' } },
        ],
      },
    ],
    [
      'TransactWriteItems',
      {
        TransactItems: [
          {
            Put: {
              TableName: items,
              Item: everyType('p2', 2),
              ConditionExpression: 'attribute_not_exists(pk)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          { Delete: { TableName: items, Key: key('p3', 1) } },
        ],
      },
    ],
  ]
  return transactions ? [...all, ...transact] : [...all, ...transact.slice(0, 2)]
}
