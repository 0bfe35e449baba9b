import { CreateTableCommand, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createDql } from '../../src/db.js'
import { startEmbedded, type EmbeddedDynamo } from '../../src/execute/embedded.js'
import { complete } from '../../src/repl/complete.js'
import { formatTable } from '../../src/repl/format.js'
import { Session } from '../../src/repl/session.js'
import { defineTable } from '../../src/schema/define-table.js'

const people = defineTable({
  name: 'people',
  tableName: 'repl-people',
  partitionKey: 'tenant',
  sortKey: 'userId',
  fields: { name: 'display_name', cardBin: 'card_bin' },
})

let engine: EmbeddedDynamo
let session: Session

beforeAll(async () => {
  engine = await startEmbedded()
  await engine.client.send(
    new CreateTableCommand({
      TableName: 'repl-people',
      AttributeDefinitions: [
        { AttributeName: 'tenant', AttributeType: 'S' },
        { AttributeName: 'userId', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'tenant', KeyType: 'HASH' },
        { AttributeName: 'userId', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  )
  // Keys written last: the engine's attribute order is not the order to show.
  const items: Record<string, AttributeValue>[] = [
    { zeta: { S: 'z' }, card_bin: { S: '411111' }, userId: { S: 'u1' }, tenant: { S: 't1' } },
    { display_name: { S: 'Ada' }, userId: { S: 'u2' }, tenant: { S: 't1' } },
  ]
  for (const Item of items) {
    await engine.client.send(new PutItemCommand({ TableName: 'repl-people', Item }))
  }
  session = new Session(createDql({ client: engine.client, tables: [people] }), engine.client)
})
afterAll(() => engine.close())

/** What a statement printed, without the timing line at the end. */
async function table(statement: string): Promise<string> {
  const result = await session.run(statement)
  expect(result.ok).toBe(true)
  const lines = result.output.split('\n')
  expect(lines.at(-1)).toMatch(/^\d+ items? · /)
  return lines.slice(0, -1).join('\n')
}

describe('column order', () => {
  test('for *: the partition key, the sort key, then the other attributes as first seen', async () => {
    expect(await table("FROM people WHERE tenant = 't1';")).toBe(
      [
        'tenant │ userId │ zeta │ cardBin │ name',
        '───────┼────────┼──────┼─────────┼─────',
        't1     │ u1     │ z    │ 411111  │',
        't1     │ u2     │      │         │ Ada',
      ].join('\n'),
    )
  })

  test('for a SELECT list: its order, by field name where the table has one (display_name is name)', async () => {
    expect(await table("SELECT userId, display_name, zeta FROM people WHERE tenant = 't1';")).toBe(
      ['userId │ name │ zeta', '───────┼──────┼─────', 'u1     │      │ z', 'u2     │ Ada  │'].join(
        '\n',
      ),
    )
  })

  test('formatTable puts the leading columns first, in their order', () => {
    expect(formatTable([{ b: 1, a: 2, c: 3 }], ['c', 'a'])).toBe(
      ['c │ a │ b', '──┼───┼──', '3 │ 2 │ 1'].join('\n'),
    )
  })
})

describe('a SELECT column no item has', () => {
  test('is named in a note after the table, with the field it may be a slip for', async () => {
    expect(await table("SELECT cardBn, userId FROM people WHERE tenant = 't1';")).toBe(
      [
        'cardBn │ userId',
        '───────┼───────',
        '       │ u1',
        '       │ u2',
        'note: no item had cardBn; did you mean cardBin?',
      ].join('\n'),
    )
  })

  test('without a suggestion when nothing is close, and in JSON output too', async () => {
    await session.run('.format json')
    try {
      expect(await table("SELECT qqq FROM people WHERE tenant = 't1' AND userId = 'u1';")).toBe(
        '[\n  {}\n]\nnote: no item had qqq',
      )
    } finally {
      await session.run('.format table')
    }
  })

  test('no note when the column is there in some item, or when there are no items', async () => {
    expect(await table("SELECT name FROM people WHERE tenant = 't1';")).toBe(
      ['name', '────', '', 'Ada'].join('\n'),
    )
    expect(await table("SELECT cardBn FROM people WHERE tenant = 'nobody';")).toBe('(no items)')
  })
})

describe('names results showed', () => {
  test('complete after the statement that read them', async () => {
    const context = { tables: [people], seen: session.seen }
    await session.run("FROM people WHERE tenant = 't1';")
    expect(complete('FROM people WHERE tenant = :t AND z', context)).toEqual([['zeta'], 'z'])
  })
})
