/**
 * Names that are also Object.prototype's: a value holding an own `__proto__` key (as JSON.parse
 * makes it) is sent with that key, and a key attribute named `__proto__` or `constructor` is
 * in the Key of a GetItem and of every BatchGetItem key.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { describe, expect, test } from 'vitest'
import { marshal } from '../../src/compile/marshal.js'
import { createDql, defineTable } from '../../src/index.js'
import { ownShape, prototypeNames } from '../support/own-shape.js'

describe('a value with an own __proto__ key is sent with it, as a map key', () => {
  test('at the top and nested, beside constructor', () => {
    const before = prototypeNames()
    const value = JSON.parse(
      '{ "__proto__": { "isAdmin": true }, "constructor": "c", "list": [{ "__proto__": 1 }] }',
    ) as unknown
    const expected = JSON.parse(`{ "M": {
      "__proto__": { "M": { "isAdmin": { "BOOL": true } } },
      "constructor": { "S": "c" },
      "list": { "L": [{ "M": { "__proto__": { "N": "1" } } }] }
    } }`) as unknown
    expect(ownShape(marshal(value))).toEqual(ownShape(expected))
    expect(prototypeNames()).toEqual(before)
  })
})

describe('a key attribute named __proto__ or constructor is in the Key', () => {
  const protos = defineTable({ name: 'protos', partitionKey: 'p', sortKey: '__proto__' })
  const ctors = defineTable({ name: 'ctors', partitionKey: 'constructor', sortKey: 'sk' })
  const db = createDql({ client: new DynamoDBClient({ region: 'local' }), tables: [protos, ctors] })
  const key = (json: string) => ownShape(JSON.parse(json))

  test('GetItem', () => {
    const explained = db.explain`FROM protos WHERE p = ${'a'} AND __proto__ = ${'k'}`
    expect(explained.operation).toBe('GetItem')
    expect(ownShape(explained.input)).toEqual(
      ownShape(
        JSON.parse(
          '{ "TableName": "protos", "Key": { "p": { "S": "a" }, "__proto__": { "S": "k" } } }',
        ),
      ),
    )
  })

  test('BatchGetItem', () => {
    const explained = db.explain`FROM protos WHERE p = 'a' AND __proto__ IN (${'k'}, ${'j'})`
    expect(explained.operation).toBe('BatchGetItem')
    expect(ownShape(explained.input)).toEqual(
      key(`{ "RequestItems": { "protos": { "Keys": [
        { "p": { "S": "a" }, "__proto__": { "S": "k" } },
        { "p": { "S": "a" }, "__proto__": { "S": "j" } }
      ] } } }`),
    )
  })

  test('constructor as the partition key', () => {
    const explained = db.explain`FROM ctors WHERE constructor = 'a' AND sk IN ('k', 'j')`
    expect(ownShape(explained.input)).toEqual(
      key(`{ "RequestItems": { "ctors": { "Keys": [
        { "constructor": { "S": "a" }, "sk": { "S": "k" } },
        { "constructor": { "S": "a" }, "sk": { "S": "j" } }
      ] } } }`),
    )
  })
})
