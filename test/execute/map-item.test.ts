import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { describe, expect, test } from 'vitest'
import { mapItem } from '../../src/execute/map-item.js'
import { defineTable } from '../../src/schema/define-table.js'
import { failure } from '../parse/helpers.js'
import { ownShape, prototypeNames } from '../support/own-shape.js'

const table = defineTable({ name: 'things', partitionKey: 'id', fields: { stats: 'raw_stats' } })
const message = (text: string, path: string) =>
  `The number ${text} in ${path} does not fit a JavaScript number exactly; ` +
  "create the client with createDql({ numbers: 'bigint' }) or { numbers: 'string' } to read it without loss."

describe('a number that would lose precision names where it is', () => {
  test('at the top level, by attribute name', () => {
    const { code, error } = failure(() =>
      mapItem({ id: { S: 'a' }, raw_stats: { N: '12345678901234567890' } }, table, 'number'),
    )
    expect({ code, message: error.message }).toEqual({
      code: 'result.unsafe-number',
      message: message('12345678901234567890', 'raw_stats'),
    })
  })

  test('inside maps and lists, with the whole path', () => {
    const item = {
      id: { S: 'a' },
      raw_stats: {
        M: {
          ok: { N: '1' },
          deep: { L: [{ N: '2' }, { M: { n: { N: '0.1234567890123456789' } } }] },
        },
      },
    }
    const { error } = failure(() => mapItem(item, table, 'bigint'))
    expect(error.message).toBe(message('0.1234567890123456789', 'raw_stats.deep[1].n'))
  })

  test('nested values map as before when every number fits', () => {
    const item = {
      id: { S: 'a' },
      raw_stats: { M: { deep: { L: [{ N: '2' }, { M: { n: { N: '12345678901234567890' } } }] } } },
    }
    expect(mapItem(item, table, 'bigint')).toEqual({
      id: 'a',
      stats: { deep: [2, { n: 12345678901234567890n }] },
    })
  })
})

describe('every attribute name is an own, enumerable property, __proto__ and constructor too', () => {
  const before = prototypeNames()
  // JSON.parse makes `__proto__` an own key, as the SDK does for the maps it reads.
  const item = JSON.parse(`{
    "id": { "S": "a" },
    "__proto__": { "M": { "isAdmin": { "BOOL": true } } },
    "constructor": { "S": "c" },
    "settings": { "M": {
      "__proto__": { "M": { "isAdmin": { "BOOL": true } } },
      "constructor": { "N": "1" },
      "toString": { "S": "t" },
      "theme": { "S": "dark" }
    } },
    "list": { "L": [{ "M": { "__proto__": { "L": [{ "S": "x" }] } } }] }
  }`) as Record<string, AttributeValue>
  const expected = JSON.parse(`{
    "id": "a",
    "__proto__": { "isAdmin": true },
    "constructor": "c",
    "settings": { "__proto__": { "isAdmin": true }, "constructor": 1, "toString": "t", "theme": "dark" },
    "list": [{ "__proto__": ["x"] }]
  }`) as unknown

  test('the whole item, prototypes and property kinds included', () => {
    const mapped = mapItem(item, table, 'number')
    expect(ownShape(mapped)).toEqual(ownShape(expected))
    expect(Object.getPrototypeOf(mapped)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(mapped, '__proto__')).toEqual({
      value: { isAdmin: true },
      writable: true,
      enumerable: true,
      configurable: true,
    })
    const settings = mapped.settings as Record<string, unknown>
    expect(Object.getPrototypeOf(settings)).toBe(Object.prototype)
    expect(settings.isAdmin).toBeUndefined()
    expect(prototypeNames()).toEqual(before)
  })

  test('a key attribute named __proto__, and a strip list naming it', () => {
    const keyed = defineTable({ name: 'keyed', partitionKey: 'id', sortKey: '__proto__' })
    const withKey = JSON.parse(
      '{ "id": { "S": "a" }, "__proto__": { "S": "k" }, "owner": { "M": { "__proto__": { "S": "y" } } } }',
    ) as Record<string, AttributeValue>
    expect(ownShape(mapItem(withKey, keyed, 'number'))).toEqual(
      ownShape(JSON.parse('{ "id": "a", "__proto__": "k", "owner": { "__proto__": "y" } }')),
    )
    expect(ownShape(mapItem(withKey, keyed, 'number', ['id', '__proto__']))).toEqual(
      ownShape(JSON.parse('{ "owner": { "__proto__": "y" } }')),
    )
  })

  test('a field named __proto__', () => {
    const named = defineTable({
      name: 'named',
      partitionKey: 'id',
      fields: JSON.parse('{ "__proto__": "owner_id" }') as Record<string, string>,
    })
    const mapped = mapItem({ id: { S: 'a' }, owner_id: { S: 'u1' } }, named, 'number')
    expect(ownShape(mapped)).toEqual(ownShape(JSON.parse('{ "id": "a", "__proto__": "u1" }')))
  })
})
