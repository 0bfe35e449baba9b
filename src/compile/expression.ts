/**
 * Expression text with deterministic placeholders: names become `#n0, #n1…` in order of first
 * use, values `:v0, :v1…` in order of appearance. Values are never written into expression
 * text; each placeholder has a slot that says where its value comes from.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import type { Condition, HoleValue, Operand, ParamValue, PathNode, Value } from '../ast/nodes.js'
import { attributeOf, type TableDefinition } from '../schema/define-table.js'

/** A value given at call time: the template hole at `index`, or the parameter `name`. */
export type CallSlot =
  | { readonly kind: 'hole'; readonly index: number; readonly at: number }
  | { readonly kind: 'param'; readonly name: string; readonly at: number }

/**
 * Where a value placeholder's value comes from at bind time: the statement, the call, or (a
 * written map or list of a write holding holes or parameters) both.
 */
export type Slot =
  { readonly kind: 'static'; readonly value: AttributeValue } | CallSlot | CompositeSlot

/** A written map or list with holes or parameters inside: built per call. */
export interface CompositeSlot {
  readonly kind: 'composite'
  readonly shape: Composite
  readonly at: number
}

/** The shape of a written map or list: each part static, from the call, or nested. */
export type Composite =
  | { readonly kind: 'map'; readonly entries: readonly (readonly [string, Slot])[] }
  | { readonly kind: 'list'; readonly items: readonly Slot[] }

/** A value placeholder and where its value comes from. */
export interface ValueSlot {
  readonly placeholder: string
  readonly slot: Slot
}

/** An IN list whose length is known only at bind time (`x IN ${array}`). */
export interface DynamicList {
  readonly kind: 'list'
  readonly slot: CallSlot
}

/** Expression text, possibly with IN lists expanded per call. */
export type Pieces = readonly (string | DynamicList)[]

/**
 * A check on bound values that DynamoDB would otherwise refuse with a ValidationException:
 * a begins_with prefix that is not a string or binary, BETWEEN bounds out of order or of two
 * types, an attribute_type name that is no type. `at` is where the statement says it.
 */
export type OperandCheck =
  | { readonly kind: 'prefix'; readonly placeholder: string; readonly at: number }
  | { readonly kind: 'range'; readonly low: string; readonly high: string; readonly at: number }
  | { readonly kind: 'type'; readonly placeholder: string; readonly at: number }

/** Collects the names and values of one SDK input. */
export class ExpressionBuilder {
  readonly names = new Map<string, string>()
  readonly values: ValueSlot[] = []
  readonly checks: OperandCheck[] = []
  private readonly params = new Map<string, string>()

  constructor(private readonly table: TableDefinition) {}

  name(attribute: string): string {
    let placeholder = this.names.get(attribute)
    if (placeholder === undefined) {
      placeholder = `#n${this.names.size}`
      this.names.set(attribute, placeholder)
    }
    return placeholder
  }

  /**
   * A placeholder for a value; one `:param` used twice shares one placeholder. With `shared`
   * false the placeholder is the node's alone: its value is replaced per request (the key of
   * one Query per key), so another use of the same `:param` must not follow it.
   */
  value(node: Value, shared = true): string {
    if (shared && node.kind === 'param') {
      const known = this.params.get(node.name)
      if (known !== undefined) return known
    }
    const placeholder = `:v${this.values.length}`
    this.values.push({ placeholder, slot: slotOf(node) })
    if (shared && node.kind === 'param') this.params.set(node.name, placeholder)
    return placeholder
  }

  /** A placeholder for a value built at compile time (a written map or list of a write). */
  slot(slot: Slot): string {
    const placeholder = `:v${this.values.length}`
    this.values.push({ placeholder, slot })
    return placeholder
  }

  path(node: PathNode): string {
    let text = ''
    node.segments.forEach((segment, i) => {
      if (typeof segment === 'number') text += `[${segment}]`
      else {
        const attribute = i === 0 ? attributeOf(this.table, segment) : segment
        text += (i === 0 ? '' : '.') + this.name(attribute)
      }
    })
    return text
  }

  operand(node: Operand): string {
    switch (node.kind) {
      case 'path':
        return this.path(node)
      case 'size':
        return `size(${this.path(node.path)})`
      default:
        return this.value(node)
    }
  }

  /**
   * A condition as expression pieces. AND/OR inside another operator get parentheses, and so
   * does a NOT right inside a NOT.
   */
  condition(node: Condition): Pieces {
    switch (node.kind) {
      case 'and':
      case 'or': {
        const joiner = node.kind === 'and' ? ' AND ' : ' OR '
        const out: (string | DynamicList)[] = []
        node.operands.forEach((operand, i) => {
          if (i > 0) out.push(joiner)
          out.push(...this.grouped(operand))
        })
        return out
      }
      case 'not': {
        // DynamoDB takes `NOT NOT x`, but other engines (dynalite) refuse it as a syntax
        // error; `NOT (NOT x)` means the same and every engine reads it.
        const operand = this.grouped(node.operand)
        return node.operand.kind === 'not' ? ['NOT (', ...operand, ')'] : ['NOT ', ...operand]
      }
      case 'compare':
        return [`${this.operand(node.left)} ${node.operator} ${this.operand(node.right)}`]
      case 'between': {
        const operand = this.operand(node.operand)
        const low = this.operand(node.low)
        const high = this.operand(node.high)
        if (isValueNode(node.low) && isValueNode(node.high)) {
          this.checks.push({ kind: 'range', low, high, at: node.low.at })
        }
        return [`${operand} BETWEEN ${low} AND ${high}`]
      }
      case 'in': {
        const left = this.operand(node.operand)
        const list = node.list
        if (list.kind === 'items') {
          const items = list.items.map((item) => this.operand(item))
          return [`${left} IN (${items.join(', ')})`]
        }
        return [`${left} IN (`, { kind: 'list', slot: callSlotOf(list) }, ')']
      }
      case 'begins-with': {
        const prefix = this.operand(node.prefix)
        if (isValueNode(node.prefix)) {
          this.checks.push({ kind: 'prefix', placeholder: prefix, at: node.prefix.at })
        }
        return [`begins_with(${this.path(node.path)}, ${prefix})`]
      }
      case 'contains':
        return [`contains(${this.path(node.path)}, ${this.operand(node.operand)})`]
      case 'attribute-exists':
        return [`attribute_exists(${this.path(node.path)})`]
      case 'attribute-not-exists':
        return [`attribute_not_exists(${this.path(node.path)})`]
      case 'attribute-type': {
        const type = this.operand(node.type)
        if (isValueNode(node.type)) {
          this.checks.push({ kind: 'type', placeholder: type, at: node.type.at })
        }
        return [`attribute_type(${this.path(node.path)}, ${type})`]
      }
      default: {
        const never: never = node
        return never
      }
    }
  }

  private grouped(node: Condition): Pieces {
    const pieces = this.condition(node)
    return node.kind === 'and' || node.kind === 'or' ? ['(', ...pieces, ')'] : pieces
  }

  /** The ProjectionExpression of a list of paths, each path once, in order. */
  projection(paths: readonly PathNode[]): string[] {
    const parts: string[] = []
    for (const path of paths) {
      const part = this.path(path)
      if (!parts.includes(part)) parts.push(part)
    }
    return parts
  }

  /** The ExpressionAttributeNames object, or undefined when no name was used. */
  namesObject(): Record<string, string> | undefined {
    if (this.names.size === 0) return undefined
    const names: Record<string, string> = {}
    for (const [attribute, placeholder] of this.names) names[placeholder] = attribute
    return Object.freeze(names)
  }
}

/** The slot for a value node: literals are marshalled once, here. */
export function slotOf(node: Value): Slot {
  switch (node.kind) {
    case 'string':
      return { kind: 'static', value: { S: node.value } }
    case 'number':
      return { kind: 'static', value: { N: node.text } }
    case 'boolean':
      return { kind: 'static', value: { BOOL: node.value } }
    case 'null':
      return { kind: 'static', value: { NULL: true } }
    case 'hole':
    case 'param':
      return callSlotOf(node)
  }
}

/** The slot of a hole or a parameter. */
export function callSlotOf(node: HoleValue | ParamValue): CallSlot {
  return node.kind === 'hole'
    ? { kind: 'hole', index: node.hole, at: node.at }
    : { kind: 'param', name: node.name, at: node.at }
}

/** Joins pieces that hold no dynamic list; undefined when some do. */
export function staticText(pieces: Pieces): string | undefined {
  let text = ''
  for (const piece of pieces) {
    if (typeof piece !== 'string') return undefined
    text += piece
  }
  return text
}

/** True for a literal, a hole or a parameter: an operand that becomes a value placeholder. */
export function isValueNode(node: Operand): node is Value {
  return node.kind !== 'path' && node.kind !== 'size'
}
