/**
 * A reference evaluator: a parsed statement over an in-memory list of items, with DynamoDB's
 * semantics as measured on DynamoDB Local (type-aware comparison; a missing attribute makes
 * every comparison false except `<>`, which is true; sets compare unordered; sparse indexes).
 * It shares no code with the planner, the compiler or the executor.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import type { Condition, Operand, PathNode, Statement, Value } from '../../src/ast/nodes.js'

export type Item = Record<string, AttributeValue>
export type Params = Record<string, AttributeValue | AttributeValue[]>

/** The source a plan reads, as the reference needs it. */
export interface Source {
  /** Items of the table, or of the index (only those holding the index's keys). */
  readonly items: readonly Item[]
  /** The source's sort key, if it has one. */
  readonly sortKey: string | undefined
  readonly partitionKey: string
}

/** Evaluates the WHERE clause on one item. */
export function matches(condition: Condition | undefined, item: Item, params: Params): boolean {
  return condition === undefined || test(condition, item, params)
}

function test(node: Condition, item: Item, params: Params): boolean {
  switch (node.kind) {
    case 'and':
      return node.operands.every((c) => test(c, item, params))
    case 'or':
      return node.operands.some((c) => test(c, item, params))
    case 'not':
      return !test(node.operand, item, params)
    case 'compare': {
      const left = operand(node.left, item, params)
      const right = operand(node.right, item, params)
      if (node.operator === '<>') {
        if (left === undefined || right === undefined) return true
        return !equal(left, right)
      }
      if (left === undefined || right === undefined) return false
      if (node.operator === '=') return equal(left, right)
      const order = compare(left, right)
      if (order === undefined) return false
      switch (node.operator) {
        case '<':
          return order < 0
        case '<=':
          return order <= 0
        case '>':
          return order > 0
        case '>=':
          return order >= 0
      }
      return false
    }
    case 'between': {
      const value = operand(node.operand, item, params)
      const low = operand(node.low, item, params)
      const high = operand(node.high, item, params)
      if (value === undefined || low === undefined || high === undefined) return false
      const a = compare(value, low)
      const b = compare(value, high)
      return a !== undefined && b !== undefined && a >= 0 && b <= 0
    }
    case 'in': {
      const value = operand(node.operand, item, params)
      if (value === undefined) return false
      const list =
        node.list.kind === 'items'
          ? node.list.items.map((o) => operand(o, item, params))
          : node.list.kind === 'param'
            ? (params[node.list.name] as AttributeValue[])
            : []
      return list.some((candidate) => candidate !== undefined && equal(value, candidate))
    }
    case 'begins-with': {
      const value = resolve(node.path, item)
      const prefix = operand(node.prefix, item, params)
      if (value?.S !== undefined && prefix?.S !== undefined) return value.S.startsWith(prefix.S)
      if (value?.B !== undefined && prefix?.B !== undefined) {
        return (
          prefix.B.every((byte, i) => value.B![i] === byte) && prefix.B.length <= value.B.length
        )
      }
      return false
    }
    case 'contains': {
      const value = resolve(node.path, item)
      const needle = operand(node.operand, item, params)
      if (value === undefined || needle === undefined) return false
      if (value.S !== undefined && needle.S !== undefined) return value.S.includes(needle.S)
      if (value.SS !== undefined && needle.S !== undefined) return value.SS.includes(needle.S)
      if (value.NS !== undefined && needle.N !== undefined) {
        return value.NS.some((n) => Number(n) === Number(needle.N))
      }
      if (value.L !== undefined) return value.L.some((element) => equal(element, needle))
      return false
    }
    case 'attribute-exists':
      return resolve(node.path, item) !== undefined
    case 'attribute-not-exists':
      return resolve(node.path, item) === undefined
    case 'attribute-type': {
      const value = resolve(node.path, item)
      const type = operand(node.type, item, params)
      return value !== undefined && type?.S !== undefined && Object.keys(value)[0] === type.S
    }
    default: {
      const never: never = node
      return never
    }
  }
}

function operand(node: Operand, item: Item, params: Params): AttributeValue | undefined {
  switch (node.kind) {
    case 'path':
      return resolve(node, item)
    case 'size': {
      const value = resolve(node.path, item)
      if (value === undefined) return undefined
      const size =
        value.S?.length ??
        value.B?.length ??
        value.SS?.length ??
        value.NS?.length ??
        value.BS?.length ??
        value.L?.length ??
        (value.M ? Object.keys(value.M).length : undefined)
      return size === undefined ? undefined : { N: String(size) }
    }
    default:
      return literal(node, params)
  }
}

function literal(node: Value, params: Params): AttributeValue {
  switch (node.kind) {
    case 'string':
      return { S: node.value }
    case 'number':
      return { N: node.text }
    case 'boolean':
      return { BOOL: node.value }
    case 'null':
      return { NULL: true }
    case 'param':
      return params[node.name] as AttributeValue
    case 'hole':
      throw new Error('the reference evaluates text statements; holes have no value here')
  }
}

/** The value at a path, or undefined when any step is missing. */
export function resolve(path: PathNode, item: Item): AttributeValue | undefined {
  let value: AttributeValue | undefined = { M: item }
  for (const segment of path.segments) {
    if (value === undefined) return undefined
    if (typeof segment === 'number') value = value.L?.[segment]
    else value = value.M?.[segment]
  }
  return value
}

/** DynamoDB equality: same type and value; sets unordered; numbers by value. */
export function equal(a: AttributeValue, b: AttributeValue): boolean {
  if (a.S !== undefined) return a.S === b.S
  if (a.N !== undefined) return b.N !== undefined && Number(a.N) === Number(b.N)
  if (a.B !== undefined) return b.B !== undefined && bytes(a.B) === bytes(b.B)
  if (a.BOOL !== undefined) return a.BOOL === b.BOOL
  if (a.NULL !== undefined) return b.NULL !== undefined
  if (a.SS !== undefined) return b.SS !== undefined && sameSet(a.SS, b.SS)
  if (a.NS !== undefined) {
    return b.NS !== undefined && sameSet(a.NS.map(Number).map(String), b.NS.map(Number).map(String))
  }
  if (a.BS !== undefined) return b.BS !== undefined && sameSet(a.BS.map(bytes), b.BS.map(bytes))
  if (a.L !== undefined) {
    return b.L !== undefined && a.L.length === b.L.length && a.L.every((x, i) => equal(x, b.L![i]!))
  }
  if (a.M !== undefined) {
    if (b.M === undefined) return false
    const keys = Object.keys(a.M)
    return (
      keys.length === Object.keys(b.M).length &&
      keys.every((k) => b.M![k] !== undefined && equal(a.M![k]!, b.M![k]!))
    )
  }
  return false
}

/** Order of two scalars of one type (S by code point, N by value, B by bytes), else undefined. */
export function compare(a: AttributeValue, b: AttributeValue): number | undefined {
  if (a.S !== undefined && b.S !== undefined) return a.S < b.S ? -1 : a.S > b.S ? 1 : 0
  if (a.N !== undefined && b.N !== undefined) return Math.sign(Number(a.N) - Number(b.N))
  if (a.B !== undefined && b.B !== undefined) {
    for (let i = 0; i < Math.min(a.B.length, b.B.length); i++) {
      if (a.B[i] !== b.B[i]) return a.B[i]! < b.B[i]! ? -1 : 1
    }
    return Math.sign(a.B.length - b.B.length)
  }
  return undefined
}

function bytes(value: Uint8Array): string {
  return Buffer.from(value).toString('hex')
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a)
  const y = new Set(b)
  return x.size === y.size && [...x].every((v) => y.has(v))
}

/** The projection of an item: only the given paths, nested as DynamoDB returns them. */
export function project(item: Item, paths: readonly PathNode[] | undefined): Item {
  if (paths === undefined) return item
  const out: Item = {}
  for (const path of paths) {
    const value = resolve(path, item)
    if (value === undefined) continue
    let target: AttributeValue = { M: out }
    path.segments.forEach((segment, i) => {
      const last = i === path.segments.length - 1
      if (typeof segment === 'number') {
        // DynamoDB compacts projected list elements in order of their index.
        const list = (target.L ??= [])
        if (last) list.push(value)
        else {
          const next: AttributeValue = { M: {} }
          list.push(next)
          target = next
        }
      } else {
        const map = target.M!
        if (last) map[segment] = value
        else {
          const existing = map[segment]
          const next: AttributeValue =
            existing ?? (typeof path.segments[i + 1] === 'number' ? { L: [] } : { M: {} })
          map[segment] = next
          target = next
        }
      }
    })
  }
  return out
}

/** Sort keys of a source in Query order. */
export function sortItems(items: Item[], sortKey: string | undefined, descending: boolean): Item[] {
  if (sortKey === undefined) return items
  const sorted = [...items].sort((a, b) => compare(a[sortKey]!, b[sortKey]!) ?? 0)
  return descending ? sorted.reverse() : sorted
}

export type { Statement }
