import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from 'vitest'
import { defineTable, DqlError } from '../../src/index.js'
import { createDql } from '../support/create-dql.js'
import { dynaliteEngine, type Engine } from '../support/engine.js'

interface Thing {
  thingId: string
  label: string
}

const things = defineTable<Thing>({
  name: 'things',
  tableName: 'things-table',
  partitionKey: 'thing_id',
  fields: { thingId: 'thing_id', label: 'display_label' },
})

let engine: Engine

beforeAll(async () => {
  engine = await dynaliteEngine()
  await engine.client.send(
    new CreateTableCommand({
      TableName: 'things-table',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'thing_id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'thing_id', KeyType: 'HASH' }],
    }),
  )
  await engine.client.send(
    new PutItemCommand({
      TableName: 'things-table',
      Item: {
        thing_id: { S: 't1' },
        display_label: { S: 'first' },
        count: { N: '42' },
        ratio: { N: '0.125' },
        huge: { N: '12345678901234567890' },
        precise: { N: '0.1234567890123456789' },
        flag: { BOOL: true },
        nothing: { NULL: true },
        blob: { B: new Uint8Array([1, 2, 3]) },
        names: { SS: ['a', 'b'] },
        numbers: { NS: ['1', '2.5'] },
        blobs: { BS: [new Uint8Array([9])] },
        list: { L: [{ S: 'x' }, { N: '7' }, { M: { deep: { BOOL: false } } }] },
        map: { M: { inner: { M: { n: { N: '-3' } } } } },
      },
    }),
  )
}, 60_000)
afterAll(async () => engine?.close())

describe('results', () => {
  test('every DynamoDB type maps to its JS type; declared fields get their field names', async () => {
    const db = createDql({ client: engine.client, tables: [things], numbers: 'string' })
    const item = await db.first`FROM things WHERE thingId = 't1'`
    expect(item).toEqual({
      thingId: 't1',
      label: 'first',
      count: '42',
      ratio: '0.125',
      huge: '12345678901234567890',
      precise: '0.1234567890123456789',
      flag: true,
      nothing: null,
      blob: new Uint8Array([1, 2, 3]),
      names: new Set(['a', 'b']),
      numbers: new Set(['1', '2.5']),
      blobs: new Set([new Uint8Array([9])]),
      list: ['x', '7', { deep: false }],
      map: { inner: { n: '-3' } },
    })
  })

  test('numbers are numbers by default, and one a double cannot hold is an error, not a rounding', async () => {
    const db = createDql({ client: engine.client, tables: [things] })
    expect(
      await db.first`SELECT count, ratio, numbers, map FROM things WHERE thingId = 't1'`,
    ).toEqual({
      count: 42,
      ratio: 0.125,
      numbers: new Set([1, 2.5]),
      map: { inner: { n: -3 } },
    })
    const error = await db.first`FROM things WHERE thingId = 't1'`.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DqlError)
    expect((error as DqlError).code).toBe('result.unsafe-number')
    expect((error as DqlError).message).toContain("numbers: 'bigint'")
  })

  test("numbers: 'bigint' returns big integers as bigint; an inexact decimal is still an error", async () => {
    const db = createDql({ client: engine.client, tables: [things], numbers: 'bigint' })
    expect(await db.first`SELECT huge, count FROM things WHERE thingId = 't1'`).toEqual({
      huge: 12345678901234567890n,
      count: 42,
    })
    await expect(db.first`SELECT precise FROM things WHERE thingId = 't1'`).rejects.toMatchObject({
      code: 'result.unsafe-number',
    })
  })

  test('values bound as keys and filters match the stored types', async () => {
    const db = createDql({ client: engine.client, tables: [things], numbers: 'string' })
    const found =
      await db.all`SELECT thingId FROM things WHERE thingId = ${'t1'} AND blob = ${new Uint8Array([1, 2, 3])} AND names = ${new Set(['b', 'a'])} AND count = ${42n} AND nothing = ${null}`
    expect(found).toEqual([{ thingId: 't1' }])
  })

  test('values that look like expression syntax are only ever values', async () => {
    const db = createDql({ client: engine.client, tables: [things] })
    for (const hostile of [
      ':v0',
      '#n0',
      ') OR (attribute_exists(thing_id)',
      "' OR ''='",
      't1\u0000',
    ]) {
      expect(await db.first`FROM things WHERE thingId = ${hostile}`).toBeUndefined()
      expect(
        await db.all`SELECT thingId FROM things WHERE thingId = 't1' AND label = ${hostile}`,
      ).toEqual([])
    }
  })

  test('values that look like expression syntax are stored and matched as plain values', async () => {
    const db = createDql({ client: engine.client, tables: [things] })
    const big = 'x'.repeat(390 * 1024)
    const hostile = [
      ':v0',
      '#n0',
      ') OR (attribute_exists(thing_id))',
      "' OR ''='",
      'a\u0000b',
      '${…}',
      big,
    ]
    for (const [i, value] of hostile.entries()) {
      await engine.client.send(
        new PutItemCommand({
          TableName: 'things-table',
          Item: { thing_id: { S: `h${i}` }, display_label: { S: value } },
        }),
      )
    }
    for (const [i, value] of hostile.entries()) {
      // By key, by filter, and in an IN list: each value finds exactly its own item.
      expect(
        await db.first`SELECT thingId FROM things WHERE thingId = ${`h${i}`} AND label = ${value}`,
      ).toEqual({ thingId: `h${i}` })
      const scanned = await db.all`SCAN thingId FROM things WHERE label = ${value}`
      expect(scanned).toEqual([{ thingId: `h${i}` }])
      const listed = await db.all`SCAN thingId FROM things WHERE label IN ${[value, 'nothing']}`
      expect(listed).toEqual([{ thingId: `h${i}` }])
    }
  })

  test('results are typed from FROM ${table} or a type argument', async () => {
    const db = createDql({ client: engine.client, tables: [things] })
    const typed = await db.first`SELECT thingId, label FROM ${things} WHERE thingId = 't1'`
    expectTypeOf(typed).toEqualTypeOf<Thing | undefined>()
    const explicit = await db.all<{
      thingId: string
    }>`SELECT thingId FROM things WHERE thingId = 't1'`
    expectTypeOf(explicit).toEqualTypeOf<{ thingId: string }[]>()
    const loose = await db.first`SELECT thingId FROM things WHERE thingId = 't1'`
    expectTypeOf(loose).toEqualTypeOf<Record<string, unknown> | undefined>()
    expect([typed, explicit, loose]).toEqual([
      { thingId: 't1', label: 'first' },
      [{ thingId: 't1' }],
      { thingId: 't1' },
    ])
  })
})
