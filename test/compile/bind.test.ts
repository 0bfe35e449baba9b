import { describe, expect, test } from 'vitest'
import { bind as bindCommand, compile } from '../../src/compile/compile.js'
import type { BoundCommand } from '../../src/compile/prepared.js'
import { parseStatementText } from '../../src/parse/parse-cache.js'
import { planStatement } from '../../src/plan/plan-statement.js'
import type { TableDefinition } from '../../src/schema/define-table.js'
import { failure, pos } from '../parse/helpers.js'
import { assertPlaceholders, db, posts, spot, users } from '../plan/fixtures.js'

/** How a failed bind reads: code, position, and the sentence with the fix. */
function bindFailure(fn: () => unknown) {
  const { code, line, column, error } = failure(fn)
  return { code, line, column, reason: error.reason }
}

/** Column (1-based, one-line text) of the `n`-th `${…}` hole. */
const hole = (text: string, n: number) => pos(text, '${…}', n) + 1

describe('bind.bad-value: a value that cannot be sent, at its hole', () => {
  test('undefined', () => {
    const text = 'FROM bins WHERE card_bin = ${…} AND card_bin_extended = ${…}'
    expect(
      bindFailure(
        () => db.explain`FROM bins WHERE card_bin = ${undefined} AND card_bin_extended = ${';'}`,
      ),
    ).toEqual({
      code: 'bind.bad-value',
      line: 1,
      column: hole(text, 1),
      reason:
        'The value of hole 1 cannot be sent: undefined has no DynamoDB type; pass null for NULL.',
    })
  })

  test('a Date', () => {
    const text = 'FROM posts WHERE Id = ${…} AND PostedAt > ${…}'
    expect(
      bindFailure(() => db.explain`FROM posts WHERE Id = ${'x'} AND PostedAt > ${new Date(0)}`),
    ).toEqual({
      code: 'bind.bad-value',
      line: 1,
      column: hole(text, 2),
      reason:
        'The value of hole 2 cannot be sent: a Date has no DynamoDB type; pass date.toISOString() or date.getTime().',
    })
  })

  test('a boolean key, for a GetItem', () => {
    const text = 'FROM bins WHERE card_bin = ${…} AND card_bin_extended = ${…}'
    expect(
      bindFailure(
        () => db.explain`FROM bins WHERE card_bin = ${true} AND card_bin_extended = ${';'}`,
      ),
    ).toEqual({
      code: 'bind.bad-value',
      line: 1,
      column: hole(text, 1),
      reason: 'The key card_bin takes a string, a number or a Uint8Array, not a boolean.',
    })
  })

  test('a boolean (or null) key, for a Query: partition and sort key', () => {
    expect(bindFailure(() => db.explain`FROM posts WHERE Id = ${true}`)).toEqual({
      code: 'bind.bad-value',
      line: 1,
      column: hole('FROM posts WHERE Id = ${…}', 1),
      reason: 'The key Id takes a string, a number or a Uint8Array, not a boolean.',
    })
    const text = 'FROM posts WHERE Id = ${…} AND ReplyDateTime > ${…}'
    expect(
      bindFailure(() => db.explain`FROM posts WHERE Id = ${'x'} AND ReplyDateTime > ${null}`),
    ).toEqual({
      code: 'bind.bad-value',
      line: 1,
      column: hole(text, 2),
      reason: 'The key ReplyDateTime takes a string, a number or a Uint8Array, not null.',
    })
    const between = 'FROM posts WHERE Id = ${…} AND ReplyDateTime BETWEEN ${…} AND ${…}'
    expect(
      bindFailure(
        () =>
          db.explain`FROM posts WHERE Id = ${'x'} AND ReplyDateTime BETWEEN ${'a'} AND ${['z']}`,
      ),
    ).toEqual({
      code: 'bind.bad-value',
      line: 1,
      column: hole(between, 3),
      reason: 'The key ReplyDateTime takes a string, a number or a Uint8Array, not a list.',
    })
  })

  test('a boolean in a list of keys', () => {
    const text = 'FROM users WHERE id IN ${…}'
    expect(bindFailure(() => db.explain`FROM users WHERE id IN ${['u1', false]}`)).toEqual({
      code: 'bind.bad-value',
      line: 1,
      column: hole(text, 1),
      reason: 'The key user_id takes strings, numbers or Uint8Arrays, not a boolean.',
    })
  })

  test('NaN', () => {
    expect(bindFailure(() => db.explain`FROM users WHERE id = ${NaN}`)).toEqual({
      code: 'bind.bad-value',
      line: 1,
      column: hole('FROM users WHERE id = ${…}', 1),
      reason: 'The value of hole 1 cannot be sent: NaN is not a number DynamoDB can store.',
    })
  })

  test('an empty Set', () => {
    const text = 'FROM posts WHERE Id = ${…} AND Tags = ${…}'
    expect(
      bindFailure(() => db.explain`FROM posts WHERE Id = ${'x'} AND Tags = ${new Set()}`),
    ).toEqual({
      code: 'bind.bad-value',
      line: 1,
      column: hole(text, 2),
      reason:
        'The value of hole 2 cannot be sent: an empty Set cannot be stored: DynamoDB sets hold at least one item.',
    })
  })

  test('a function', () => {
    const text = 'FROM posts WHERE Id = ${…} AND Subject = ${…}'
    expect(
      bindFailure(() => db.explain`FROM posts WHERE Id = ${'x'} AND Subject = ${() => 'Hi'}`),
    ).toEqual({
      code: 'bind.bad-value',
      line: 1,
      column: hole(text, 2),
      reason: 'The value of hole 2 cannot be sent: a function has no DynamoDB type.',
    })
  })

  test('IN ${…} holding no array, an empty one, or more than 100 values', () => {
    const text = 'FROM posts WHERE Id = ${…} AND Subject IN ${…}'
    const run = (list: unknown) =>
      bindFailure(() => db.explain`FROM posts WHERE Id = ${'x'} AND Subject IN ${list}`)
    const at = { code: 'bind.bad-value', line: 1, column: hole(text, 2) }
    expect(run('Hi')).toEqual({
      ...at,
      reason:
        'The value of hole 2 cannot be sent: IN needs an array (or a Set) of values here, not string.',
    })
    expect(run([])).toEqual({
      ...at,
      reason: 'The value of hole 2 cannot be sent: IN takes 1 to 100 values in a condition, not 0.',
    })
    expect(run(Array.from({ length: 101 }, (_, i) => i))).toEqual({
      ...at,
      reason:
        'The value of hole 2 cannot be sent: IN takes 1 to 100 values in a condition, not 101.',
    })
  })

  test('a named parameter holding undefined is a bad value, not a missing one', () => {
    const text = "FROM users\nWHERE state = 'a' AND id = :id"
    expect(bindFailure(() => db.prepare(text).explain({ id: undefined }))).toEqual({
      code: 'bind.bad-value',
      ...spot(text, ':id'),
      reason:
        'The value of :id cannot be sent: undefined has no DynamoDB type; pass null for NULL.',
    })
  })
})

describe('bind.bad-value: a value DynamoDB cannot nest, at its hole or parameter', () => {
  const cycle =
    'it contains itself (a cycle); DynamoDB takes arrays and objects nested as a tree, not a cycle.'
  const tooDeep =
    'it nests arrays and objects more than 32 levels deep; DynamoDB allows 32 levels of nesting.'
  const deep = (levels: number): unknown => {
    let value: unknown = 'x'
    for (let i = 0; i < levels; i++) value = [value]
    return value
  }

  test('an object that holds itself', () => {
    const text = 'FROM posts WHERE Id = ${…} AND Meta = ${…}'
    const meta: Record<string, unknown> = { a: 1 }
    meta.self = meta
    expect(bindFailure(() => db.explain`FROM posts WHERE Id = ${'x'} AND Meta = ${meta}`)).toEqual({
      code: 'bind.bad-value',
      line: 1,
      column: hole(text, 2),
      reason: `The value of hole 2 cannot be sent: ${cycle}`,
    })
  })

  test('an array 100,000 levels deep', () => {
    const text = 'FROM posts WHERE Id = ${…} AND Meta = ${…}'
    expect(
      bindFailure(() => db.explain`FROM posts WHERE Id = ${'x'} AND Meta = ${deep(100_000)}`),
    ).toEqual({
      code: 'bind.bad-value',
      line: 1,
      column: hole(text, 2),
      reason: `The value of hole 2 cannot be sent: ${tooDeep}`,
    })
  })

  test('33 levels in a parameter; 32 are sent', () => {
    const text = "FROM posts\nWHERE Id = 'x' AND Meta = :meta"
    expect(bindFailure(() => db.prepare(text).explain({ meta: deep(33) }))).toEqual({
      code: 'bind.bad-value',
      ...spot(text, ':meta'),
      reason: `The value of :meta cannot be sent: ${tooDeep}`,
    })
    expect(db.prepare(text).explain({ meta: deep(32) }).operation).toBe('Query')
  })

  test('too deep inside an IN list', () => {
    const text = 'FROM posts WHERE Id = ${…} AND Meta IN ${…}'
    expect(
      bindFailure(() => db.explain`FROM posts WHERE Id = ${'x'} AND Meta IN ${[1, deep(40)]}`),
    ).toEqual({
      code: 'bind.bad-value',
      line: 1,
      column: hole(text, 2),
      reason: `The value of hole 2 cannot be sent: ${tooDeep}`,
    })
  })
})

describe('bind.missing-param', () => {
  test('a named parameter not given', () => {
    const text = "FROM posts\nWHERE Id = :id AND Subject = 'Hi'"
    for (const params of [{}, { ID: 'x' }, undefined]) {
      expect(bindFailure(() => db.prepare(text).explain(params))).toEqual({
        code: 'bind.missing-param',
        ...spot(text, ':id'),
        reason: 'No value for :id; pass it in the parameters, e.g. { id: … }.',
      })
    }
  })

  test('a template that mixes holes and :name parameters', () => {
    const failed = bindFailure(() => db.explain`FROM users WHERE id = :id AND state = ${'a'}`)
    expect(failed).toEqual({
      code: 'parse.mixed-values',
      line: 1,
      column: 23,
      reason:
        ':id is a named parameter, and this template also has ${…} holes: a statement takes ' +
        'holes (in a template) or :name parameters (in db.prepare text), not both. Write this ' +
        'value as ${…} too.',
    })
  })
})

/** Plans and binds a text statement, checking every input it would send. */
function bind(table: TableDefinition, text: string, params: Record<string, unknown>) {
  const parsed = parseStatementText(text)
  const bound = bindCommand(compile(planStatement(parsed, table), parsed.text), params)
  if (bound.operation === 'Query') bound.inputs.forEach(assertPlaceholders)
  return bound
}

describe('every request a statement sends', () => {
  test('one Query per key: each input carries its own key, the filter its own value', () => {
    expect(
      bind(posts, 'FROM posts WHERE Id IN (:a, :b, :a) AND Subject = :a', { a: 'x', b: 'y' }),
    ).toEqual({
      operation: 'Query',
      inputs: ['x', 'y'].map((id) => ({
        TableName: 'forum-replies',
        KeyConditionExpression: '#n0 = :v0',
        FilterExpression: '#n1 = :v1',
        ExpressionAttributeNames: { '#n0': 'Id', '#n1': 'Subject' },
        ExpressionAttributeValues: { ':v0': { S: id }, ':v1': { S: 'x' } },
      })),
      limit: undefined,
    } satisfies BoundCommand)
  })

  test('one Query per sort-key value of an IN list on a local index', () => {
    expect(
      bind(posts, 'FROM posts WHERE Id = :id AND PostedBy IN :who LIMIT 5', {
        id: 't',
        who: ['A', 'B', 'A'],
      }),
    ).toEqual({
      operation: 'Query',
      inputs: ['A', 'B'].map((who) => ({
        TableName: 'forum-replies',
        IndexName: 'PostedBy-index',
        KeyConditionExpression: '#n0 = :v0 AND #n1 = :v1',
        ExpressionAttributeNames: { '#n0': 'Id', '#n1': 'PostedBy' },
        ExpressionAttributeValues: { ':v0': { S: 't' }, ':v1': { S: who } },
        Limit: 5,
      })),
      limit: 5,
    } satisfies BoundCommand)
  })

  test('BatchGetItem: every key once, in order; 100 a request; key attributes read to order', () => {
    const ids = Array.from({ length: 205 }, (_, i) => `u${i % 203}`)
    const bound = bind(users, 'SELECT displayName FROM users WHERE id IN :ids LIMIT 3', { ids })
    if (bound.operation !== 'BatchGetItem') throw new Error(`a ${bound.operation}`)
    const keys = Array.from({ length: 203 }, (_, i) => ({ user_id: { S: `u${i}` } }))
    const chunks = [keys.slice(0, 100), keys.slice(100, 200), keys.slice(200)]
    const requests = chunks.map((Keys) => ({
      RequestItems: {
        'app-users': {
          Keys,
          ProjectionExpression: '#n0, #n1',
          ExpressionAttributeNames: { '#n0': 'name', '#n1': 'user_id' },
        },
      },
    }))
    expect(bound).toEqual({
      operation: 'BatchGetItem',
      tableName: 'app-users',
      keys,
      requests,
      strip: ['user_id'],
      limit: 3,
    } satisfies BoundCommand)
    for (const request of bound.requests) assertPlaceholders(request.RequestItems!['app-users']!)
  })
})
