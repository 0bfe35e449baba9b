/**
 * The reference evaluator of the differential tests. It evaluates the tests' own statement
 * model (statement-model.ts) over every item the table holds, with DynamoDB's semantics as
 * measured on DynamoDB Local:
 *
 * - comparisons are type-aware: `S` by code point (the order of their UTF-8 bytes), `N` by
 *   exact decimal value, `B` by unsigned bytes; values of different types are never `<`, `>`
 *   or `=`;
 * - a missing attribute makes every comparison false, except `<>`, which is true;
 * - sets compare unordered, lists and maps deeply; `contains` works on strings, sets and
 *   lists; `size` counts a string's UTF-16 code units (as both engines do), a binary's bytes,
 *   a set's or list's elements, a map's keys.
 *
 * What a statement means is decided here, not by the plan dql chose: the items of the table
 * that match WHERE; with `USE INDEX (x)`, only the items index x holds (those with its key
 * attributes); with `ORDER BY k`, only items that have `k` (an item without it has no place
 * in that order). It shares no code with dql.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import {
  compareDecimal,
  decimalKey,
  type Condition,
  type Path,
  type Statement,
  type Term,
} from './statement-model.js'

export type Item = Record<string, AttributeValue>

/** The table as the test created it (its own CreateTable input, not dql's definition). */
export interface TableModel {
  readonly partitionKey: string
  readonly sortKey: string | undefined
  readonly indexes: readonly IndexModel[]
  /** Field name by attribute name: how dql names the attribute in its results. */
  readonly fieldOf: ReadonlyMap<string, string>
}

export interface IndexModel {
  readonly name: string
  readonly type: 'global' | 'local'
  readonly partitionKey: string
  readonly sortKey: string | undefined
  readonly projection: 'ALL' | 'KEYS_ONLY' | readonly string[]
}

/** True when the item is in the index: it has the index's key attributes. */
export function inIndex(item: Item, index: IndexModel): boolean {
  return (
    item[index.partitionKey] !== undefined &&
    (index.sortKey === undefined || item[index.sortKey] !== undefined)
  )
}

/** The items the statement means, in no particular order. */
export function members(statement: Statement, table: TableModel, items: readonly Item[]): Item[] {
  const index = table.indexes.find((i) => i.name === statement.useIndex)
  const orderBy = statement.orderBy?.path
  return items.filter(
    (item) =>
      (index === undefined || inIndex(item, index)) &&
      (orderBy === undefined || resolve(orderBy, item) !== undefined) &&
      statement.where.every((c) => test(c, item)),
  )
}

/** Evaluates one condition on one item. */
export function test(c: Condition, item: Item): boolean {
  switch (c.kind) {
    case 'and':
      return c.operands.every((x) => test(x, item))
    case 'or':
      return c.operands.some((x) => test(x, item))
    case 'not':
      return !test(c.operand, item)
    case 'compare': {
      const left = term(c.left, item)
      const right = term(c.right, item)
      if (left === undefined || right === undefined) return c.op === '<>'
      if (c.op === '=') return equal(left, right)
      if (c.op === '<>') return !equal(left, right)
      const sign = compare(left, right)
      if (sign === undefined) return false
      return c.op === '<'
        ? sign < 0
        : c.op === '<='
          ? sign <= 0
          : c.op === '>'
            ? sign > 0
            : sign >= 0
    }
    case 'between': {
      const value = term(c.operand, item)
      const low = term(c.low, item)
      const high = term(c.high, item)
      if (value === undefined || low === undefined || high === undefined) return false
      const above = compare(value, low)
      const below = compare(value, high)
      return above !== undefined && below !== undefined && above >= 0 && below <= 0
    }
    case 'in': {
      const value = term(c.operand, item)
      if (value === undefined) return false
      return c.list.some((t) => {
        const candidate = term(t, item)
        return candidate !== undefined && equal(value, candidate)
      })
    }
    case 'in-array': {
      const value = term(c.operand, item)
      return value !== undefined && c.values.some((candidate) => equal(value, candidate))
    }
    case 'begins_with': {
      const value = resolve(c.path, item)
      const prefix = term(c.prefix, item)
      if (value?.S !== undefined && prefix?.S !== undefined) return value.S.startsWith(prefix.S)
      if (value?.B !== undefined && prefix?.B !== undefined) {
        return prefix.B.length <= value.B.length && prefix.B.every((b, i) => value.B![i] === b)
      }
      return false
    }
    case 'contains': {
      const value = resolve(c.path, item)
      const needle = term(c.operand, item)
      if (value === undefined || needle === undefined) return false
      if (value.S !== undefined) return needle.S !== undefined && value.S.includes(needle.S)
      if (value.SS !== undefined) return needle.S !== undefined && value.SS.includes(needle.S)
      if (value.NS !== undefined) {
        const n = needle.N
        return n !== undefined && value.NS.some((x) => decimalKey(x) === decimalKey(n))
      }
      if (value.BS !== undefined) {
        const b = needle.B
        return b !== undefined && value.BS.some((x) => hex(x) === hex(b))
      }
      if (value.L !== undefined) return value.L.some((element) => equal(element, needle))
      return false
    }
    case 'attribute_exists':
      return resolve(c.path, item) !== undefined
    case 'attribute_not_exists':
      return resolve(c.path, item) === undefined
    case 'attribute_type': {
      const value = resolve(c.path, item)
      const type = term(c.type, item)
      return value !== undefined && type?.S !== undefined && typeOf(value) === type.S
    }
  }
}

function term(t: Term, item: Item): AttributeValue | undefined {
  switch (t.kind) {
    case 'value':
      return t.value
    case 'path':
      return resolve(t.path, item)
    case 'size': {
      const value = resolve(t.path, item)
      if (value === undefined) return undefined
      const size =
        value.S !== undefined
          ? value.S.length
          : (value.B?.length ??
            value.SS?.length ??
            value.NS?.length ??
            value.BS?.length ??
            value.L?.length ??
            (value.M !== undefined ? Object.keys(value.M).length : undefined))
      return size === undefined ? undefined : { N: String(size) }
    }
  }
}

/** The value at a path, or undefined when any step is missing. */
export function resolve(path: Path, item: Item): AttributeValue | undefined {
  let value: AttributeValue | undefined = { M: item }
  for (const segment of path) {
    if (value === undefined) return undefined
    value = typeof segment === 'number' ? value.L?.[segment] : value.M?.[segment]
  }
  return value
}

/** The DynamoDB type name of a value. */
export function typeOf(value: AttributeValue): string {
  for (const type of ['S', 'N', 'B', 'BOOL', 'NULL', 'SS', 'NS', 'BS', 'L', 'M'] as const) {
    if (value[type] !== undefined) return type
  }
  throw new Error(`a value of no type: ${JSON.stringify(value)}`)
}

/** DynamoDB equality: same type and value; numbers by exact value; sets unordered. */
export function equal(a: AttributeValue, b: AttributeValue): boolean {
  const type = typeOf(a)
  if (type !== typeOf(b)) return false
  switch (type) {
    case 'S':
      return a.S === b.S
    case 'N':
      return decimalKey(a.N!) === decimalKey(b.N!)
    case 'B':
      return hex(a.B!) === hex(b.B!)
    case 'BOOL':
      return a.BOOL === b.BOOL
    case 'NULL':
      return true
    case 'SS':
      return sameSet(a.SS!, b.SS!)
    case 'NS':
      return sameSet(a.NS!.map(decimalKey), b.NS!.map(decimalKey))
    case 'BS':
      return sameSet(a.BS!.map(hex), b.BS!.map(hex))
    case 'L':
      return a.L!.length === b.L!.length && a.L!.every((x, i) => equal(x, b.L![i]!))
    default: {
      const x = a.M!
      const y = b.M!
      const keys = Object.keys(x)
      return (
        keys.length === Object.keys(y).length &&
        keys.every((k) => y[k] !== undefined && equal(x[k]!, y[k]!))
      )
    }
  }
}

/** Order of two scalars of one type, or undefined (different types, or not a scalar). */
export function compare(a: AttributeValue, b: AttributeValue): number | undefined {
  if (a.S !== undefined && b.S !== undefined) {
    return compareBytes(Buffer.from(a.S, 'utf8'), Buffer.from(b.S, 'utf8'))
  }
  if (a.N !== undefined && b.N !== undefined) return Math.sign(compareDecimal(a.N, b.N))
  if (a.B !== undefined && b.B !== undefined) return compareBytes(a.B, b.B)
  return undefined
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1
  }
  return Math.sign(a.length - b.length)
}

function hex(value: Uint8Array): string {
  return Buffer.from(value).toString('hex')
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a)
  const y = new Set(b)
  return x.size === y.size && [...x].every((v) => y.has(v))
}

/**
 * The projection of an item: only the given paths, nested as DynamoDB returns them (list
 * elements compacted, in the order of their indexes).
 */
export function project(item: Item, paths: readonly Path[] | undefined): Item {
  if (paths === undefined) return item
  const root: { M?: Item; L?: AttributeValue[] } = { M: {} }
  const ordered = [...paths].sort((x, y) => comparePaths(x, y))
  for (const path of ordered) {
    const value = resolve(path, item)
    if (value === undefined) continue
    let target: { M?: Item; L?: AttributeValue[] } = root
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!
      const last = i === path.length - 1
      const child: { M?: Item; L?: AttributeValue[] } = last
        ? (value as { M?: Item; L?: AttributeValue[] })
        : typeof path[i + 1] === 'number'
          ? { L: [] }
          : { M: {} }
      if (typeof segment === 'number') {
        // Compacted: the n-th projected element of a list lands at the end.
        target.L!.push(child as AttributeValue)
        target = child
      } else {
        const existing = target.M![segment]
        if (existing !== undefined && !last) {
          target = existing as { M?: Item; L?: AttributeValue[] }
          continue
        }
        target.M![segment] = child as AttributeValue
        target = child
      }
    }
  }
  return root.M!
}

function comparePaths(x: Path, y: Path): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const a = x[i]!
    const b = y[i]!
    if (a === b) continue
    if (typeof a === 'number' && typeof b === 'number') return a - b
    return 0
  }
  return 0
}
