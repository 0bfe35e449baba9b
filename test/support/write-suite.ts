/**
 * The twin-table write suite: each write statement runs through dql on one table, and the same
 * change is made on a twin table by hand-written SDK calls (they share no code with dql).
 * After each step both tables are scanned and must hold the same items; dql's result
 * (`count`, `item`, `current`) is asserted whole. test/execute/writes.test.ts runs it on
 * dynalite, test/conformance/writes.test.ts on DynamoDB Local.
 *
 * dynalite does not send the stored item back with a failed condition
 * (ReturnValuesOnConditionCheckFailure), so `current` is expected only where the engine does.
 */
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import { beforeAll, describe, expect, test } from 'vitest'
import { defineTable, DqlError, type Dql, type WriteResult } from '../../src/index.js'
import { createDql } from './create-dql.js'
import type { Engine } from './engine.js'

type Item = Record<string, AttributeValue>

/** The dql table and its twin: same keys, different physical names. */
const DQL_TABLE = 'w-accounts-dql'
const RAW_TABLE = 'w-accounts-raw'

const accounts = defineTable({
  name: 'accounts',
  tableName: DQL_TABLE,
  partitionKey: 'account_id',
  sortKey: 'entry',
  fields: { accountId: 'account_id', owner: 'owner_name' },
})

async function createTwin(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'account_id', AttributeType: 'S' },
        { AttributeName: 'entry', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'account_id', KeyType: 'HASH' },
        { AttributeName: 'entry', KeyType: 'RANGE' },
      ],
    }),
  )
}

/** Every item of a table, in key order, as raw AttributeValues. */
async function scanAll(client: DynamoDBClient, table: string): Promise<Item[]> {
  const items: Item[] = []
  let start: Item | undefined
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }))
    items.push(...(page.Items ?? []))
    start = page.LastEvaluatedKey
  } while (start !== undefined)
  const id = (item: Item) => `${item.account_id?.S}\u0000${item.entry?.N?.padStart(20, '0')}`
  return items.sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0))
}

/** Normalises what an engine sends back: sets in sorted order, numbers as canonical text. */
function normal(value: unknown): unknown {
  if (value instanceof Uint8Array) return [...value]
  if (Array.isArray(value)) return value.map(normal)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(value)) {
    if ((key === 'SS' || key === 'NS') && Array.isArray(inner)) out[key] = [...inner].sort()
    else if (key === 'N' && typeof inner === 'string') out[key] = String(Number(inner))
    else out[key] = normal(inner)
  }
  return out
}

/** Raw SDK: runs a write and says whether its condition held. */
async function held(send: () => Promise<unknown>): Promise<boolean> {
  try {
    await send()
    return true
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false
    throw error
  }
}

export interface WriteSuiteOptions {
  /** The engine, started once for the file. */
  engine: () => Engine
  /** Whether the engine sends the stored item back with a failed condition. */
  returnsCurrent: boolean
}

export function registerWriteSuite(options: WriteSuiteOptions): void {
  let client: DynamoDBClient
  let db: Dql

  beforeAll(async () => {
    client = options.engine().client
    await createTwin(client, DQL_TABLE)
    await createTwin(client, RAW_TABLE)
    db = createDql({ client, tables: [accounts], numbers: 'string' })
  }, 60_000)

  /** The result expected of a failed condition: `current` only where the engine sends it. */
  const failed = (current: Record<string, unknown> | undefined): WriteResult =>
    options.returnsCurrent && current !== undefined ? { count: 0, current } : { count: 0 }

  /** Runs one step: dql's write, the raw twin, then both tables must be equal. */
  async function step(
    dqlWrite: () => Promise<WriteResult>,
    raw: (table: string) => Promise<unknown>,
    expected: WriteResult,
  ): Promise<void> {
    const result = await dqlWrite()
    await raw(RAW_TABLE)
    expect(result).toEqual(expected)
    const [mine, theirs] = await Promise.all([
      scanAll(client, DQL_TABLE),
      scanAll(client, RAW_TABLE),
    ])
    expect(normal(mine)).toEqual(normal(theirs))
  }

  describe('writes on twin tables: dql and hand-written SDK calls leave the same items', () => {
    test('INSERT a new item, by field names, with every value type', async () => {
      const tags = new Set(['blue', 'green'])
      const scores = new Set([1, 2.5])
      const blobs = new Set([new Uint8Array([1]), new Uint8Array([2, 3])])
      await step(
        () =>
          db.run`INSERT INTO accounts VALUE ${{
            accountId: 'a1',
            entry: 1,
            owner: 'Ann',
            balance: 100,
            big: 12345678901234567890n,
            active: true,
            gone: null,
            raw: new Uint8Array([7, 8]),
            tags,
            scores,
            blobs,
            meta: { nested: { list: [1, 'two', { three: 3 }] } },
          }}`,
        (table) =>
          client.send(
            new PutItemCommand({
              TableName: table,
              Item: {
                account_id: { S: 'a1' },
                entry: { N: '1' },
                owner_name: { S: 'Ann' },
                balance: { N: '100' },
                big: { N: '12345678901234567890' },
                active: { BOOL: true },
                gone: { NULL: true },
                raw: { B: new Uint8Array([7, 8]) },
                tags: { SS: ['blue', 'green'] },
                scores: { NS: ['1', '2.5'] },
                blobs: { BS: [new Uint8Array([1]), new Uint8Array([2, 3])] },
                meta: {
                  M: {
                    nested: {
                      M: { list: { L: [{ N: '1' }, { S: 'two' }, { M: { three: { N: '3' } } }] } },
                    },
                  },
                },
              },
            }),
          ),
        { count: 1 },
      )
    })

    test('INSERT of a written item, by attribute names, with a number literal kept exact', async () => {
      await step(
        () =>
          db.run`INSERT INTO accounts VALUE { 'account_id': 'a2', 'entry': 1, 'owner_name': 'Bo', 'rate': 0.10000000000000000001, 'version': 1 }`,
        (table) =>
          client.send(
            new PutItemCommand({
              TableName: table,
              Item: {
                account_id: { S: 'a2' },
                entry: { N: '1' },
                owner_name: { S: 'Bo' },
                rate: { N: '0.10000000000000000001' },
                version: { N: '1' },
              },
            }),
          ),
        { count: 1 },
      )
    })

    test('INSERT of an existing key is write.item-exists and changes nothing', async () => {
      const error = await db.run`INSERT INTO accounts VALUE ${{ accountId: 'a2', entry: 1 }}`.catch(
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(DqlError)
      expect(error).toMatchObject({ code: 'write.item-exists', indexes: [0] })
      expect(normal(await scanAll(client, DQL_TABLE))).toEqual(
        normal(await scanAll(client, RAW_TABLE)),
      )
    })

    test('REPLACE writes over an item whole', async () => {
      await step(
        () =>
          db.run`REPLACE INTO accounts VALUE ${{ accountId: 'a1', entry: 1, owner: 'Ann', balance: 5 }}`,
        (table) =>
          client.send(
            new PutItemCommand({
              TableName: table,
              Item: {
                account_id: { S: 'a1' },
                entry: { N: '1' },
                owner_name: { S: 'Ann' },
                balance: { N: '5' },
              },
            }),
          ),
        { count: 1 },
      )
    })

    test('REPLACE … WHERE that holds, and one that does not (count 0, current)', async () => {
      const item = { accountId: 'a1', entry: 1, owner: 'Ann', balance: 6 }
      await step(
        () => db.run`REPLACE INTO accounts VALUE ${item} WHERE balance = ${5}`,
        (table) =>
          held(() =>
            client.send(
              new PutItemCommand({
                TableName: table,
                Item: {
                  account_id: { S: 'a1' },
                  entry: { N: '1' },
                  owner_name: { S: 'Ann' },
                  balance: { N: '6' },
                },
                ConditionExpression: 'balance = :b',
                ExpressionAttributeValues: { ':b': { N: '5' } },
              }),
            ),
          ),
        { count: 1 },
      )
      await step(
        () => db.run`REPLACE INTO accounts VALUE ${{ ...item, balance: 7 }} WHERE balance = ${5}`,
        async () => undefined,
        failed({ accountId: 'a1', entry: '1', owner: 'Ann', balance: '6' }),
      )
      // On a key with no item, a comparison is false: nothing is written, and no current.
      await step(
        () =>
          db.run`REPLACE INTO accounts VALUE ${{ accountId: 'zz', entry: 9 }} WHERE balance = ${5}`,
        async () => undefined,
        { count: 0 },
      )
    })

    test('UPDATE by attribute names in any order: SET, arithmetic, if_not_exists, list_append, REMOVE, ADD, DELETE', async () => {
      await step(
        () => db.run`UPDATE accounts
          SET balance = balance + ${10}, visits = if_not_exists(visits, 0) + 1,
              history = list_append(if_not_exists(history, []), [${'open'}]),
              meta = { 'note': 'n', 'list': [1, 2] }
          REMOVE gone ADD tags ${new Set(['red'])}, counter 2 DELETE scores ${new Set([1])}
          WHERE entry = 1 AND account_id = 'a1'`,
        (table) =>
          client.send(
            new UpdateItemCommand({
              TableName: table,
              Key: { account_id: { S: 'a1' }, entry: { N: '1' } },
              UpdateExpression:
                'SET balance = balance + :ten, visits = if_not_exists(visits, :zero) + :one, ' +
                'history = list_append(if_not_exists(history, :empty), :open), meta = :meta ' +
                'REMOVE gone ADD tags :red, #c :two DELETE scores :s1',
              ExpressionAttributeNames: { '#c': 'counter' },
              ExpressionAttributeValues: {
                ':ten': { N: '10' },
                ':zero': { N: '0' },
                ':one': { N: '1' },
                ':empty': { L: [] },
                ':open': { L: [{ S: 'open' }] },
                ':meta': { M: { note: { S: 'n' }, list: { L: [{ N: '1' }, { N: '2' }] } } },
                ':red': { SS: ['red'] },
                ':two': { N: '2' },
                ':s1': { NS: ['1'] },
              },
              ConditionExpression: 'attribute_exists(account_id)',
            }),
          ),
        { count: 1 },
      )
    })

    test('UPDATE of nested paths and list indexes, n -1 as subtraction', async () => {
      await step(
        () =>
          db.run`UPDATE accounts SET meta.note = 'm', meta.list[1] = meta.list[0] -1, counter = counter - ${1} REMOVE history[0] WHERE accountId = 'a1' AND entry = 1`,
        (table) =>
          client.send(
            new UpdateItemCommand({
              TableName: table,
              Key: { account_id: { S: 'a1' }, entry: { N: '1' } },
              UpdateExpression:
                'SET meta.note = :m, meta.#l[1] = meta.#l[0] - :one, #c = #c - :one REMOVE history[0]',
              ExpressionAttributeNames: { '#c': 'counter', '#l': 'list' },
              ExpressionAttributeValues: { ':m': { S: 'm' }, ':one': { N: '1' } },
              ConditionExpression: 'attribute_exists(account_id)',
            }),
          ),
        { count: 1 },
      )
    })

    test('UPDATE … RETURNING ALL NEW maps the image to field names; keys by field name', async () => {
      await step(
        () =>
          db.run`UPDATE accounts SET owner = ${'Ann B'}, balance = balance - 1 WHERE accountId = ${'a1'} AND entry = ${1} RETURNING ALL NEW`,
        (table) =>
          client.send(
            new UpdateItemCommand({
              TableName: table,
              Key: { account_id: { S: 'a1' }, entry: { N: '1' } },
              UpdateExpression: 'SET owner_name = :o, balance = balance - :one',
              ConditionExpression: 'attribute_exists(account_id)',
              ExpressionAttributeValues: { ':o': { S: 'Ann B' }, ':one': { N: '1' } },
            }),
          ),
        {
          count: 1,
          item: {
            accountId: 'a1',
            entry: '1',
            owner: 'Ann B',
            balance: '15',
            counter: '1',
            history: [],
            meta: { list: ['1', '0'], note: 'm' },
            tags: new Set(['red']),
            visits: '1',
          },
        },
      )
    })

    test('UPDATE RETURNING UPDATED OLD, UPDATED NEW and ALL OLD', async () => {
      const key = (table: string) => ({
        TableName: table,
        Key: { account_id: { S: 'a2' }, entry: { N: '1' } },
        ConditionExpression: 'attribute_exists(account_id)',
      })
      await step(
        () =>
          db.run`UPDATE accounts SET version = version + 1 WHERE accountId = 'a2' AND entry = 1 RETURNING UPDATED OLD`,
        (table) =>
          client.send(
            new UpdateItemCommand({
              ...key(table),
              UpdateExpression: 'SET version = version + :one',
              ExpressionAttributeValues: { ':one': { N: '1' } },
            }),
          ),
        { count: 1, item: { version: '1' } },
      )
      await step(
        () =>
          db.run`UPDATE accounts SET owner = 'Bea' WHERE accountId = 'a2' AND entry = 1 RETURNING UPDATED NEW`,
        (table) =>
          client.send(
            new UpdateItemCommand({
              ...key(table),
              UpdateExpression: 'SET owner_name = :o',
              ExpressionAttributeValues: { ':o': { S: 'Bea' } },
            }),
          ),
        { count: 1, item: { owner: 'Bea' } },
      )
      await step(
        () =>
          db.run`UPDATE accounts REMOVE rate WHERE accountId = 'a2' AND entry = 1 RETURNING ALL OLD`,
        (table) =>
          client.send(new UpdateItemCommand({ ...key(table), UpdateExpression: 'REMOVE rate' })),
        {
          count: 1,
          item: {
            accountId: 'a2',
            entry: '1',
            owner: 'Bea',
            rate: '0.10000000000000000001',
            version: '2',
          },
        },
      )
    })

    test('optimistic locking: AND version = v — another writer won (current), the item is gone (no current)', async () => {
      await step(
        () =>
          db.run`UPDATE accounts SET owner = 'Cy', version = version + 1 WHERE accountId = 'a2' AND entry = 1 AND version = ${1}`,
        async () => undefined,
        failed({ accountId: 'a2', entry: '1', owner: 'Bea', version: '2' }),
      )
      await step(
        () =>
          db.run`UPDATE accounts SET owner = 'Cy', version = version + 1 WHERE accountId = 'a2' AND entry = 1 AND version = ${2}`,
        (table) =>
          client.send(
            new UpdateItemCommand({
              TableName: table,
              Key: { account_id: { S: 'a2' }, entry: { N: '1' } },
              UpdateExpression: 'SET owner_name = :o, version = version + :one',
              ConditionExpression: 'attribute_exists(account_id) AND version = :v',
              ExpressionAttributeValues: {
                ':o': { S: 'Cy' },
                ':one': { N: '1' },
                ':v': { N: '2' },
              },
            }),
          ),
        { count: 1 },
      )
      await step(
        () =>
          db.run`UPDATE accounts SET owner = 'Cy' WHERE accountId = 'nobody' AND entry = 1 AND version = ${3}`,
        async () => undefined,
        { count: 0 },
      )
    })

    test('UPDATE of a missing item is count 0 and creates nothing; UPSERT creates it', async () => {
      await step(
        () => db.run`UPDATE accounts SET owner = 'Di' WHERE accountId = 'a3' AND entry = 1`,
        async () => undefined,
        { count: 0 },
      )
      await step(
        () =>
          db.run`UPSERT accounts SET owner = 'Di', visits = if_not_exists(visits, 0) + 1 WHERE accountId = 'a3' AND entry = 1 RETURNING ALL NEW`,
        (table) =>
          client.send(
            new UpdateItemCommand({
              TableName: table,
              Key: { account_id: { S: 'a3' }, entry: { N: '1' } },
              UpdateExpression: 'SET owner_name = :o, visits = if_not_exists(visits, :zero) + :one',
              ExpressionAttributeValues: {
                ':o': { S: 'Di' },
                ':zero': { N: '0' },
                ':one': { N: '1' },
              },
            }),
          ),
        { count: 1, item: { accountId: 'a3', entry: '1', owner: 'Di', visits: '1' } },
      )
    })

    test('UPSERT with a condition that fails is count 0', async () => {
      await step(
        () =>
          db.run`UPSERT accounts SET visits = visits + 1 WHERE accountId = 'a3' AND entry = 1 AND visits > 5`,
        async () => undefined,
        failed({ accountId: 'a3', entry: '1', owner: 'Di', visits: '1' }),
      )
    })

    test('db.prepare(text).run(params) with written maps holding parameters', async () => {
      const statement = db.prepare(
        "UPSERT accounts SET profile = { 'name': :name, 'langs': [:first, 'en'] } WHERE accountId = :id AND entry = 1",
      )
      await step(
        () => statement.run({ name: 'Di', first: 'fr', id: 'a3' }),
        (table) =>
          client.send(
            new UpdateItemCommand({
              TableName: table,
              Key: { account_id: { S: 'a3' }, entry: { N: '1' } },
              UpdateExpression: 'SET profile = :p',
              ExpressionAttributeValues: {
                ':p': { M: { name: { S: 'Di' }, langs: { L: [{ S: 'fr' }, { S: 'en' }] } } },
              },
            }),
          ),
        { count: 1 },
      )
    })

    test('DELETE with a failed condition, then DELETE … RETURNING ALL OLD, then a missing key', async () => {
      await step(
        () => db.run`DELETE FROM accounts WHERE accountId = 'a3' AND entry = 1 AND visits = 9`,
        async () => undefined,
        failed({
          accountId: 'a3',
          entry: '1',
          owner: 'Di',
          visits: '1',
          profile: { name: 'Di', langs: ['fr', 'en'] },
        }),
      )
      await step(
        () => db.run`DELETE FROM accounts WHERE entry = 1 AND account_id = 'a3' RETURNING ALL OLD`,
        (table) =>
          client.send(
            new DeleteItemCommand({
              TableName: table,
              Key: { account_id: { S: 'a3' }, entry: { N: '1' } },
            }),
          ),
        {
          count: 1,
          item: {
            accountId: 'a3',
            entry: '1',
            owner: 'Di',
            visits: '1',
            profile: { name: 'Di', langs: ['fr', 'en'] },
          },
        },
      )
      await step(
        () => db.run`DELETE FROM accounts WHERE accountId = 'a3' AND entry = 1`,
        async () => undefined,
        { count: 0 },
      )
      await step(
        () => db.run`DELETE FROM accounts WHERE accountId = 'a2' AND entry = 1`,
        (table) =>
          client.send(
            new DeleteItemCommand({
              TableName: table,
              Key: { account_id: { S: 'a2' }, entry: { N: '1' } },
            }),
          ),
        { count: 1 },
      )
    })
  })
}
