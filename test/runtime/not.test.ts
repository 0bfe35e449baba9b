import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { defineTable, type Dql } from '../../src/index.js'
import { createDql } from '../support/create-dql.js'
import { dynaliteEngine, type Engine } from '../support/engine.js'

const notes = defineTable({
  name: 'notes',
  tableName: 'not-notes',
  partitionKey: 'owner',
  sortKey: 'note_id',
})

/** ann's notes: n2 and n3 have more than 4 words, n1 and n3 have tags. */
const rows = [
  { owner: 'ann', note_id: 'n1', words: 3, tags: true },
  { owner: 'ann', note_id: 'n2', words: 5, tags: false },
  { owner: 'ann', note_id: 'n3', words: 8, tags: true },
]

let engine: Engine
let db: Dql

beforeAll(async () => {
  engine = await dynaliteEngine()
  await engine.client.send(
    new CreateTableCommand({
      TableName: 'not-notes',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'owner', AttributeType: 'S' },
        { AttributeName: 'note_id', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'owner', KeyType: 'HASH' },
        { AttributeName: 'note_id', KeyType: 'RANGE' },
      ],
    }),
  )
  for (const row of rows) {
    await engine.client.send(
      new PutItemCommand({
        TableName: 'not-notes',
        Item: {
          owner: { S: row.owner },
          note_id: { S: row.note_id },
          words: { N: String(row.words) },
          ...(row.tags ? { tags: { SS: ['x'] } } : {}),
        },
      }),
    )
  }
  db = createDql({ client: engine.client, tables: [notes] })
  engine.sent.length = 0
})

afterAll(() => engine.close())

describe('NOT of a NOT runs on dynalite and reads what it says', () => {
  test('NOT NOT c is c; NOT NOT NOT c is NOT c, with or without parentheses', async () => {
    const ids = (items: Record<string, unknown>[]) => items.map((item) => item['note_id'])
    expect(ids(await db.all`FROM notes WHERE owner = ${'ann'} AND NOT NOT words > ${4}`)).toEqual([
      'n2',
      'n3',
    ])
    expect(
      ids(await db.all`FROM notes WHERE owner = ${'ann'} AND NOT (NOT (words > ${4}))`),
    ).toEqual(['n2', 'n3'])
    expect(
      ids(await db.all`FROM notes WHERE owner = ${'ann'} AND NOT NOT NOT attribute_exists(tags)`),
    ).toEqual(['n2'])
    expect(
      await db.count`FROM notes WHERE owner = ${'ann'} AND NOT (NOT words > ${4} OR NOT NOT attribute_exists(tags))`,
    ).toBe(1)
    expect(engine.sent).toEqual(['Query', 'Query', 'Query', 'Query'])
  })
})
