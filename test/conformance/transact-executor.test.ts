/**
 * The transaction executors on DynamoDB Local, given plain SDK inputs: TransactWriteItems with
 * a ClientRequestToken of dql's own, kept when the SDK sends the request again, so that a
 * transaction whose answer was lost is applied once; a cancelled transaction as
 * `write.transaction-canceled` with one reason per statement; TransactGetItems in order.
 */
import {
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { defineTable, DqlError } from '../../src/index.js'
import { localClient } from '../../src/execute/embedded.js'
import { transactGet, transactWrite, type TransactContext } from '../../src/execute/transact.js'
import { intercepted as intercept, type Decide } from '../support/intercept.js'

const endpoint = inject('dynamoLocal')
const REGION = 'conformance-transact-executor'

const accounts = defineTable({
  name: 'accounts',
  tableName: 'tx-accounts',
  partitionKey: 'account_id',
  fields: { id: 'account_id', balance: 'bal' },
})

const item = (id: string, balance: number) => ({
  account_id: { S: id },
  bal: { N: String(balance) },
})

describe.skipIf(endpoint === null)('transactions on DynamoDB Local', () => {
  const raw = localClient(endpoint ?? '', REGION)

  beforeAll(async () => {
    await raw.send(
      new CreateTableCommand({
        TableName: 'tx-accounts',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'account_id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'account_id', KeyType: 'HASH' }],
      }),
    )
  })
  afterAll(() => raw.destroy())

  function context(decide: Decide = () => undefined) {
    const intercepted = intercept(endpoint ?? '', REGION, decide)
    const run: TransactContext = {
      transport: intercepted.transport,
      numbers: 'number',
      retry: { attempts: 10, baseDelayMs: 1, maxDelayMs: 4 },
      requestTimeoutMs: 20_000,
    }
    return { ...intercepted, context: run }
  }

  async function balance(id: string): Promise<string | undefined> {
    const out = await raw.send(
      new GetItemCommand({ TableName: 'tx-accounts', Key: { account_id: { S: id } } }),
    )
    return out.Item?.bal?.N
  }

  const add = (id: string, amount: number): TransactWriteItem => ({
    Update: {
      TableName: 'tx-accounts',
      Key: { account_id: { S: id } },
      UpdateExpression: 'ADD #b :a',
      ExpressionAttributeNames: { '#b': 'bal' },
      ExpressionAttributeValues: { ':a': { N: String(amount) } },
    },
  })

  test('writes all statements, counts those that wrote, and sends a token of its own', async () => {
    await raw.send(new PutItemCommand({ TableName: 'tx-accounts', Item: item('a1', 10) }))
    await raw.send(new PutItemCommand({ TableName: 'tx-accounts', Item: item('a2', 5) }))
    const { destroy, context: run, reached } = context()
    const items: TransactWriteItem[] = [
      add('a1', -3),
      { Put: { TableName: 'tx-accounts', Item: item('a3', 3) } },
      {
        ConditionCheck: {
          TableName: 'tx-accounts',
          Key: { account_id: { S: 'a2' } },
          ConditionExpression: 'attribute_exists(account_id)',
        },
      },
    ]
    try {
      expect(
        await transactWrite(run, { TransactItems: items }, [accounts, accounts, accounts]),
      ).toBe(2)
      expect(reached).toHaveLength(1)
      const { ClientRequestToken, ...rest } = reached[0]!.input
      expect(ClientRequestToken).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      )
      expect(rest).toEqual({ TransactItems: items })
      expect([await balance('a1'), await balance('a2'), await balance('a3')]).toEqual([
        '7',
        '5',
        '3',
      ])
    } finally {
      destroy()
    }
  })

  test('each call has a token of its own', async () => {
    const { destroy, context: run, reached } = context()
    try {
      await transactWrite(run, { TransactItems: [add('t1', 1)] }, [accounts])
      await transactWrite(run, { TransactItems: [add('t1', 1)] }, [accounts])
      expect(await balance('t1')).toBe('2')
      expect(reached[0]?.input.ClientRequestToken).not.toBe(reached[1]?.input.ClientRequestToken)
    } finally {
      destroy()
    }
  })

  test('a transaction whose answer is lost is sent again with its token, and applied once', async () => {
    // The first request reaches DynamoDB Local and is applied; its answer is lost to a
    // connection reset; the SDK sends the same request again, with the same token.
    const {
      destroy,
      context: run,
      reached,
      injected,
    } = context((op, n) => (op === 'TransactWriteItems' && n === 1 ? 'reset-after' : undefined))
    try {
      expect(
        await transactWrite(run, { TransactItems: [add('once', 1), add('once-b', 100)] }, [
          accounts,
          accounts,
        ]),
      ).toBe(2)
      expect(injected.count).toBe(1)
      expect(reached).toHaveLength(2)
      expect(reached[1]?.input).toEqual(reached[0]?.input)
      expect([await balance('once'), await balance('once-b')]).toEqual(['1', '100'])
    } finally {
      destroy()
    }
  })

  test("a transaction sent again after dql's deadline keeps its token, and is applied once", async () => {
    // The first request is applied, and its answer never comes; dql's deadline (100 ms here)
    // sends the command again. The SDK would give each send a token of its own: only dql's
    // token, set once per call, makes the second one a repeat that DynamoDB does not apply.
    const {
      destroy,
      context: run,
      reached,
    } = context((op, n) => (op === 'TransactWriteItems' && n === 1 ? 'stall-after' : undefined))
    try {
      const short = { ...run, requestTimeoutMs: 100 }
      expect(await transactWrite(short, { TransactItems: [add('deadline', 1)] }, [accounts])).toBe(
        1,
      )
      expect(reached).toHaveLength(2)
      expect(reached[1]?.input).toEqual(reached[0]?.input)
      expect(await balance('deadline')).toBe('1')
    } finally {
      destroy()
    }
  })

  test('a cancelled transaction: one reason per statement, in order, nothing written', async () => {
    await raw.send(new PutItemCommand({ TableName: 'tx-accounts', Item: item('c1', 50) }))
    const { destroy, context: run } = context()
    const items: TransactWriteItem[] = [
      add('c2', 1),
      {
        Put: {
          TableName: 'tx-accounts',
          Item: item('c1', 0),
          ConditionExpression: 'attribute_not_exists(account_id)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      {
        ConditionCheck: {
          TableName: 'tx-accounts',
          Key: { account_id: { S: 'c3' } },
          ConditionExpression: 'attribute_exists(account_id)',
        },
      },
    ]
    try {
      const error = await transactWrite(run, { TransactItems: items }, [
        accounts,
        accounts,
        accounts,
      ]).then(
        () => undefined,
        (caught: unknown) => caught,
      )
      expect(error).toBeInstanceOf(DqlError)
      expect(error).toMatchObject({
        code: 'write.transaction-canceled',
        message:
          'DynamoDB cancelled the transaction (TransactWriteItems), so none of its statements took effect: ' +
          'statement 1: ConditionalCheckFailed (The conditional request failed); ' +
          'statement 2: ConditionalCheckFailed (The conditional request failed). ' +
          'error.reasons gives the reason of each statement, by index.',
      })
      expect((error as DqlError).reasons).toEqual([
        { index: 0, code: 'None' },
        {
          index: 1,
          code: 'ConditionalCheckFailed',
          message: 'The conditional request failed',
          current: { id: 'c1', balance: 50 },
        },
        // DynamoDB Local words the two messages differently.
        { index: 2, code: 'ConditionalCheckFailed', message: 'The conditional request failed.' },
      ])
      expect([await balance('c1'), await balance('c2')]).toEqual(['50', undefined])
    } finally {
      destroy()
    }
  })

  test('TransactGetItems: items in order, with field names, undefined for a missing one', async () => {
    await raw.send(new PutItemCommand({ TableName: 'tx-accounts', Item: item('g1', 1) }))
    await raw.send(new PutItemCommand({ TableName: 'tx-accounts', Item: item('g3', 3) }))
    const { destroy, context: run } = context()
    const get = (id: string) => ({
      Get: { TableName: 'tx-accounts', Key: { account_id: { S: id } } },
    })
    try {
      expect(
        await transactGet(run, { TransactItems: [get('g3'), get('g2'), get('g1')] }, [
          accounts,
          accounts,
          accounts,
        ]),
      ).toEqual([{ id: 'g3', balance: 3 }, undefined, { id: 'g1', balance: 1 }])
    } finally {
      destroy()
    }
  })
})
