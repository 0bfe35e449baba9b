/**
 * The values of writes: written maps and lists as slots (folded into one static value when
 * they hold no hole or parameter), and items — written or passed whole — as the Item an SDK
 * input holds, with their names resolved, the full key checked and the 400 KB limit enforced
 * before anything is sent.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import type { ItemNode, Literal } from '../ast/nodes.js'
import { DqlError } from '../errors.js'
import { attributeOf, type TableDefinition } from '../schema/define-table.js'
import { badValue, bindValue, describeValue, rawValue } from './binder.js'
import { callSlotOf, slotOf, type CallSlot, type Slot } from './expression.js'
import { defineOwn, isKeyType, marshal, MarshalProblem } from './marshal.js'
import type { BindArgs, Key } from './prepared.js'

export type Item = Record<string, AttributeValue>

/** DynamoDB's largest item: 400 KB, names and values together. */
export const MAX_ITEM_BYTES = 400 * 1024

/** A written value as a slot: static when nothing in it comes from the call. */
export function literalSlot(node: Literal): Slot {
  if (node.kind === 'map') {
    const entries = node.entries.map((entry) => [entry.name, literalSlot(entry.value)] as const)
    if (entries.every(([, slot]) => slot.kind === 'static')) {
      const map: Item = {}
      for (const [name, slot] of entries) {
        if (slot.kind !== 'static') continue
        if (name === '__proto__') defineOwn(map, name, slot.value)
        else map[name] = slot.value
      }
      return { kind: 'static', value: { M: map } }
    }
    return { kind: 'composite', shape: { kind: 'map', entries }, at: node.at }
  }
  if (node.kind === 'list') {
    const items = node.items.map(literalSlot)
    const values: AttributeValue[] = []
    for (const slot of items) if (slot.kind === 'static') values.push(slot.value)
    if (values.length === items.length) return { kind: 'static', value: { L: values } }
    return { kind: 'composite', shape: { kind: 'list', items }, at: node.at }
  }
  return slotOf(node)
}

/** An item as compiled: its attributes written out, or one value holding the whole item. */
export type ItemSlots =
  | { readonly kind: 'written'; readonly entries: readonly (readonly [string, Slot])[] }
  | { readonly kind: 'value'; readonly slot: CallSlot }

/** A written item's top-level names become attribute names (a field's attribute, or itself). */
export function compileItem(table: TableDefinition, node: ItemNode): ItemSlots {
  if (node.kind !== 'map') return { kind: 'value', slot: callSlotOf(node) }
  const entries = node.entries.map(
    (entry) => [attributeOf(table, entry.name), literalSlot(entry.value)] as const,
  )
  return { kind: 'written', entries }
}

/** One item for this call: checked for its full key and its size. */
export function bindItem(
  text: string,
  table: TableDefinition,
  item: ItemSlots,
  args: BindArgs,
): Item {
  if (item.kind === 'value') {
    return itemOf(text, table, rawValue(text, item.slot, args), item.slot, undefined)
  }
  const bound: Item = {}
  for (const [attribute, slot] of item.entries) {
    const value = bindValue(text, slot, args)
    if (attribute === '__proto__') defineOwn(bound, attribute, value)
    else bound[attribute] = value
  }
  return checked(text, table, bound, item.entries[0]?.[1], undefined)
}

/**
 * A JS object passed as an item (`index` is its place in an array of items): a plain object,
 * each name a field or an attribute of the table — one attribute under both names is refused.
 */
export function itemOf(
  text: string,
  table: TableDefinition,
  raw: unknown,
  slot: CallSlot,
  index: number | undefined,
): Item {
  const which = index === undefined ? 'The item' : `Item ${index}`
  if (!isPlainObject(raw)) {
    throw itemError(
      text,
      slot,
      `${which} is a plain object of attributes, not ${Array.isArray(raw) ? 'an array' : typeof raw}`,
    )
  }
  const bound: Item = {}
  // for…in with hasOwn, not Object.entries: the same names in the same order, without an
  // array per call and one per attribute.
  for (const name in raw) {
    if (!Object.hasOwn(raw, name)) continue
    const attribute = attributeOf(table, name)
    if (Object.hasOwn(bound, attribute)) {
      throw itemError(
        text,
        slot,
        `${which} gives the attribute ${attribute} twice, as ${firstNameOf(table, raw, attribute)} and as ${name}; give it once`,
      )
    }
    const mapped = marshal(raw[name])
    if (mapped instanceof MarshalProblem) {
      throw badValue(text, slot, `${which.toLowerCase()}'s ${name}: ${mapped.reason}`)
    }
    if (attribute === '__proto__') defineOwn(bound, attribute, mapped)
    else bound[attribute] = mapped
  }
  return checked(text, table, bound, slot, index)
}

/** A plain object: made by `{…}`, JSON.parse or `Object.create(null)`, not an instance. */
function isPlainObject(raw: unknown): raw is Readonly<Record<string, unknown>> {
  if (typeof raw !== 'object' || raw === null) return false
  const proto: unknown = Object.getPrototypeOf(raw)
  return proto === Object.prototype || proto === null
}

/** The first of an item's own names that stands for `attribute`. */
function firstNameOf(
  table: TableDefinition,
  raw: Readonly<Record<string, unknown>>,
  attribute: string,
): string {
  for (const name in raw) {
    if (Object.hasOwn(raw, name) && attributeOf(table, name) === attribute) return name
  }
  return attribute
}

/** Refuses an item without its full key (or with a key of another type), or over 400 KB. */
function checked(
  text: string,
  table: TableDefinition,
  item: Item,
  slot: Slot | undefined,
  index: number | undefined,
): Item {
  const at = slot === undefined || slot.kind === 'static' ? 0 : slot.at
  const which = index === undefined ? 'The item' : `Item ${index}`
  checkItemKey(text, table, item, table.partitionKey, at, which)
  if (table.sortKey !== undefined) checkItemKey(text, table, item, table.sortKey, at, which)
  // Exact sizes (UTF-8 bytes) only when the item may be near the limit: an upper bound from
  // string lengths alone clears nearly every item without encoding a name or a value.
  if (itemSize(item, BOUND) > MAX_ITEM_BYTES) {
    const size = itemSize(item)
    if (size > MAX_ITEM_BYTES) {
      throw new DqlError(
        'bind.item-too-large',
        `${which} is about ${size} bytes, over DynamoDB's limit of ${MAX_ITEM_BYTES} (400 KB, names and values together); store large values elsewhere (S3) and keep a reference.`,
        { position: { text, offset: at } },
      )
    }
  }
  return item
}

/** Refuses an item without the key attribute `key`, or with a key of another type. */
function checkItemKey(
  text: string,
  table: TableDefinition,
  item: Item,
  key: string,
  at: number,
  which: string,
): void {
  const value = Object.hasOwn(item, key) ? item[key] : undefined
  if (
    value !== undefined &&
    isKeyType(value) &&
    value.S !== '' &&
    (value.B === undefined || value.B.length > 0)
  ) {
    return
  }
  const field = table.fieldOf.get(key)
  const name = field === undefined ? key : `${key} (field ${field})`
  if (value === undefined) {
    throw new DqlError(
      'bind.bad-item',
      `${which} has no ${name}; an item holds the table's full primary key.`,
      { position: { text, offset: at } },
    )
  }
  throw new DqlError(
    'bind.bad-item',
    `${which}'s key ${name} is ${describeValue(value)}${value.S === '' || value.B !== undefined ? ' that is empty' : ''}; a key is a non-empty string, a number or a non-empty Uint8Array.`,
    { position: { text, offset: at } },
  )
}

function itemError(text: string, slot: CallSlot, problem: string): DqlError {
  const which =
    slot.kind === 'hole' ? `The value of hole ${slot.index + 1}` : `The value of :${slot.name}`
  return new DqlError('bind.bad-item', `${which} cannot be written: ${problem}.`, {
    position: { text, offset: slot.at },
  })
}

/** The key of an item, as a Key input holds it. */
export function keyOf(table: TableDefinition, item: Item): Key {
  const key: Key = {}
  const p = item[table.partitionKey]
  if (p !== undefined) key[table.partitionKey] = p
  if (table.sortKey !== undefined) {
    const s = item[table.sortKey]
    if (s !== undefined) key[table.sortKey] = s
  }
  return key
}

/** How a size is counted: exactly, or as an upper bound that needs no encoding. */
interface Sizes {
  /** A name's or a string's bytes. */
  readonly text: (text: string) => number
  /** A number's bytes, from its text. */
  readonly number: (text: string) => number
}

const EXACT: Sizes = { text: (text) => Buffer.byteLength(text), number: numberSize }

/**
 * At least the exact size: UTF-8 takes at most 3 bytes per UTF-16 code unit, and a number at
 * most one byte per character of its text, plus one.
 */
const BOUND: Sizes = { text: (text) => 3 * text.length, number: (text) => text.length + 1 }

/**
 * An item's size as DynamoDB counts it: each name's UTF-8 bytes plus its value's, a number
 * about one byte per two digits plus one, a list or map three bytes plus one per element
 * and its elements (a map's names too), a boolean or null one byte.
 */
export function itemSize(item: Item, sizes: Sizes = EXACT): number {
  let size = 0
  for (const name in item) {
    const value = item[name]
    if (value !== undefined) size += sizes.text(name) + valueSize(value, sizes)
  }
  return size
}

function valueSize(value: AttributeValue, sizes: Sizes): number {
  if (value.S !== undefined) return sizes.text(value.S)
  if (value.N !== undefined) return sizes.number(value.N)
  if (value.B !== undefined) return value.B.length
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + sizes.text(s), 0)
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + sizes.number(n), 0)
  if (value.BS !== undefined) return value.BS.reduce((sum, b) => sum + b.length, 0)
  if (value.L !== undefined) return value.L.reduce((sum, v) => sum + 1 + valueSize(v, sizes), 3)
  if (value.M !== undefined) return 3 + itemSize(value.M, sizes) + Object.keys(value.M).length
  return 0
}

function numberSize(text: string): number {
  const digits = text.replace(/[^0-9]/g, '').replace(/^0+/, '').length
  return Math.ceil(digits / 2) + 1
}
