/**
 * BETWEEN bounds on DynamoDB Local, which orders strings by their UTF-8 bytes as DynamoDB does
 * (dynalite orders them in UTF-16, so it cannot judge): every pair dql sends is one DynamoDB
 * takes, with the items it should return, and every pair dql refuses is one DynamoDB rejects
 * when sent anyway.
 */
import {
  CreateTableCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
  type ScalarAttributeType,
} from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { DqlError, type Dql } from '../../src/index.js'
import { createDql } from '../support/create-dql.js'
import { dynamoLocalEngine, type Engine } from '../support/engine.js'

const endpoint = inject('dynamoLocal')

const bytes = (...values: number[]) => new Uint8Array(values)

/** One table per key type, its sort key `k` and a copy of it in `v` for filters. */
const tables: Record<string, { type: ScalarAttributeType; keys: AttributeValue[] }> = {
  words: {
    type: 'S',
    keys: ['!', '?', 'a', '\uE000', '\uFF01', '\uFFFD', '😀', '\u{10FFFF}'].map((S) => ({ S })),
  },
  amounts: {
    type: 'N',
    keys: [
      '-0.10000000000000000002',
      '-0.10000000000000000001',
      '0.1',
      '0.10000000000000000001',
      '0.10000000000000000002',
      '0.10000000000000000003',
      '9007199254740991',
      '9007199254740992',
      '9007199254740993',
      '9007199254740994',
    ].map((N) => ({ N })),
  },
  blobs: {
    type: 'B',
    keys: [bytes(0x00), bytes(0x7f), bytes(0x80), bytes(0xff)].map((B) => ({ B })),
  },
}

interface Pair {
  readonly name: string
  readonly table: string
  readonly low: AttributeValue
  readonly high: AttributeValue
  /** The same bounds through dql: a literal statement, or holes. */
  readonly run: (db: Dql) => Promise<unknown[]>
}

/** Pairs in DynamoDB's order, with the sort keys each returns. */
const accepted: (Pair & { readonly keys: unknown[] })[] = [
  {
    name: 'U+FF01 up to 😀 (reversed in UTF-16), literals',
    table: 'words',
    low: { S: '\uFF01' },
    high: { S: '😀' },
    run: (db) => db.all`SELECT k FROM words WHERE p = 'p' AND k BETWEEN '\uFF01' AND '😀'`,
    keys: ['\uFF01', '\uFFFD', '😀'],
  },
  {
    name: 'U+E000 up to U+10FFFF, holes',
    table: 'words',
    low: { S: '\uE000' },
    high: { S: '\u{10FFFF}' },
    run: (db) =>
      db.all`SELECT k FROM words WHERE p = 'p' AND k BETWEEN ${'\uE000'} AND ${'\u{10FFFF}'}`,
    keys: ['\uE000', '\uFF01', '\uFFFD', '😀', '\u{10FFFF}'],
  },
  {
    name: 'an unpaired surrogate up to `?`, as DynamoDB encodes it',
    table: 'words',
    low: { S: '\uD800' },
    high: { S: '?' },
    run: (db) => db.all`SELECT k FROM words WHERE p = 'p' AND k BETWEEN ${'\uD800'} AND ${'?'}`,
    keys: ['?'],
  },
  {
    name: '2^53 up to 2^53 + 1, literals',
    table: 'amounts',
    low: { N: '9007199254740992' },
    high: { N: '9007199254740993' },
    run: (db) =>
      db.all`SELECT k FROM amounts WHERE p = 'p' AND k BETWEEN 9007199254740992 AND 9007199254740993`,
    keys: ['9007199254740992', '9007199254740993'],
  },
  {
    name: '2^53 up to 2^53 + 1, bigint holes',
    table: 'amounts',
    low: { N: '9007199254740992' },
    high: { N: '9007199254740993' },
    run: (db) =>
      db.all`SELECT k FROM amounts WHERE p = 'p' AND k BETWEEN ${9007199254740992n} AND ${9007199254740993n}`,
    keys: ['9007199254740992', '9007199254740993'],
  },
  {
    name: 'apart in the 20th digit',
    table: 'amounts',
    low: { N: '0.10000000000000000001' },
    high: { N: '0.10000000000000000002' },
    run: (db) =>
      db.all`SELECT k FROM amounts WHERE p = 'p' AND k BETWEEN 0.10000000000000000001 AND 0.10000000000000000002`,
    keys: ['0.10000000000000000001', '0.10000000000000000002'],
  },
  {
    name: 'negative, apart in the 20th digit',
    table: 'amounts',
    low: { N: '-0.10000000000000000002' },
    high: { N: '-0.10000000000000000001' },
    run: (db) =>
      db.all`SELECT k FROM amounts WHERE p = 'p' AND k BETWEEN -0.10000000000000000002 AND -0.10000000000000000001`,
    keys: ['-0.10000000000000000002', '-0.10000000000000000001'],
  },
  {
    name: 'bytes 0x7f up to 0x80 (unsigned)',
    table: 'blobs',
    low: { B: bytes(0x7f) },
    high: { B: bytes(0x80) },
    run: (db) =>
      db.all`SELECT k FROM blobs WHERE p = 'p' AND k BETWEEN ${bytes(0x7f)} AND ${bytes(0x80)}`,
    keys: [bytes(0x7f), bytes(0x80)],
  },
]

/** Pairs out of DynamoDB's order. */
const refused: Pair[] = [
  {
    name: '😀 up to U+FF01 (in order in UTF-16), literals',
    table: 'words',
    low: { S: '😀' },
    high: { S: '\uFF01' },
    run: (db) => db.all`FROM words WHERE p = 'p' AND k BETWEEN '😀' AND '\uFF01'`,
  },
  {
    name: '😀 up to U+E000, holes',
    table: 'words',
    low: { S: '😀' },
    high: { S: '\uE000' },
    run: (db) => db.all`FROM words WHERE p = 'p' AND k BETWEEN ${'😀'} AND ${'\uE000'}`,
  },
  {
    name: 'an unpaired surrogate (`?`) down to `>`',
    table: 'words',
    low: { S: '\uD800' },
    high: { S: '>' },
    run: (db) => db.all`FROM words WHERE p = 'p' AND k BETWEEN ${'\uD800'} AND ${'>'}`,
  },
  {
    name: '2^53 + 1 down to 2^53, literals',
    table: 'amounts',
    low: { N: '9007199254740993' },
    high: { N: '9007199254740992' },
    run: (db) =>
      db.all`FROM amounts WHERE p = 'p' AND k BETWEEN 9007199254740993 AND 9007199254740992`,
  },
  {
    name: '2^53 + 1 down to 2^53, bigint holes',
    table: 'amounts',
    low: { N: '9007199254740993' },
    high: { N: '9007199254740992' },
    run: (db) =>
      db.all`FROM amounts WHERE p = 'p' AND k BETWEEN ${9007199254740993n} AND ${9007199254740992n}`,
  },
  {
    name: 'down in the 20th digit',
    table: 'amounts',
    low: { N: '0.10000000000000000002' },
    high: { N: '0.10000000000000000001' },
    run: (db) =>
      db.all`FROM amounts WHERE p = 'p' AND k BETWEEN 0.10000000000000000002 AND 0.10000000000000000001`,
  },
  {
    name: 'negative, down in the 20th digit',
    table: 'amounts',
    low: { N: '-0.10000000000000000001' },
    high: { N: '-0.10000000000000000002' },
    run: (db) =>
      db.all`FROM amounts WHERE p = 'p' AND k BETWEEN -0.10000000000000000001 AND -0.10000000000000000002`,
  },
  {
    name: 'bytes 0x80 down to 0x7f',
    table: 'blobs',
    low: { B: bytes(0x80) },
    high: { B: bytes(0x7f) },
    run: (db) => db.all`FROM blobs WHERE p = 'p' AND k BETWEEN ${bytes(0x80)} AND ${bytes(0x7f)}`,
  },
]

/** The Query dql would send for a pair, sent as it is by the SDK. */
function rawQuery(engine: Engine, pair: Pair) {
  return engine.client.send(
    new QueryCommand({
      TableName: pair.table,
      KeyConditionExpression: 'p = :p AND k BETWEEN :low AND :high',
      ExpressionAttributeValues: { ':p': { S: 'p' }, ':low': pair.low, ':high': pair.high },
    }),
  )
}

/** The same bounds in a filter. */
function rawScan(engine: Engine, pair: Pair) {
  return engine.client.send(
    new ScanCommand({
      TableName: pair.table,
      FilterExpression: 'v BETWEEN :low AND :high',
      ExpressionAttributeValues: { ':low': pair.low, ':high': pair.high },
    }),
  )
}

const REJECTED =
  /The BETWEEN operator requires upper bound to be greater than or equal to lower bound/

describe.skipIf(endpoint === null)('BETWEEN on DynamoDB Local', () => {
  let engine: Engine
  let db: Dql

  beforeAll(async () => {
    engine = dynamoLocalEngine(endpoint!, 'conformance-between')
    for (const [name, { type, keys }] of Object.entries(tables)) {
      await engine.client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'p', AttributeType: 'S' },
            { AttributeName: 'k', AttributeType: type },
          ],
          KeySchema: [
            { AttributeName: 'p', KeyType: 'HASH' },
            { AttributeName: 'k', KeyType: 'RANGE' },
          ],
        }),
      )
      for (const k of keys) {
        await engine.client.send(
          new PutItemCommand({ TableName: name, Item: { p: { S: 'p' }, k, v: k } }),
        )
      }
    }
    db = createDql({ client: engine.client, numbers: 'string' })
  })
  afterAll(async () => engine?.close())

  describe('a pair dql sends is one DynamoDB takes, with the right items', () => {
    test.each(accepted)('$name', async (pair) => {
      expect(await pair.run(db)).toEqual(pair.keys.map((k) => ({ k })))
      // DynamoDB takes the same bounds in a filter too, and they pick the same items.
      const scanned = await rawScan(engine, pair)
      expect(scanned.Count).toBe(pair.keys.length)
    })
  })

  describe('a pair dql refuses is one DynamoDB rejects', () => {
    test.each(refused)('$name', async (pair) => {
      const error = await pair.run(db).then(
        () => undefined,
        (caught: unknown) => caught,
      )
      expect(error).toBeInstanceOf(DqlError)
      expect(error).toMatchObject({
        code: 'bind.bad-value',
        reason:
          'BETWEEN takes its low bound first: here the first bound is greater than the second.',
      })
      await expect(rawQuery(engine, pair)).rejects.toMatchObject({
        name: 'ValidationException',
        message: expect.stringMatching(REJECTED),
      })
      await expect(rawScan(engine, pair)).rejects.toMatchObject({
        name: 'ValidationException',
        message: expect.stringMatching(REJECTED),
      })
    })
  })
})
