/**
 * Typed text statements at run time: what `db.prepare('literal')` returns is what its type
 * says (test/types/typed-text.ts holds the compile-time claims). Each result is compared whole,
 * so a key the type does not name, or a field under its attribute name, fails here.
 */
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from 'vitest'
import { defineTable } from '../../src/index.js'
import { createDql } from '../support/create-dql.js'
import { dynaliteEngine, type Engine } from '../support/engine.js'

interface Note {
  owner: string
  noteId: string
  words: number
  meta?: { color: string; size: number }
}

const notes = defineTable<Note>()({
  name: 'notes',
  tableName: 'typed-notes',
  partitionKey: 'owner',
  sortKey: 'noteId',
  fields: { noteId: 'note_id' },
})

let engine: Engine

beforeAll(async () => {
  engine = await dynaliteEngine()
  await engine.client.send(
    new CreateTableCommand({
      TableName: 'typed-notes',
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
  for (const [id, words] of [
    ['n1', 3],
    ['n2', 5],
  ] as const) {
    await engine.client.send(
      new PutItemCommand({
        TableName: 'typed-notes',
        Item: {
          owner: { S: 'ann' },
          note_id: { S: id },
          words: { N: String(words) },
          meta: { M: { color: { S: 'red' }, size: { N: '2' } } },
          tag: { S: `t-${id}` },
        },
      }),
    )
  }
})

afterAll(() => engine.close())

describe('a typed text statement returns what its type says', () => {
  test('a SELECT list by attribute name comes back under the field names its type picks', async () => {
    const db = createDql({ client: engine.client, tables: [notes] })
    const statement = db.prepare(
      'SELECT note_id, words FROM notes WHERE owner = :o AND note_id = :n',
    )
    const item = await statement.first({ o: 'ann', n: 'n1' })
    expectTypeOf(item).toEqualTypeOf<Pick<Note, 'noteId' | 'words'> | undefined>()
    expect(item).toEqual({ noteId: 'n1', words: 3 })
  })

  test('an attribute the item type lacks, and a nested path, come back under their first name', async () => {
    const db = createDql({ client: engine.client, tables: [notes] })
    const items = await db
      .prepare('SELECT noteId, tag, meta.color FROM notes WHERE owner = :o')
      .all({ o: 'ann' })
    expectTypeOf(items).toEqualTypeOf<(Pick<Note, 'noteId'> & { tag: unknown; meta: unknown })[]>()
    expect(items).toEqual([
      { noteId: 'n1', tag: 't-n1', meta: { color: 'red' } },
      { noteId: 'n2', tag: 't-n2', meta: { color: 'red' } },
    ])
  })

  test('no SELECT list gives the whole item, fields by their names', async () => {
    const db = createDql({ client: engine.client, tables: [notes] })
    const items = await db.prepare('FROM notes WHERE owner = :o LIMIT 1').all({ o: 'ann' })
    expectTypeOf(items).toEqualTypeOf<Note[]>()
    expect(items).toEqual([
      { owner: 'ann', noteId: 'n1', words: 3, meta: { color: 'red', size: 2 }, tag: 't-n1' },
    ])
  })

  test('COUNT(*) gives a number from count and { kind, count } from execute', async () => {
    const db = createDql({ client: engine.client, tables: [notes] })
    const statement = db.prepare('SELECT COUNT(*) FROM notes WHERE owner = :o')
    const counted = await statement.count({ o: 'ann' })
    const executed = await statement.execute({ o: 'ann' })
    expectTypeOf(counted).toEqualTypeOf<number>()
    expectTypeOf(executed).toEqualTypeOf<{ readonly kind: 'count'; readonly count: number }>()
    expect([counted, executed]).toEqual([2, { kind: 'count', count: 2 }])
  })
})
