/**
 * Key recognition: which top-level AND conditions constrain which attribute in a way a key
 * condition can use. Names resolve as field names or attribute names, in any order.
 */
import type { Condition, Operand, PathNode } from '../ast/nodes.js'
import { attributeOf, type TableDefinition } from '../schema/define-table.js'
import type { KeyCondition, KeyValue, KeyValues } from './plan.js'

/** A top-level condition that a key condition could use: which attribute, and what it says. */
export interface KeyUse {
  readonly attribute: string
  readonly condition: KeyCondition
  /** The condition as written, so the planner can leave it out of the filter. */
  readonly node: Condition
}

/** A use that gives the attribute's value: `=`, or an IN list. */
export interface EqualUse extends KeyUse {
  readonly condition: Extract<KeyCondition, { kind: 'equal' }>
}

function isEqual(use: KeyUse): use is EqualUse {
  return use.condition.kind === 'equal'
}

/** True when an equality gives a list of values (IN), not one. */
export function isList(use: EqualUse): boolean {
  return use.condition.values.kind !== 'one'
}

/** A key given by `=` (preferred: one request) or else by an IN list, among `uses`. */
export function equalOrIn(uses: readonly KeyUse[] | undefined): EqualUse | undefined {
  let list: EqualUse | undefined
  for (const use of uses ?? []) {
    if (!isEqual(use)) continue
    if (!isList(use)) return use
    list ??= use
  }
  return list
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

/** What `condition` says about a key attribute, if anything a key condition can use. */
export function keyUseOf(table: TableDefinition, condition: Condition): KeyUse | undefined {
  const use = (attribute: string | undefined, found: KeyCondition | undefined) =>
    attribute === undefined || found === undefined
      ? undefined
      : { attribute, condition: found, node: condition }
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
      if (value === undefined) return undefined
      return use(
        attribute,
        op === '='
          ? { kind: 'equal', values: { kind: 'one', value } }
          : { kind: 'compare', operator: op, value },
      )
    }
    case 'between': {
      const low = keyValue(condition.low)
      const high = keyValue(condition.high)
      if (low === undefined || high === undefined) return undefined
      return use(topAttribute(table, condition.operand), { kind: 'between', low, high })
    }
    case 'begins-with': {
      const prefix = keyValue(condition.prefix)
      if (prefix === undefined) return undefined
      return use(topAttribute(table, condition.path), { kind: 'begins-with', prefix })
    }
    case 'in': {
      const values = keyValues(condition)
      return values && use(topAttribute(table, condition.operand), { kind: 'equal', values })
    }
    default:
      return undefined
  }
}

/** The key values of an IN list, if every item can be a key value. */
function keyValues(condition: Extract<Condition, { kind: 'in' }>): KeyValues | undefined {
  const { list } = condition
  if (list.kind !== 'items') return { kind: 'array', value: list }
  const values: KeyValue[] = []
  for (const item of list.items) {
    const value = keyValue(item)
    if (value === undefined) return undefined
    values.push(value)
  }
  // `x IN (v)` is `x = v`: one written value makes a key equality (a GetItem, not a batch).
  const [only] = values
  if (values.length === 1 && only !== undefined) return { kind: 'one', value: only }
  return { kind: 'list', values }
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

/**
 * The top-level attributes every matching item has: those that a top-level condition of the
 * AND is false without. A comparison other than `<>` with a value, BETWEEN, IN, and every
 * function of the attribute (`size` in a comparison too) need it; `<>`, NOT, OR and a
 * comparison of two attributes do not.
 */
export function presentAttributes(
  table: TableDefinition,
  conditions: readonly Condition[],
): Set<string> {
  const present = new Set<string>()
  const add = (operand: Operand) => {
    const attribute =
      operand.kind === 'size' ? topAttribute(table, operand.path) : topAttribute(table, operand)
    if (attribute !== undefined) present.add(attribute)
  }
  const isValue = (operand: Operand) => operand.kind !== 'path' && operand.kind !== 'size'
  for (const condition of conditions) {
    switch (condition.kind) {
      case 'compare':
        if (condition.operator === '<>') break
        if (isValue(condition.right)) add(condition.left)
        if (isValue(condition.left)) add(condition.right)
        break
      case 'between':
      case 'in':
        add(condition.operand)
        break
      case 'begins-with':
      case 'contains':
      case 'attribute-exists':
      case 'attribute-type':
        add(condition.path)
        break
      default:
        break
    }
  }
  return present
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
        if (node.list.kind === 'items') node.list.items.forEach(operand)
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
