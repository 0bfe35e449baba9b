/**
 * Attribute names that are also names of Object.prototype (`__proto__`, `constructor`,
 * `toString`…), in items written by the raw SDK, read through Query, Scan, GetItem and
 * BatchGetItem: each is an own, enumerable property of the result, no result gets another
 * prototype, and Object.prototype is left as it was.
 *
 * What an engine can hold differs: dynalite refuses a top-level `__proto__` attribute and
 * drops a nested one, so `proto: false` leaves `__proto__` out of its items. And the AWS SDK
 * itself drops the value of a *top-level* `__proto__` attribute from every item it reads (it
 * keeps nested ones): the expected results say so, and a test pins that behaviour of the SDK,
 * so that it is noticed when it changes. The lean transport parses DynamoDB's answer with
 * JSON.parse, which keeps it as an own property: through it the results have it
 * (`TEST_TRANSPORT === 'lean'`), and BatchGetItem matches such keys.
 */
import {
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DqlError, type Dql } from '../../src/index.js'
import { createDql, TEST_TRANSPORT } from './create-dql.js'
import type { Engine } from './engine.js'
import { ownShape, prototypeNames } from './own-shape.js'

/** Parsed as JSON, so that `__proto__` is an own key, as in a DynamoDB response. */
const json = <T>(text: string): T => JSON.parse(text) as T

const ITEM_1 = `{ "p": { "S": "p" }, "sk": { "S": "1" }, "constructor": { "S": "c" },
  "m": { "M": { "constructor": { "N": "1" }, "toString": { "S": "t" },
    "hasOwnProperty": { "BOOL": true }, "valueOf": { "NULL": true } } },
  "list": { "L": [{ "M": { "constructor": { "S": "in a list" } } }] } }`
const RESULT_1 = `{ "p": "p", "sk": "1", "constructor": "c",
  "m": { "constructor": 1, "toString": "t", "hasOwnProperty": true, "valueOf": null },
  "list": [{ "constructor": "in a list" }] }`

const ITEM_2 = `{ "p": { "S": "p" }, "sk": { "S": "2" },
  "__proto__": { "M": { "isAdmin": { "BOOL": true } } },
  "settings": { "M": { "__proto__": { "M": { "isAdmin": { "BOOL": true } } },
    "theme": { "S": "dark" } } },
  "list": { "L": [{ "M": { "__proto__": { "S": "x" } } }] } }`
/** Whether the results keep a top-level `__proto__`: the lean transport's do, the SDK's not. */
const KEEPS_TOP_PROTO = TEST_TRANSPORT === 'lean'
/** Through the SDK the top-level `__proto__` is not there: it drops its value (see above). */
const RESULT_2 = `{ "p": "p", "sk": "2",${KEEPS_TOP_PROTO ? ' "__proto__": { "isAdmin": true },' : ''}
  "settings": { "__proto__": { "isAdmin": true }, "theme": "dark" },
  "list": [{ "__proto__": "x" }] }`

/** Registers the suite; `start` gives a fresh, empty engine. */
export function defineProtoNameSuite(
  start: () => Promise<Engine>,
  engine: { readonly proto: boolean },
): void {
  let current: Engine
  let db: Dql
  const before = prototypeNames()
  const results = (...texts: string[]) => ownShape(texts.map((text) => json(text)))
  const both = engine.proto ? [RESULT_1, RESULT_2] : [RESULT_1]

  beforeAll(async () => {
    current = await start()
    const client = current.client
    const table = async (name: string, sortKey: string) => {
      await client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'p', AttributeType: 'S' },
            { AttributeName: sortKey, AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'p', KeyType: 'HASH' },
            { AttributeName: sortKey, KeyType: 'RANGE' },
          ],
        }),
      )
    }
    const put = (name: string, item: string) =>
      client.send(
        new PutItemCommand({ TableName: name, Item: json<Record<string, AttributeValue>>(item) }),
      )
    await table('names', 'sk')
    await put('names', ITEM_1)
    if (engine.proto) await put('names', ITEM_2)
    await table('ctorkeys', 'constructor')
    for (const k of ['c1', 'c2']) {
      await put(
        'ctorkeys',
        `{ "p": { "S": "p" }, "constructor": { "S": "${k}" }, "v": { "S": "${k}" } }`,
      )
    }
    if (engine.proto) {
      await table('protokeys', '__proto__')
      for (const k of ['k1', 'k2']) {
        await put(
          'protokeys',
          `{ "p": { "S": "p" }, "__proto__": { "S": "${k}" }, "v": { "S": "${k}" } }`,
        )
      }
    }
    // Tables come from DescribeTable, key names and all.
    db = createDql({ client })
  })
  afterAll(async () => {
    // No read added anything to Object.prototype.
    expect(prototypeNames()).toEqual(before)
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
    await current?.close()
  })

  describe('attribute names of Object.prototype are own properties of the result', () => {
    test('Scan', async () => {
      const items = await db.all`SCAN FROM names`
      items.sort((a, b) => String(a.sk).localeCompare(String(b.sk)))
      expect(ownShape(items)).toEqual(results(...both))
    })

    test('Query', async () => {
      expect(ownShape(await db.all`FROM names WHERE p = 'p'`)).toEqual(results(...both))
    })

    test('GetItem', async () => {
      expect(ownShape(await db.all`FROM names WHERE p = 'p' AND sk = '1'`)).toEqual(
        results(RESULT_1),
      )
      if (engine.proto) {
        const item = await db.first`FROM names WHERE p = 'p' AND sk = '2'`
        expect(ownShape([item])).toEqual(results(RESULT_2))
        const settings = item?.settings as Record<string, unknown>
        expect(settings.isAdmin).toBeUndefined()
        expect(item?.isAdmin).toBeUndefined()
        expect(Object.getPrototypeOf(item)).toBe(Object.prototype)
      }
    })

    test('BatchGetItem, in key order, and with the keys left out of a projection', async () => {
      const keys = engine.proto ? ['2', '1'] : ['1']
      expect(ownShape(await db.all`FROM names WHERE p = 'p' AND sk IN ${keys}`)).toEqual(
        results(...[...both].reverse()),
      )
      const projected = await db.all`SELECT m, settings FROM names WHERE p = 'p' AND sk IN ${keys}`
      const expected = [
        '{ "settings": { "__proto__": { "isAdmin": true }, "theme": "dark" } }',
        `{ "m": { "constructor": 1, "toString": "t", "hasOwnProperty": true, "valueOf": null } }`,
      ]
      expect(ownShape(projected)).toEqual(results(...expected.slice(engine.proto ? 0 : 1)))
    })
  })

  describe('a key attribute named constructor', () => {
    const item = (k: string) => `{ "p": "p", "constructor": "${k}", "v": "${k}" }`

    test('GetItem, Query and BatchGetItem', async () => {
      expect(ownShape(await db.all`FROM ctorkeys WHERE p = 'p' AND constructor = 'c2'`)).toEqual(
        results(item('c2')),
      )
      expect(ownShape(await db.all`FROM ctorkeys WHERE p = 'p'`)).toEqual(
        results(item('c1'), item('c2')),
      )
      expect(
        ownShape(await db.all`FROM ctorkeys WHERE p = 'p' AND constructor IN ('c2', 'c1')`),
      ).toEqual(results(item('c2'), item('c1')))
      expect(
        ownShape(
          await db.all`SELECT v FROM ctorkeys WHERE p = 'p' AND constructor IN ('c2', 'c1')`,
        ),
      ).toEqual(results('{ "v": "c2" }', '{ "v": "c1" }'))
    })
  })

  // Registered only where the engine can hold such a key (not dynalite).
  if (engine.proto) defineProtoKeyTests()

  function defineProtoKeyTests() {
    describe('a key attribute named __proto__', () => {
      test('the AWS SDK reads every item without the value of a top-level __proto__', async () => {
        const output = await current.client.send(
          new GetItemCommand({
            TableName: 'protokeys',
            Key: json('{ "p": { "S": "p" }, "__proto__": { "S": "k1" } }'),
          }),
        )
        // An own __proto__ whose value is undefined: the SDK defines the key, then loses the value.
        const dropped = Object.defineProperty({}, '__proto__', {
          value: undefined,
          writable: true,
          enumerable: true,
          configurable: true,
        })
        expect(ownShape(output.Item)).toEqual(
          ownShape({ ...dropped, p: { S: 'p' }, v: { S: 'k1' } }),
        )
      })

      if (KEEPS_TOP_PROTO) {
        test('GetItem, Query and BatchGetItem read it as an own property, in key order', async () => {
          const item = (k: string) => `{ "p": "p", "__proto__": "${k}", "v": "${k}" }`
          expect(ownShape(await db.all`FROM protokeys WHERE p = 'p' AND __proto__ = 'k2'`)).toEqual(
            results(item('k2')),
          )
          expect(ownShape(await db.all`FROM protokeys WHERE p = 'p'`)).toEqual(
            results(item('k1'), item('k2')),
          )
          expect(
            ownShape(await db.all`FROM protokeys WHERE p = 'p' AND __proto__ IN ('k2', 'k1')`),
          ).toEqual(results(item('k2'), item('k1')))
        })
        return
      }

      test('GetItem and Query send it in the key; the result lacks it as the SDK dropped it', async () => {
        expect(ownShape(await db.all`FROM protokeys WHERE p = 'p' AND __proto__ = 'k2'`)).toEqual(
          results('{ "p": "p", "v": "k2" }'),
        )
        expect(ownShape(await db.all`FROM protokeys WHERE p = 'p'`)).toEqual(
          results('{ "p": "p", "v": "k1" }', '{ "p": "p", "v": "k2" }'),
        )
      })

      test('BatchGetItem cannot match items without it to their keys: an error, not fewer items', async () => {
        const error = await db.all`FROM protokeys WHERE p = 'p' AND __proto__ IN ('k2', 'k1')`.then(
          () => undefined,
          (caught: unknown) => caught,
        )
        expect(error).toBeInstanceOf(DqlError)
        expect(error).toMatchObject({
          code: 'execute.unmatched-item',
          message:
            'BatchGetItem returned items without a value for the key attribute __proto__ (the AWS SDK for JavaScript drops a top-level attribute named __proto__ from the items it reads), so they cannot be matched to the keys asked for; no partial result is returned. Read such items with a Query instead.',
        })
      })
    })
  }
}
