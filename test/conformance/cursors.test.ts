import { CreateTableCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { defineTable, dql, DqlError, type BoundStatement, type Dql } from '../../src/index.js'
import { createDql } from '../support/create-dql.js'
import { dynamoLocalEngine, type Engine } from '../support/engine.js'

/**
 * The start-key checks of a cursor against the engine whose order they follow: every cursor
 * DynamoDB Local hands out is accepted (numbers by value, strings by UTF-8 bytes), and a key
 * dql refuses as outside a Query is one DynamoDB Local refuses too.
 */
const endpoint = inject('dynamoLocal')

const table = defineTable({
  name: 'pages',
  tableName: 'cursor-pages',
  partitionKey: 'p',
  sortKey: 's',
  indexes: {
    byG: { type: 'global', partitionKey: 'g', sortKey: 'w' },
    byW: { type: 'local', sortKey: 'w' },
  },
})
/** Items of 200 KB: a 1 MB page holds a few, so every read below pages. */
const PAD = 'x'.repeat(200_000)
/** `w` mixes characters outside the BMP, whose UTF-8 and UTF-16 orders differ from U+FFFF. */
const wOf = (i: number) => ['w', 'w\uffff', 'w😀'][i % 3] + String(i)

describe.skipIf(endpoint === null)('cursors on DynamoDB Local', () => {
  let engine: Engine

  beforeAll(async () => {
    engine = dynamoLocalEngine(endpoint ?? '', 'conformance-cursors')
    await engine.client.send(
      new CreateTableCommand({
        TableName: 'cursor-pages',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'p', AttributeType: 'S' },
          { AttributeName: 's', AttributeType: 'N' },
          { AttributeName: 'g', AttributeType: 'S' },
          { AttributeName: 'w', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'p', KeyType: 'HASH' },
          { AttributeName: 's', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byG',
            KeySchema: [
              { AttributeName: 'g', KeyType: 'HASH' },
              { AttributeName: 'w', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        LocalSecondaryIndexes: [
          {
            IndexName: 'byW',
            KeySchema: [
              { AttributeName: 'p', KeyType: 'HASH' },
              { AttributeName: 'w', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    )
    for (let i = 0; i < 30; i++) {
      await engine.client.send(
        new PutItemCommand({
          TableName: 'cursor-pages',
          Item: {
            p: { S: 'a' },
            s: { N: String(i / 4) },
            g: { S: 'G' },
            w: { S: wOf(i) },
            pad: { S: PAD },
          },
        }),
      )
    }
  })

  afterAll(() => engine.close())

  const reads: [string, BoundStatement<Record<string, unknown>>, number][] = [
    ['a number condition', dql`SELECT s FROM pages WHERE p = ${'a'} AND s >= ${0.25}`, 29],
    [
      'a global index, a string condition past U+FFFF',
      dql`SELECT s FROM pages USE INDEX (byG) WHERE g = ${'G'} AND w > ${'w\uffff'}`,
      20,
    ],
    [
      'a local index, begins_with, descending',
      dql`SELECT s FROM pages USE INDEX (byW) WHERE p = ${'a'} AND begins_with(w, ${'w'}) ORDER BY w DESC`,
      30,
    ],
  ]

  for (const secret of [undefined, 'a cursor secret of at least 32 bytes, for tests']) {
    test.each(reads)(
      `every page of %s, ${secret ? 'signed' : 'unsigned'}`,
      async (_, statement, count) => {
        const db: Dql = createDql({ client: engine.client, tables: [table], cursorSecret: secret })
        const items: unknown[] = []
        let cursor: string | undefined
        let pages = 0
        do {
          const page = await db.page(statement, { cursor })
          items.push(...page.items)
          cursor = page.cursor
          pages++
        } while (cursor !== undefined)
        expect(pages).toBeGreaterThan(1)
        expect({ items: items.length, all: await db.all(statement) }).toEqual({
          items: count,
          all: items,
        })
      },
    )
  }

  test('a start key outside the key condition in UTF-8 order is refused, as DynamoDB Local refuses it', async () => {
    const db = createDql({ client: engine.client, tables: [table] })
    const statement = dql`SELECT s FROM pages USE INDEX (byG) WHERE g = ${'G'} AND w < ${'w\uffff'}`
    const first = await db.page(statement)
    const content = JSON.parse(Buffer.from(first.cursor ?? '', 'base64url').toString())
    // 😀 is a surrogate pair (0xD83D…), before U+FFFF in UTF-16 but after it in UTF-8
    // (F0… against EF BF BF): a check in UTF-16 order would take this key as inside.
    const outside = { ...content.k, w: { S: 'w😀1' } }
    const forged = Buffer.from(JSON.stringify({ ...content, k: outside })).toString('base64url')
    const refused = await db.page(statement, { cursor: forged }).then(
      () => undefined,
      (error: unknown) => (error instanceof DqlError ? error.reason : error),
    )
    expect(refused).toBe(
      "This cursor cannot be used: its start key is outside this Query's key condition on w. " +
        'Pass the cursor returned by the previous page of the same statement.',
    )
    const { input } = db.explain(statement)
    if (!('KeyConditionExpression' in input)) throw new Error('expected a Query')
    const direct = await engine.client
      .send(new QueryCommand({ ...input, ExclusiveStartKey: outside }))
      .then(
        () => 'accepted',
        (error: unknown) => (error instanceof Error ? error.name : String(error)),
      )
    expect(direct).toBe('ValidationException')
  })
})
