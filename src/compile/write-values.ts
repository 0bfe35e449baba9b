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
  const proto = typeof raw === 'object' && raw !== null ? Object.getPrototypeOf(raw) : undefined
  if (typeof raw !== 'object' || raw === null || (proto !== Object.prototype && proto !== null)) {
    throw itemError(
      text,
      slot,
      `${which} is a plain object of attributes, not ${Array.isArray(raw) ? 'an array' : typeof raw}`,
    )
  }
  const bound: Item = {}
  const given = new Map<string, string>()
  for (const [name, value] of Object.entries(raw)) {
    const attribute = attributeOf(table, name)
    const before = given.get(attribute)
    if (before !== undefined) {
      throw itemError(
        text,
        slot,
        `${which} gives the attribute ${attribute} twice, as ${before} and as ${name}; give it once`,
      )
    }
    given.set(attribute, name)
    const mapped = marshal(value)
    if (mapped instanceof MarshalProblem) {
      throw badValue(text, slot, `${which.toLowerCase()}'s ${name}: ${mapped.reason}`)
    }
    if (attribute === '__proto__') defineOwn(bound, attribute, mapped)
    else bound[attribute] = mapped
  }
  return checked(text, table, bound, slot, index)
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
  for (const key of table.sortKey === undefined
    ? [table.partitionKey]
    : [table.partitionKey, table.sortKey]) {
    const value = Object.hasOwn(item, key) ? item[key] : undefined
    const field = table.fieldOf.get(key)
    const name = field === undefined ? key : `${key} (field ${field})`
    if (value === undefined) {
      throw new DqlError(
        'bind.bad-item',
        `${which} has no ${name}; an item holds the table's full primary key.`,
        { position: { text, offset: at } },
      )
    }
    if (!isKeyType(value) || value.S === '' || (value.B !== undefined && value.B.length === 0)) {
      throw new DqlError(
        'bind.bad-item',
        `${which}'s key ${name} is ${describeValue(value)}${value.S === '' || value.B !== undefined ? ' that is empty' : ''}; a key is a non-empty string, a number or a non-empty Uint8Array.`,
        { position: { text, offset: at } },
      )
    }
  }
  const size = itemSize(item)
  if (size > MAX_ITEM_BYTES) {
    throw new DqlError(
      'bind.item-too-large',
      `${which} is about ${size} bytes, over DynamoDB's limit of ${MAX_ITEM_BYTES} (400 KB, names and values together); store large values elsewhere (S3) and keep a reference.`,
      { position: { text, offset: at } },
    )
  }
  return item
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

/**
 * An item's size as DynamoDB counts it: each name's UTF-8 bytes plus its value's, a number
 * about one byte per two digits plus one, a list or map three bytes plus one per element
 * and its elements (a map's names too), a boolean or null one byte.
 */
export function itemSize(item: Item): number {
  let size = 0
  for (const name in item) {
    const value = item[name]
    if (value !== undefined) size += Buffer.byteLength(name) + valueSize(value)
  }
  return size
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S)
  if (value.N !== undefined) return numberSize(value.N)
  if (value.B !== undefined) return value.B.length
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + Buffer.byteLength(s), 0)
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + numberSize(n), 0)
  if (value.BS !== undefined) return value.BS.reduce((sum, b) => sum + b.length, 0)
  if (value.L !== undefined) return value.L.reduce((sum, v) => sum + 1 + valueSize(v), 3)
  if (value.M !== undefined) return 3 + itemSize(value.M) + Object.keys(value.M).length
  return 0
}

function numberSize(text: string): number {
  const digits = text.replace(/[^0-9]/g, '').replace(/^0+/, '').length
  return Math.ceil(digits / 2) + 1
}
