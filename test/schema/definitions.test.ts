import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { describe, expect, test } from 'vitest'
import { createDql, defineTable, type TableDefinition } from '../../src/index.js'
import { fromDescription } from '../../src/schema/from-description.js'
import { isTableDefinition } from '../../src/schema/define-table.js'
import { failure } from '../parse/helpers.js'

// Never sends: explain does no I/O.
const client = new DynamoDBClient({ region: 'local', endpoint: 'http://127.0.0.1:9' })

const orders = () =>
  defineTable({
    name: 'orders',
    tableName: 'shop-orders',
    partitionKey: 'customer',
    sortKey: 'order',
    fields: { customer: 'customer_id', order: 'order_id', state: 'status' },
    indexes: {
      byState: { type: 'global', partitionKey: 'state', projection: ['total'] },
    },
  })

describe('a definition cannot be changed after defineTable', () => {
  const frozen = 'A table definition cannot be changed; define another table with defineTable.'

  test('its field maps refuse set, delete and clear, and stay as they were', () => {
    const table = orders()
    const { fields, fieldOf } = table
    const writable = [fields, fieldOf] as unknown as Map<string, string>[]
    for (const map of writable) {
      expect(() => map.set('status', 'state')).toThrow(new TypeError(frozen))
      expect(() => map.delete('customer')).toThrow(new TypeError(frozen))
      expect(() => map.clear()).toThrow(new TypeError(frozen))
      expect(Object.isFrozen(map)).toBe(true)
    }
    expect([...fields]).toEqual([
      ['customer', 'customer_id'],
      ['order', 'order_id'],
      ['state', 'status'],
    ])
    expect([...fieldOf]).toEqual([
      ['customer_id', 'customer'],
      ['order_id', 'order'],
      ['status', 'state'],
    ])
  })

  test("an index's projected set refuses add, delete and clear", () => {
    const table = orders()
    const projected = table.indexes[0]?.projected as unknown as Set<string>
    expect(() => projected.add('note')).toThrow(new TypeError(frozen))
    expect(() => projected.delete('total')).toThrow(new TypeError(frozen))
    expect(() => projected.clear()).toThrow(new TypeError(frozen))
    expect(Object.isFrozen(projected)).toBe(true)
    expect([...projected]).toEqual(['customer_id', 'order_id', 'status', 'total'])
  })

  test('a plan made before an attempted change is the plan made after it', () => {
    const table = orders()
    const db = createDql({ client, tables: [table] })
    const statement = "SELECT total FROM orders USE INDEX (byState) WHERE state = 'open'"
    const before = db.prepare(statement).explain()
    expect(() => (table.indexes[0]?.projected as unknown as Set<string>).delete('total')).toThrow(
      TypeError,
    )
    const fresh = createDql({ client, tables: [table] })
    expect(fresh.prepare(statement).explain()).toEqual(before)
  })

  test('a definition read from DynamoDB is frozen the same way', () => {
    const table = fromDescription({
      TableName: 'described',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    })
    expect(() => (table.fields as Map<string, string>).set('a', 'b')).toThrow(new TypeError(frozen))
    expect(isTableDefinition(table)).toBe(true)
  })
})

describe('two different definitions under one statement name are refused', () => {
  const duplicate = (reason: string) => ({ code: 'schema.duplicate-table', reason })
  const refusal = (tables: readonly TableDefinition[]) => {
    const { code, error } = failure(() => createDql({ client, tables }))
    return { code, reason: error.reason }
  }

  test('the same DynamoDB table with other keys', () => {
    const a = defineTable({ name: 'notes', partitionKey: 'owner', sortKey: 'note_id' })
    const b = defineTable({ name: 'notes', partitionKey: 'owner' })
    expect(refusal([a, b])).toEqual(
      duplicate(
        'Two different table definitions are named notes: sortKey note_id in one, none in the ' +
          'other. FROM notes could not tell which to read: give one of them another name.',
      ),
    )
  })

  test('other DynamoDB tables, other fields, other indexes', () => {
    const base = { name: 'notes', partitionKey: 'owner', sortKey: 'note_id' }
    expect(
      refusal([defineTable(base), defineTable({ ...base, tableName: 'notes-archive' })]),
    ).toEqual(
      duplicate(
        'Two different table definitions are named notes: tableName notes in one, ' +
          'notes-archive in the other. FROM notes could not tell which to read: give one of ' +
          'them another name.',
      ),
    )
    expect(
      refusal([
        defineTable({ ...base, fields: { id: 'note_id' } }),
        defineTable({ ...base, fields: { noteId: 'note_id' } }),
      ]),
    ).toEqual(
      duplicate(
        'Two different table definitions are named notes: fields { id: note_id } in one, ' +
          '{ noteId: note_id } in the other. FROM notes could not tell which to read: give ' +
          'one of them another name.',
      ),
    )
    const byWords = { type: 'global', partitionKey: 'owner', sortKey: 'words' } as const
    expect(
      refusal([
        defineTable({ ...base, indexes: { byWords } }),
        defineTable({ ...base, indexes: { byWords: { ...byWords, projection: 'KEYS_ONLY' } } }),
      ]),
    ).toEqual(
      duplicate(
        "Two different table definitions are named notes: index byWords's projection ALL in " +
          'one, KEYS_ONLY in the other. FROM notes could not tell which to read: give one of ' +
          'them another name.',
      ),
    )
    expect(refusal([defineTable(base), defineTable({ ...base, indexes: { byWords } })])).toEqual(
      duplicate(
        'Two different table definitions are named notes: indexes none in one, byWords in the ' +
          'other. FROM notes could not tell which to read: give one of them another name.',
      ),
    )
  })

  test('two definitions equal in every respect are one table', () => {
    const db = createDql({ client, tables: [orders(), orders()] })
    expect(db.tables.length).toBe(1)
    const same = defineTable({ name: 'orders', tableName: 'shop-orders', partitionKey: 'x' })
    expect(() => createDql({ client, tables: [orders(), same] })).toThrow(
      /^Two different table definitions are named orders: partitionKey customer_id in one, x in the other\./,
    )
  })
})

describe('only a definition made by defineTable (or read from DynamoDB) is a table', () => {
  test('a copy of a definition is not one: FROM ${copy} is plan.bad-table-hole', () => {
    const table = orders()
    const copy = { ...table }
    const fake = {
      kind: 'table',
      name: 'orders',
      tableName: 'shop-orders',
      partitionKey: 'customer_id',
      sortKey: undefined,
      fields: new Map(),
      fieldOf: new Map(),
      indexes: [],
    }
    const db = createDql({ client })
    for (const value of [copy, fake, Object.freeze({ ...table })]) {
      expect(isTableDefinition(value)).toBe(false)
      const { code, line, column } = failure(
        () => db.explain`FROM ${value} WHERE customer = ${'c1'}`,
      )
      expect({ code, line, column }).toEqual({ code: 'plan.bad-table-hole', line: 1, column: 6 })
    }
    expect(db.explain`FROM ${table} WHERE customer = ${'c1'}`.operation).toBe('Query')
  })

  test('createDql({ tables }) refuses a copy', () => {
    const { code, error } = failure(() => createDql({ client, tables: [{ ...orders() }] }))
    expect({ code, reason: error.reason }).toEqual({
      code: 'usage.bad-argument',
      reason: 'tables holds table definitions made by defineTable (or read by loadTables).',
    })
  })
})
