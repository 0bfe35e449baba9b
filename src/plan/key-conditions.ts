/**
 * Key recognition: which top-level AND conditions constrain which attribute in a way a key
 * condition can use. Names resolve as field names or attribute names, in any order.
 */
import type { Condition, Operand, PathNode } from '../ast/nodes.js'
import { attributeOf, type TableDefinition } from '../schema/define-table.js'
import type { KeyValue, KeyValues } from './plan.js'

/** A top-level condition that a key condition could use. */
export type KeyUse =
  | { readonly kind: 'equal'; readonly values: KeyValues; readonly node: Condition }
  | { readonly kind: 'in'; readonly values: KeyValues; readonly node: Condition }
  | {
      readonly kind: 'compare'
      readonly operator: '<' | '<=' | '>' | '>='
      readonly value: KeyValue
      readonly node: Condition
    }
  | {
      readonly kind: 'between'
      readonly low: KeyValue
      readonly high: KeyValue
      readonly node: Condition
    }
  | { readonly kind: 'begins-with'; readonly prefix: KeyValue; readonly node: Condition }

/** A key given by `=` (preferred: one request) or else by an IN list, among `uses`. */
export function equalOrIn(
  uses: readonly KeyUse[] | undefined,
): (KeyUse & { kind: 'equal' | 'in' }) | undefined {
  const found = uses?.find((use) => use.kind === 'equal') ?? uses?.find((use) => use.kind === 'in')
  return found as (KeyUse & { kind: 'equal' | 'in' }) | undefined
}

/** The conditions joined by the top-level AND of a WHERE clause, nested ANDs included. */
export function conjuncts(where: Condition | undefined): readonly Condition[] {
  if (where === undefined) return []
  if (where.kind !== 'and') return [where]
  // `(a AND b) AND c` is the same AND: parentheses must not hide a key.
  return where.operands.flatMap((operand) => conjuncts(operand))
}

/** The attribute a one-segment path names, or undefined for nested paths. */
export function topAttribute(table: TableDefinition, operand: Operand): string | undefined {
  if (operand.kind !== 'path' || operand.segments.length !== 1) return undefined
  const name = operand.segments[0]
  return typeof name === 'string' ? attributeOf(table, name) : undefined
}

const FLIP = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as const

/** What `condition` says about a key attribute, as `[attribute, use]`, if anything usable. */
export function keyUseOf(
  table: TableDefinition,
  condition: Condition,
): readonly [string, KeyUse] | undefined {
  switch (condition.kind) {
    case 'compare': {
      const { left, right, operator } = condition
      if (operator === '<>') return undefined
      let attribute = topAttribute(table, left)
      let value = keyValue(right)
      let op = operator
      if (attribute === undefined || value === undefined) {
        attribute = topAttribute(table, right)
        value = keyValue(left)
        if (op !== '=') op = FLIP[op]
      }
      if (attribute === undefined || value === undefined) return undefined
      if (op === '=') {
        return [attribute, { kind: 'equal', values: { kind: 'one', value }, node: condition }]
      }
      return [attribute, { kind: 'compare', operator: op, value, node: condition }]
    }
    case 'between': {
      const attribute = topAttribute(table, condition.operand)
      const low = keyValue(condition.low)
      const high = keyValue(condition.high)
      if (attribute === undefined || low === undefined || high === undefined) return undefined
      return [attribute, { kind: 'between', low, high, node: condition }]
    }
    case 'begins-with': {
      const attribute = topAttribute(table, condition.path)
      const prefix = keyValue(condition.prefix)
      if (attribute === undefined || prefix === undefined) return undefined
      return [attribute, { kind: 'begins-with', prefix, node: condition }]
    }
    case 'in': {
      const attribute = topAttribute(table, condition.operand)
      if (attribute === undefined) return undefined
      const { list } = condition
      if (!Array.isArray(list)) {
        const single = list as Exclude<typeof list, readonly Operand[]>
        return [
          attribute,
          { kind: 'in', values: { kind: 'array', value: single }, node: condition },
        ]
      }
      const values: KeyValue[] = []
      for (const item of list as readonly Operand[]) {
        const value = keyValue(item)
        if (value === undefined) return undefined
        values.push(value)
      }
      // `x IN (v)` is `x = v`: one written value makes a key equality (a GetItem, not a batch).
      if (values.length === 1) {
        return [
          attribute,
          { kind: 'equal', values: { kind: 'one', value: values[0]! }, node: condition },
        ]
      }
      return [attribute, { kind: 'in', values: { kind: 'list', values }, node: condition }]
    }
    default:
      return undefined
  }
}

/** A key can only be a string, a number or binary: literals of those kinds, holes, params. */
function keyValue(operand: Operand): KeyValue | undefined {
  switch (operand.kind) {
    case 'string':
    case 'number':
    case 'hole':
    case 'param':
      return operand
    default:
      return undefined
  }
}

/** Every top-level attribute a condition mentions (for key-in-filter and coverage checks). */
export function attributesIn(table: TableDefinition, condition: Condition): Map<string, number> {
  const found = new Map<string, number>()
  const path = (node: PathNode) => {
    const first = node.segments[0]
    if (typeof first === 'string') {
      const attribute = attributeOf(table, first)
      if (!found.has(attribute)) found.set(attribute, node.at)
    }
  }
  const operand = (node: Operand) => {
    if (node.kind === 'path') path(node)
    else if (node.kind === 'size') path(node.path)
  }
  const visit = (node: Condition): void => {
    switch (node.kind) {
      case 'and':
      case 'or':
        node.operands.forEach(visit)
        return
      case 'not':
        visit(node.operand)
        return
      case 'compare':
        operand(node.left)
        operand(node.right)
        return
      case 'between':
        operand(node.operand)
        operand(node.low)
        operand(node.high)
        return
      case 'in':
        operand(node.operand)
        if (Array.isArray(node.list)) (node.list as readonly Operand[]).forEach(operand)
        return
      case 'begins-with':
        path(node.path)
        operand(node.prefix)
        return
      case 'contains':
        path(node.path)
        operand(node.operand)
        return
      case 'attribute-exists':
      case 'attribute-not-exists':
        path(node.path)
        return
      case 'attribute-type':
        path(node.path)
        operand(node.type)
        return
      default: {
        const never: never = node
        return never
      }
    }
  }
  visit(condition)
  return found
}
