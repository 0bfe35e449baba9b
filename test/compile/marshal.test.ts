import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { describe, expect, test } from 'vitest'
import { isKeyType, marshal, MarshalProblem } from '../../src/compile/marshal.js'

describe('every JS type of the holes table in docs/language.md maps to its DynamoDB type', () => {
  const bytes = new Uint8Array([0, 255])
  const other = new Uint8Array([7])

  test.each([
    ['a string', 'card', { S: 'card' }],
    ['an empty string', '', { S: '' }],
    ['an integer', 42, { N: '42' }],
    ['a negative fraction', -1.5, { N: '-1.5' }],
    ['zero', 0, { N: '0' }],
    ['the largest safe integer', Number.MAX_SAFE_INTEGER, { N: '9007199254740991' }],
    ['a bigint beyond a double', 12345678901234567890123n, { N: '12345678901234567890123' }],
    ['a negative bigint', -5n, { N: '-5' }],
    ['true', true, { BOOL: true }],
    ['false', false, { BOOL: false }],
    ['null', null, { NULL: true }],
    ['a Uint8Array', bytes, { B: bytes }],
    ['a Buffer (a Uint8Array)', Buffer.from('hi'), { B: Buffer.from('hi') }],
    ['an empty array', [], { L: [] }],
    ['an array', ['a', 1, false], { L: [{ S: 'a' }, { N: '1' }, { BOOL: false }] }],
    ['an empty object', {}, { M: {} }],
    ['a plain object', { a: 'x', b: 2 }, { M: { a: { S: 'x' }, b: { N: '2' } } }],
    [
      'an object with no prototype',
      Object.assign(Object.create(null), { k: null }),
      { M: { k: { NULL: true } } },
    ],
    ['a Set of strings', new Set(['a', 'b']), { SS: ['a', 'b'] }],
    ['a Set of numbers', new Set([1, 2.5]), { NS: ['1', '2.5'] }],
    ['a Set of bigints and numbers', new Set([1n, 2]), { NS: ['1', '2'] }],
    ['a Set of binaries', new Set([bytes, other]), { BS: [bytes, other] }],
  ])('%s', (_, value, expected) => {
    expect(marshal(value)).toEqual(expected)
  })

  test('a Set whose items are equal as DynamoDB sees them holds each once', () => {
    // DynamoDB rejects a set with duplicates; 1 and 1n, or two arrays of the same bytes, are
    // distinct items of a JS Set but one number or one binary in DynamoDB.
    expect(marshal(new Set([1, 1n, 2]))).toEqual({ NS: ['1', '2'] })
    expect(marshal(new Set([1e21, 10n ** 21n, 0.5]))).toEqual({ NS: ['1e+21', '0.5'] })
    expect(marshal(new Set([new Uint8Array([1]), new Uint8Array([1]), bytes]))).toEqual({
      BS: [new Uint8Array([1]), bytes],
    })
  })

  test('nested: lists of maps of sets, maps of lists', () => {
    expect(
      marshal({
        card: { bin: '411111', tags: new Set(['visa', 'debit']), limits: [100, 2500n] },
        history: [{ at: 1, ok: true }, null, [bytes]],
        scores: new Set([1, 2]),
      }),
    ).toEqual({
      M: {
        card: {
          M: {
            bin: { S: '411111' },
            tags: { SS: ['visa', 'debit'] },
            limits: { L: [{ N: '100' }, { N: '2500' }] },
          },
        },
        history: {
          L: [{ M: { at: { N: '1' }, ok: { BOOL: true } } }, { NULL: true }, { L: [{ B: bytes }] }],
        },
        scores: { NS: ['1', '2'] },
      },
    })
  })
})

describe('a value with no DynamoDB type is a problem, not a guess', () => {
  class Card {
    bin = '411111'
  }
  test.each([
    ['undefined', undefined, 'undefined has no DynamoDB type; pass null for NULL'],
    ['NaN', NaN, 'NaN is not a number DynamoDB can store'],
    ['Infinity', Infinity, 'Infinity is not a number DynamoDB can store'],
    ['-Infinity', -Infinity, '-Infinity is not a number DynamoDB can store'],
    ['a function', () => 1, 'a function has no DynamoDB type'],
    ['a symbol', Symbol('s'), 'a symbol has no DynamoDB type'],
    [
      'a Date',
      new Date(0),
      'a Date has no DynamoDB type; pass date.toISOString() or date.getTime()',
    ],
    [
      'a Map',
      new Map([['a', 1]]),
      'a Map has no DynamoDB type; pass a plain object, array, string, number, boolean, null, Uint8Array or Set',
    ],
    [
      'a class instance',
      new Card(),
      'a Card has no DynamoDB type; pass a plain object, array, string, number, boolean, null, Uint8Array or Set',
    ],
    [
      'an empty Set',
      new Set(),
      'an empty Set cannot be stored: DynamoDB sets hold at least one item',
    ],
    [
      'a Set of strings and numbers',
      new Set(['a', 1]),
      'a Set must hold only strings, only numbers or only Uint8Arrays',
    ],
    [
      'a Set of booleans',
      new Set([true]),
      'a Set must hold only strings, only numbers or only Uint8Arrays',
    ],
    ['a Set holding NaN', new Set([1, NaN]), 'the Set holds NaN, not a number DynamoDB can store'],
    [
      'undefined in an array',
      ['a', undefined],
      'item 1 of the array: undefined has no DynamoDB type; pass null for NULL',
    ],
    [
      'a hole in a sparse array',
      [1, , 3],
      'item 1 of the array: undefined has no DynamoDB type; pass null for NULL',
    ],
    [
      'undefined in an object',
      { a: 1, b: undefined },
      'property "b": undefined has no DynamoDB type; pass null for NULL',
    ],
    [
      'deep inside',
      { card: { history: [{ at: new Date(0) }] } },
      'property "card": property "history": item 0 of the array: property "at": a Date has no DynamoDB type; pass date.toISOString() or date.getTime()',
    ],
  ])('%s', (_, value, problem) => {
    expect(marshal(value)).toEqual(new MarshalProblem(problem))
  })
})

describe('a key takes S, N or B only', () => {
  test.each([
    [{ S: 'a' }, true],
    [{ N: '1' }, true],
    [{ B: new Uint8Array([1]) }, true],
    [{ BOOL: true }, false],
    [{ NULL: true }, false],
    [{ L: [] }, false],
    [{ M: {} }, false],
    [{ SS: ['a'] }, false],
  ])('%j → %s', (value, expected) => {
    expect(isKeyType(value)).toBe(expected)
  })
})

describe('a value DynamoDB cannot nest is a problem, not a stack overflow', () => {
  const CYCLE =
    'it contains itself (a cycle); DynamoDB takes arrays and objects nested as a tree, not a cycle'
  const TOO_DEEP =
    'it nests arrays and objects more than 32 levels deep; DynamoDB allows 32 levels of nesting'

  /** `levels` arrays, one inside the other, around `inner` (built without recursion). */
  const arrays = (levels: number, inner: unknown = 1): unknown => {
    let value = inner
    for (let i = 0; i < levels; i++) value = [value]
    return value
  }
  const objects = (levels: number, inner: unknown = 1): unknown => {
    let value = inner
    for (let i = 0; i < levels; i++) value = { k: value }
    return value
  }
  const lists = (levels: number, inner: AttributeValue): AttributeValue => {
    let value = inner
    for (let i = 0; i < levels; i++) value = { L: [value] }
    return value
  }
  const maps = (levels: number, inner: AttributeValue): AttributeValue => {
    let value = inner
    for (let i = 0; i < levels; i++) value = { M: { k: value } }
    return value
  }

  test('32 levels of arrays or of objects map', () => {
    expect(marshal(arrays(32))).toEqual(lists(32, { N: '1' }))
    expect(marshal(objects(32))).toEqual(maps(32, { N: '1' }))
    expect(marshal(arrays(16, objects(15, [])))).toEqual(lists(16, maps(15, { L: [] })))
    // A Set is not a level: DynamoDB takes one inside 32 lists.
    expect(marshal(arrays(32, new Set(['a'])))).toEqual(lists(32, { SS: ['a'] }))
  })

  test.each([
    ['33 levels of arrays', arrays(33)],
    ['33 levels of objects', objects(33)],
    ['an empty array at level 33', arrays(32, [])],
    ['an empty object at level 33', objects(32, {})],
    ['100,000 levels of arrays', arrays(100_000)],
    ['100,000 levels of objects', objects(100_000)],
  ])('%s', (_, value) => {
    expect(marshal(value)).toEqual(new MarshalProblem(TOO_DEEP))
  })

  test('an array that holds itself', () => {
    const list: unknown[] = [1]
    list.push(list)
    expect(marshal(list)).toEqual(new MarshalProblem(CYCLE))
  })

  test('an object that holds itself, directly or further down', () => {
    const direct: Record<string, unknown> = { a: 1 }
    direct.self = direct
    expect(marshal(direct)).toEqual(new MarshalProblem(CYCLE))
    const root: Record<string, unknown> = {}
    root.child = { list: [{ back: root }] }
    expect(marshal(root)).toEqual(new MarshalProblem(CYCLE))
    // A cycle below the value (not through it) is a cycle too.
    const inner: unknown[] = []
    inner.push({ again: inner })
    expect(marshal({ top: [inner] })).toEqual(new MarshalProblem(CYCLE))
  })

  test('a ring longer than 32 objects is too deep before it closes', () => {
    const first: Record<string, unknown> = {}
    let last = first
    for (let i = 0; i < 40; i++) {
      const next: Record<string, unknown> = {}
      last.next = next
      last = next
    }
    last.next = first
    expect(marshal(first)).toEqual(new MarshalProblem(TOO_DEEP))
  })

  test('one object held twice is not a cycle', () => {
    const shared = { n: 1 }
    expect(marshal({ a: shared, b: [shared, shared] })).toEqual({
      M: {
        a: { M: { n: { N: '1' } } },
        b: { L: [{ M: { n: { N: '1' } } }, { M: { n: { N: '1' } } }] },
      },
    })
  })
})
