import { describe, expect, test } from 'vitest'
import type { Explanation } from '../../src/compile/explain.js'
import type { Dql, DqlEvent } from '../../src/index.js'
import { defineTable, type TableDefinition } from '../../src/schema/define-table.js'
import { failure } from '../parse/helpers.js'
import { checked, database, users } from './fixtures.js'

/** Every plan the handles made by `logged` record, as their `log` option tells it. */
const events: DqlEvent[] = []
const log = (event: DqlEvent) => events.push(event)

/** A handle whose plans are counted. */
function logged(tables?: readonly TableDefinition[]): Dql {
  return database(tables, log)
}

/** How many times the planner ran during `fn`. */
function plansDuring(fn: () => void): number {
  const before = events.filter((event) => event.kind === 'plan').length
  fn()
  return events.filter((event) => event.kind === 'plan').length - before
}

const getUser = (tableName: string, id: string): Explanation => ({
  operation: 'GetItem',
  tableName,
  input: { TableName: tableName, Key: { user_id: { S: id } } },
  requests: 1,
  reason:
    'The WHERE clause gives the full primary key of users (user_id) and nothing else, so one ' +
    'GetItem reads the item.',
})

describe('the plan cache', () => {
  test('a second explain from the same call site does no planning', () => {
    const db = logged()
    const lookup = (id: string) => checked(db.explain`FROM users WHERE id = ${id}`)
    let first!: Explanation
    let second!: Explanation
    expect(plansDuring(() => (first = lookup('u1')))).toBe(1)
    expect(plansDuring(() => (second = lookup('u2')))).toBe(0)
    expect(first).toEqual(getUser('app-users', 'u1'))
    expect(second).toEqual(getUser('app-users', 'u2'))
  })

  test('two call sites with equal text share one plan; a text statement too', () => {
    const db = logged()
    expect(plansDuring(() => db.explain`FROM users WHERE id = ${'a'} AND state = ${'x'}`)).toBe(1)
    expect(plansDuring(() => db.explain`FROM users WHERE id = ${'b'} AND state = ${'y'}`)).toBe(0)
    const text = 'FROM users WHERE id = :id'
    expect(plansDuring(() => db.prepare(text).explain({ id: 'a' }))).toBe(1)
    expect(plansDuring(() => db.prepare(text).explain({ id: 'b' }))).toBe(0)
  })

  test('FROM ${table} plans once per table definition', () => {
    const db = logged()
    const staging = defineTable({
      name: 'users',
      tableName: 'staging-users',
      partitionKey: 'user_id',
      fields: { id: 'user_id' },
    })
    const lookup = (table: TableDefinition<unknown>, id: string) =>
      checked(db.explain`FROM ${table} WHERE id = ${id}`)
    const results: Explanation[] = []
    expect(plansDuring(() => results.push(lookup(users, 'u1')))).toBe(1)
    expect(plansDuring(() => results.push(lookup(staging, 'u2')))).toBe(1)
    expect(plansDuring(() => results.push(lookup(users, 'u3')))).toBe(0)
    expect(plansDuring(() => results.push(lookup(staging, 'u4')))).toBe(0)
    expect(results).toEqual([
      getUser('app-users', 'u1'),
      getUser('staging-users', 'u2'),
      getUser('app-users', 'u3'),
      getUser('staging-users', 'u4'),
    ])
  })

  test('each handle has its own plans: the same statement names its own tables', () => {
    const prod = logged()
    const staging = logged([
      defineTable({ name: 'users', tableName: 'staging-users', partitionKey: 'user_id' }),
    ])
    const lookup = (db: typeof prod) => checked(db.explain`FROM users WHERE user_id = ${'u1'}`)
    expect(plansDuring(() => expect(lookup(prod)).toEqual(getUser('app-users', 'u1')))).toBe(1)
    expect(plansDuring(() => expect(lookup(staging)).toEqual(getUser('staging-users', 'u1')))).toBe(
      1,
    )
  })

  test('a statement that fails to plan is not cached: it fails the same way each time', () => {
    const db = logged()
    const bad = () => db.explain`FROM users WHERE state = ${'x'}`
    for (let i = 0; i < 2; i++) {
      expect(plansDuring(() => expect(failure(bad).code).toBe('plan.scan-required'))).toBe(1)
    }
  })
})

describe('table names', () => {
  const live = defineTable({
    name: 'orders',
    tableName: 'prod-orders',
    partitionKey: 'orderId',
  })
  const archive = defineTable({
    name: 'archive',
    tableName: 'orders',
    partitionKey: 'orderId',
  })
  const byKey = (tableName: string, table: string): Explanation => ({
    operation: 'GetItem',
    tableName,
    input: { TableName: tableName, Key: { orderId: { S: 'o1' } } },
    requests: 1,
    reason: `The WHERE clause gives the full primary key of ${table} (orderId) and nothing else, so one GetItem reads the item.`,
  })

  test("a statement name wins over another table's DynamoDB name, in either order", () => {
    for (const tables of [
      [live, archive],
      [archive, live],
    ]) {
      const db = database(tables)
      expect(checked(db.explain`FROM orders WHERE orderId = ${'o1'}`)).toEqual(
        byKey('prod-orders', 'orders'),
      )
      expect(checked(db.explain`FROM archive WHERE orderId = ${'o1'}`)).toEqual(
        byKey('orders', 'archive'),
      )
      expect(checked(db.explain`FROM \`prod-orders\` WHERE orderId = ${'o1'}`)).toEqual(
        byKey('prod-orders', 'orders'),
      )
    }
  })

  test('two tables with one statement name are refused', () => {
    const other = defineTable({ name: 'orders', tableName: 'other-orders', partitionKey: 'id' })
    const { code, error } = failure(() => logged([live, other]))
    expect({ code, reason: error.reason }).toEqual({
      code: 'schema.duplicate-table',
      reason:
        'Two different table definitions are named orders: tableName prod-orders in one, ' +
        'other-orders in the other. FROM orders could not tell which to read: give one of them ' +
        'another name.',
    })
  })
})
