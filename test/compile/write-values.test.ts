/**
 * An item passed whole (`VALUE ${item}`) as bind makes it: its attributes under their names,
 * an attribute given twice (by field and by attribute name) refused with both names, and the
 * 400 KB limit counted in UTF-8 bytes to the byte.
 */
import { describe, expect, test } from 'vitest'
import { itemOf, itemSize, MAX_ITEM_BYTES } from '../../src/compile/write-values.js'
import { DqlError } from '../../src/errors.js'
import { defineTable } from '../../src/index.js'

const orders = defineTable({
  name: 'orders',
  partitionKey: 'customer_id',
  sortKey: 'order_id',
  fields: { customerId: 'customer_id', status: 'order_status' },
})
const text = 'REPLACE INTO orders VALUE ${…}'
const slot = { kind: 'hole', index: 0, at: 26 } as const

/** What itemOf throws, as code and reason. */
function refusal(raw: unknown): { code: string; reason: string } | undefined {
  try {
    itemOf(text, orders, raw, slot, undefined)
    return undefined
  } catch (error) {
    if (!(error instanceof DqlError)) throw error
    return { code: error.code, reason: error.reason }
  }
}

describe('an item passed whole', () => {
  test('its names become attributes, in the order given', () => {
    const item = itemOf(
      text,
      orders,
      { customerId: 'c1', order_id: 'o1', status: 'PAID', total: 12 },
      slot,
      undefined,
    )
    expect(Object.entries(item)).toEqual([
      ['customer_id', { S: 'c1' }],
      ['order_id', { S: 'o1' }],
      ['order_status', { S: 'PAID' }],
      ['total', { N: '12' }],
    ])
  })

  test('an inherited enumerable property is not an attribute', () => {
    const raw: Record<string, unknown> = Object.create(null)
    Object.assign(raw, { customer_id: 'c1', order_id: 'o1' })
    const child = Object.assign(Object.create(raw), { note: 'x' })
    expect(refusal(child)).toEqual({
      code: 'bind.bad-item',
      reason:
        'The value of hole 1 cannot be written: The item is a plain object of attributes, not object.',
    })
    expect(itemOf(text, orders, raw, slot, undefined)).toEqual({
      customer_id: { S: 'c1' },
      order_id: { S: 'o1' },
    })
  })

  test.each([
    [{ customerId: 'c1', order_id: 'o1', customer_id: 'c2' }, 'customerId', 'customer_id'],
    [
      { order_status: 'PAID', customer_id: 'c1', order_id: 'o1', status: 'x' },
      'order_status',
      'status',
    ],
  ])('%j gives one attribute twice: refused with both names', (raw, first, second) => {
    const attribute = first === 'customerId' ? 'customer_id' : 'order_status'
    expect(refusal(raw)).toEqual({
      code: 'bind.bad-item',
      reason: `The value of hole 1 cannot be written: The item gives the attribute ${attribute} twice, as ${first} and as ${second}; give it once.`,
    })
  })

  test('a key that is missing or empty is refused by name', () => {
    expect(refusal({ customer_id: 'c1' })).toEqual({
      code: 'bind.bad-item',
      reason: "The item has no order_id; an item holds the table's full primary key.",
    })
    expect(refusal({ customer_id: '', order_id: 'o1' })).toEqual({
      code: 'bind.bad-item',
      reason:
        "The item's key customer_id (field customerId) is a string that is empty; a key is a non-empty string, a number or a non-empty Uint8Array.",
    })
    expect(refusal({ customer_id: 'c1', order_id: true })).toEqual({
      code: 'bind.bad-item',
      reason:
        "The item's key order_id is a boolean; a key is a non-empty string, a number or a non-empty Uint8Array.",
    })
  })
})

describe('the 400 KB limit, in UTF-8 bytes', () => {
  // customer_id + c1 (13) + order_id + o1 (10) + note (4): 27 bytes besides the note's value.
  const withNote = (note: string) => ({ customer_id: 'c1', order_id: 'o1', note })
  const room = MAX_ITEM_BYTES - 27

  test.each([
    ['ASCII', 'x', 1],
    ['two-byte é', 'é', 2],
    ['three-byte €', '€', 3],
    ['four-byte 😀 (two UTF-16 units)', '😀', 4],
  ])('%s: an item of exactly 400 KB is written, one byte more is refused', (_, char, bytes) => {
    const fits = char.repeat(Math.floor(room / bytes)) + 'x'.repeat(room % bytes)
    expect(itemSize(itemOf(text, orders, withNote(fits), slot, undefined))).toBe(MAX_ITEM_BYTES)
    expect(refusal(withNote(fits + 'x'))).toEqual({
      code: 'bind.item-too-large',
      reason: `The item is about ${MAX_ITEM_BYTES + 1} bytes, over DynamoDB's limit of ${MAX_ITEM_BYTES} (400 KB, names and values together); store large values elsewhere (S3) and keep a reference.`,
    })
  })

  test('numbers count one byte per two significant digits, plus one', () => {
    const numbers = { customer_id: 'c1', order_id: 'o1', a: 123456, b: 0, c: -0.00125 }
    // 23 + (a 1 + 4) + (b 1 + 1) + (c 1 + 3: digits 125 after leading zeros)
    expect(itemSize(itemOf(text, orders, numbers, slot, undefined))).toBe(34)
  })
})
