/**
 * Plan → PreparedCommand: everything static about the SDK input (table, index, expressions,
 * ExpressionAttributeNames, literal values) is computed here, once. `bind` only looks up this
 * call's values, marshals them and assembles the input.
 */
import type {
  AttributeValue,
  BatchGetItemCommandInput,
  GetItemCommandInput,
  QueryCommandInput,
  ScanCommandInput,
} from '@aws-sdk/client-dynamodb'
import { DqlError } from '../errors.js'
import type {
  BatchGetItemPlan,
  GetItemPlan,
  KeyValue,
  KeyValues,
  Plan,
  QueryPlan,
  ScanPlan,
} from '../plan/plan.js'
import {
  ExpressionBuilder,
  slotOf,
  staticText,
  type OperandCheck,
  type Pieces,
  type Slot,
} from './expression.js'
import { isKeyType, keyId, marshal } from './marshal.js'

/** A call's values: the template's hole values, or a text statement's named parameters. */
export type BindArgs = readonly unknown[] | Readonly<Record<string, unknown>>

type Key = Record<string, AttributeValue>

/** A statement bound to one call's values: the SDK input(s) to send. */
export type BoundCommand =
  | { readonly operation: 'GetItem'; readonly input: GetItemCommandInput }
  | {
      readonly operation: 'Query'
      /** One input, or one per key when an IN list made this one Query per key. */
      readonly inputs: readonly QueryCommandInput[]
      readonly limit: number | undefined
      readonly count: boolean
    }
  | {
      readonly operation: 'Scan'
      readonly input: ScanCommandInput
      readonly limit: number | undefined
      readonly count: boolean
    }
  | {
      readonly operation: 'BatchGetItem'
      /** Every key to read, in IN-list order, without duplicates. */
      readonly keys: readonly Key[]
      /** The request for up to 100 of those keys. */
      readonly request: (keys: readonly Key[]) => BatchGetItemCommandInput
      /** Key attributes read only to put results in order, to drop from each item. */
      readonly strip: readonly string[]
      readonly limit: number | undefined
    }

/** A statement compiled for one table set: bind values, get SDK inputs. */
export interface PreparedCommand {
  readonly plan: Plan
  /** The statement text, holes shown as `${…}`. */
  readonly text: string
  bind(args: BindArgs): BoundCommand
}

/** Largest IN list DynamoDB takes in a filter. */
const MAX_IN_VALUES = 100

/** Compiles a plan. `text` is the statement, for the positions of bind errors. */
export function prepareCommand(plan: Plan, text: string): PreparedCommand {
  switch (plan.operation) {
    case 'GetItem':
      return prepareGetItem(plan, text)
    case 'BatchGetItem':
      return prepareBatchGet(plan, text)
    case 'Query':
      return prepareQuery(plan, text)
    case 'Scan':
      return prepareScan(plan, text)
  }
}

function prepareGetItem(plan: GetItemPlan, text: string): PreparedCommand {
  const binder = new Binder(text)
  const builder = new ExpressionBuilder(plan.table)
  const projection = projectionOf(plan, builder)
  const names = builder.namesObject()
  const { tableName, partitionKey, sortKey } = plan.table
  const partitionSlot = slotOf(plan.partition)
  const sortSlot = plan.sort ? slotOf(plan.sort) : undefined
  const consistent = plan.consistent
  return {
    plan,
    text,
    bind(args) {
      const Key: Key = { [partitionKey]: binder.key(partitionSlot, args, partitionKey) }
      if (sortSlot) Key[sortKey!] = binder.key(sortSlot, args, sortKey!)
      const input: GetItemCommandInput = { TableName: tableName, Key }
      if (projection !== undefined) {
        input.ProjectionExpression = projection
        input.ExpressionAttributeNames = names
      }
      if (consistent) input.ConsistentRead = true
      return { operation: 'GetItem', input }
    },
  }
}

function prepareBatchGet(plan: BatchGetItemPlan, text: string): PreparedCommand {
  const binder = new Binder(text)
  const { table } = plan
  const builder = new ExpressionBuilder(table)
  let projection = projectionOf(plan, builder)
  // Results come back in any order: read the key too, to put them in IN-list order.
  const strip: string[] = []
  if (projection !== undefined) {
    // A key named only inside a path (`meta.user_id`) has a placeholder but is not read.
    const parts = projection.split(', ')
    const extra: string[] = []
    for (const key of [table.partitionKey, table.sortKey]) {
      if (key === undefined) continue
      const placeholder = builder.name(key)
      if (!parts.includes(placeholder)) {
        strip.push(key)
        extra.push(placeholder)
      }
    }
    if (extra.length) projection = [projection, ...extra].join(', ')
  }
  const names = builder.namesObject()
  const tableName = table.tableName
  return {
    plan,
    text,
    bind(args) {
      const keys = keyProduct(
        binder,
        args,
        table.partitionKey,
        plan.partition,
        table.sortKey,
        plan.sort,
      )
      return {
        operation: 'BatchGetItem',
        keys,
        strip,
        limit: plan.limit,
        request(chunk) {
          const request: NonNullable<BatchGetItemCommandInput['RequestItems']>[string] = {
            Keys: [...chunk],
          }
          if (projection !== undefined) {
            request.ProjectionExpression = projection
            request.ExpressionAttributeNames = names
          }
          if (plan.consistent) request.ConsistentRead = true
          return { RequestItems: { [tableName]: request } }
        },
      }
    },
  }
}

function prepareQuery(plan: QueryPlan, text: string): PreparedCommand {
  const binder = new Binder(text)
  const builder = new ExpressionBuilder(plan.table)
  // Key-condition values bound once per call, checked to be a key type at bind time (lists
  // are checked per key by keyProduct).
  const keyChecks: { placeholder: string; slot: Slot; attribute: string }[] = []
  const keyValue = (node: KeyValue, attribute: string) => {
    const placeholder = builder.value(node)
    keyChecks.push({ placeholder, slot: slotOf(node), attribute })
    return placeholder
  }
  // A list's placeholder takes each key in turn: it is never shared with a `:param`.
  const listValue = (values: KeyValues, attribute: string) =>
    values.kind === 'one'
      ? keyValue(values.value, attribute)
      : builder.value(placeholderNode(values), false)
  // The key condition's values come first (:v0 partition, then the sort key's).
  const partitionName = builder.name(plan.partitionKey)
  const partitionPlaceholder = listValue(plan.partition, plan.partitionKey)
  let keyCondition = `${partitionName} = ${partitionPlaceholder}`
  let sortPlaceholder: string | undefined
  const sort = plan.sort
  if (sort) {
    const sortKey = plan.sortKey!
    const name = builder.name(sortKey)
    switch (sort.kind) {
      case 'equal':
        sortPlaceholder = listValue(sort.values, sortKey)
        keyCondition += ` AND ${name} = ${sortPlaceholder}`
        break
      case 'compare':
        keyCondition += ` AND ${name} ${sort.operator} ${keyValue(sort.value, sortKey)}`
        break
      case 'between': {
        const low = keyValue(sort.low, sortKey)
        const high = keyValue(sort.high, sortKey)
        builder.checks.push({ kind: 'range', low, high, at: sort.low.at })
        keyCondition += ` AND ${name} BETWEEN ${low} AND ${high}`
        break
      }
      case 'begins-with': {
        const prefix = keyValue(sort.prefix, sortKey)
        builder.checks.push({ kind: 'prefix', placeholder: prefix, at: sort.prefix.at })
        keyCondition += ` AND begins_with(${name}, ${prefix})`
        break
      }
    }
  }
  const filter = plan.filter ? builder.condition(plan.filter) : undefined
  const projection = projectionOf(plan, builder)
  const names = builder.namesObject()
  const count = plan.projection.kind === 'count'

  const base: QueryCommandInput = { TableName: plan.table.tableName }
  if (plan.index) base.IndexName = plan.index.indexName
  base.KeyConditionExpression = keyCondition
  if (projection !== undefined) base.ProjectionExpression = projection
  base.ExpressionAttributeNames = names
  if (count) base.Select = 'COUNT'
  if (plan.descending) base.ScanIndexForward = false
  if (plan.limit !== undefined && filter === undefined) base.Limit = plan.limit
  if (plan.consistent) base.ConsistentRead = true

  const values = builder.values
  const checks = builder.checks
  const keyed = plan.sortKey !== undefined && sort?.kind === 'equal'
  return {
    plan,
    text,
    bind(args) {
      const common = binder.values(values, args)
      for (const { placeholder, slot, attribute } of keyChecks) {
        binder.checkKey(common[placeholder]!, slot, attribute)
      }
      if (checks.length > 0) binder.check(checks, common)
      const filterText = filter ? binder.expand(filter, args, common, values.length) : undefined
      const make = (values: Record<string, AttributeValue>) => {
        const input: QueryCommandInput = { ...base }
        if (filterText !== undefined) input.FilterExpression = filterText
        input.ExpressionAttributeValues = values
        return input
      }
      // One Query: every key value is already among this call's values.
      if (!plan.perKey)
        return { operation: 'Query', inputs: [make(common)], limit: plan.limit, count }
      const keys = keyProduct(
        binder,
        args,
        plan.partitionKey,
        plan.partition,
        keyed ? plan.sortKey : undefined,
        keyed && sort?.kind === 'equal' ? sort.values : undefined,
      )
      return {
        operation: 'Query',
        inputs: keys.map((key) => {
          const values = { ...common, [partitionPlaceholder]: key[plan.partitionKey]! }
          if (keyed) values[sortPlaceholder!] = key[plan.sortKey!]!
          return make(values)
        }),
        limit: plan.limit,
        count,
      }
    },
  }
}

function prepareScan(plan: ScanPlan, text: string): PreparedCommand {
  const binder = new Binder(text)
  const builder = new ExpressionBuilder(plan.table)
  const filter = plan.filter ? builder.condition(plan.filter) : undefined
  const projection = projectionOf(plan, builder)
  const names = builder.namesObject()
  const count = plan.projection.kind === 'count'
  const base: ScanCommandInput = { TableName: plan.table.tableName }
  if (plan.index) base.IndexName = plan.index.indexName
  if (projection !== undefined) base.ProjectionExpression = projection
  if (names) base.ExpressionAttributeNames = names
  if (count) base.Select = 'COUNT'
  if (plan.limit !== undefined && filter === undefined) base.Limit = plan.limit
  if (plan.consistent) base.ConsistentRead = true
  const checks = builder.checks
  const values = builder.values
  return {
    plan,
    text,
    bind(args) {
      const input: ScanCommandInput = { ...base }
      if (filter) {
        const bound = binder.values(values, args)
        if (checks.length > 0) binder.check(checks, bound)
        input.FilterExpression = binder.expand(filter, args, bound, values.length)
        if (Object.keys(bound).length > 0) input.ExpressionAttributeValues = bound
      }
      return { operation: 'Scan', input, limit: plan.limit, count }
    },
  }
}

/** The ProjectionExpression for a list of paths; undefined for `*` and COUNT(*). */
function projectionOf(plan: Plan, builder: ExpressionBuilder): string | undefined {
  if (plan.projection.kind !== 'paths') return undefined
  const seen = new Set<string>()
  const parts: string[] = []
  for (const path of plan.projection.paths) {
    const part = builder.path(path)
    if (!seen.has(part)) {
      seen.add(part)
      parts.push(part)
    }
  }
  return parts.join(', ')
}

/** The node whose placeholder stands for a key's value (the first, for lists). */
function placeholderNode(values: KeyValues): KeyValue {
  switch (values.kind) {
    case 'one':
      return values.value
    case 'list':
      return values.values[0]!
    case 'array':
      return values.value
  }
}

/** Every key (partition × sort) the IN lists name, in list order, without duplicates. */
function keyProduct(
  binder: Binder,
  args: BindArgs,
  partitionKey: string,
  partition: KeyValues,
  sortKey: string | undefined,
  sort: KeyValues | undefined,
): Key[] {
  const partitions = binder.keyList(partition, args, partitionKey)
  const sorts = sort && sortKey ? binder.keyList(sort, args, sortKey) : [undefined]
  const seen = new Set<string>()
  const keys: Key[] = []
  for (const p of partitions) {
    for (const s of sorts) {
      const id = keyId(p) + (s ? `\u0000${keyId(s)}` : '')
      if (seen.has(id)) continue
      seen.add(id)
      const key: Key = { [partitionKey]: p }
      if (s && sortKey) key[sortKey] = s
      keys.push(key)
    }
  }
  return keys
}

/** Looks up and marshals one call's values, with positioned errors. */
class Binder {
  constructor(private readonly text: string) {}

  raw(slot: Exclude<Slot, { kind: 'static' }>, args: BindArgs): unknown {
    if (slot.kind === 'hole') {
      if (!Array.isArray(args)) {
        throw this.error(
          'bind.missing-param',
          'This statement has ${…} holes; call it with the template values.',
          slot.at,
        )
      }
      return args[slot.index]
    }
    if (Array.isArray(args)) {
      throw this.error(
        'bind.missing-param',
        `:${slot.name} is a parameter of text statements (db.prepare); in a template, write the value as \${…}.`,
        slot.at,
      )
    }
    if (!Object.hasOwn(args, slot.name)) {
      throw this.error(
        'bind.missing-param',
        `No value for :${slot.name}; pass it in the parameters, e.g. { ${slot.name}: … }.`,
        slot.at,
      )
    }
    return (args as Record<string, unknown>)[slot.name]
  }

  value(slot: Slot, args: BindArgs): AttributeValue {
    if (slot.kind === 'static') return slot.value
    const raw = this.raw(slot, args)
    const mapped = marshal(raw)
    if (typeof mapped === 'string') throw this.badValue(slot, mapped)
    return mapped
  }

  key(slot: Slot, args: BindArgs, attribute: string): AttributeValue {
    const value = this.value(slot, args)
    this.checkKey(value, slot, attribute)
    return value
  }

  /** Throws bind.bad-value unless `value` can be a key: a string, a number or a binary. */
  checkKey(value: AttributeValue, slot: Slot, attribute: string): void {
    if (!isKeyType(value)) {
      const where = slot.kind === 'static' ? 0 : slot.at
      throw this.error(
        'bind.bad-value',
        `The key ${attribute} takes a string, a number or a Uint8Array, not ${describe(value)}.`,
        where,
      )
    }
  }

  keyList(values: KeyValues, args: BindArgs, attribute: string): AttributeValue[] {
    switch (values.kind) {
      case 'one':
        return [this.key(slotOf(values.value), args, attribute)]
      case 'list':
        return values.values.map((value) => this.key(slotOf(value), args, attribute))
      case 'array': {
        const slot = slotOf(values.value) as Exclude<Slot, { kind: 'static' }>
        const list = this.array(slot, args)
        return list.map((item) => {
          const mapped = marshal(item)
          if (typeof mapped === 'string') throw this.badValue(slot, mapped)
          if (!isKeyType(mapped)) {
            throw this.error(
              'bind.bad-value',
              `The key ${attribute} takes strings, numbers or Uint8Arrays, not ${describe(mapped)}.`,
              slot.at,
            )
          }
          return mapped
        })
      }
    }
  }

  array(slot: Exclude<Slot, { kind: 'static' }>, args: BindArgs): readonly unknown[] {
    const raw = this.raw(slot, args)
    if (Array.isArray(raw)) return raw
    if (raw instanceof Set) return [...raw]
    throw this.badValue(slot, `IN needs an array (or a Set) of values here, not ${typeof raw}`)
  }

  /** Refuses bound values that DynamoDB would reject (see OperandCheck). */
  check(checks: readonly OperandCheck[], bound: Record<string, AttributeValue>): void {
    for (const check of checks) {
      if (check.kind === 'prefix') {
        const value = bound[check.placeholder]!
        if (value.S === undefined && value.B === undefined) {
          throw this.error(
            'bind.bad-value',
            `begins_with takes a string or binary prefix, not ${describe(value)}.`,
            check.at,
          )
        }
      } else if (check.kind === 'type') {
        const value = bound[check.placeholder]!
        if (value.S === undefined || !ATTRIBUTE_TYPES.has(value.S)) {
          throw this.error(
            'bind.bad-value',
            `attribute_type takes one of ${[...ATTRIBUTE_TYPES].join(', ')}, not ${value.S === undefined ? describe(value) : JSON.stringify(value.S)}.`,
            check.at,
          )
        }
      } else {
        const low = bound[check.low]!
        const high = bound[check.high]!
        const order = compareScalars(low, high)
        if (order === undefined) {
          throw this.error(
            'bind.bad-value',
            'BETWEEN takes two bounds of one type: strings, numbers or binaries.',
            check.at,
          )
        }
        if (order > 0) {
          throw this.error(
            'bind.bad-value',
            'BETWEEN takes its low bound first: here the first bound is greater than the second.',
            check.at,
          )
        }
      }
    }
  }

  values(
    list: readonly { readonly placeholder: string; readonly slot: Slot }[],
    args: BindArgs,
  ): Record<string, AttributeValue> {
    const bound: Record<string, AttributeValue> = {}
    for (const { placeholder, slot } of list) bound[placeholder] = this.value(slot, args)
    return bound
  }

  /** Expression text for this call: IN lists held by one value get a placeholder per item. */
  expand(
    pieces: Pieces,
    args: BindArgs,
    bound: Record<string, AttributeValue>,
    next: number,
  ): string {
    const fixed = staticText(pieces)
    if (fixed !== undefined) return fixed
    let text = ''
    for (const piece of pieces) {
      if (typeof piece === 'string') {
        text += piece
        continue
      }
      const items = this.array(piece.slot, args)
      if (items.length === 0 || items.length > MAX_IN_VALUES) {
        throw this.badValue(
          piece.slot,
          `IN takes 1 to ${MAX_IN_VALUES} values in a condition, not ${items.length}`,
        )
      }
      const placeholders: string[] = []
      for (const item of items) {
        const mapped = marshal(item)
        if (typeof mapped === 'string') throw this.badValue(piece.slot, mapped)
        const placeholder = `:v${next++}`
        bound[placeholder] = mapped
        placeholders.push(placeholder)
      }
      text += placeholders.join(', ')
    }
    return text
  }

  private badValue(slot: Exclude<Slot, { kind: 'static' }>, problem: string): DqlError {
    const which =
      slot.kind === 'hole' ? `The value of hole ${slot.index + 1}` : `The value of :${slot.name}`
    return this.error('bind.bad-value', `${which} cannot be sent: ${problem}.`, slot.at)
  }

  private error(
    code: 'bind.bad-value' | 'bind.missing-param',
    reason: string,
    at: number,
  ): DqlError {
    return new DqlError(code, reason, { position: { text: this.text, offset: at } })
  }
}

function describe(value: AttributeValue): string {
  const type = Object.keys(value)[0] ?? 'nothing'
  const names: Record<string, string> = {
    S: 'a string',
    N: 'a number',
    B: 'binary',
    BOOL: 'a boolean',
    NULL: 'null',
    L: 'a list',
    M: 'an object',
    SS: 'a Set',
    NS: 'a Set',
    BS: 'a Set',
  }
  return names[type] ?? type
}

/** The type names attribute_type accepts. */
const ATTRIBUTE_TYPES = new Set(['S', 'SS', 'N', 'NS', 'B', 'BS', 'BOOL', 'NULL', 'L', 'M'])

/** Order of two scalars of one type, as DynamoDB orders them; undefined across types. */
function compareScalars(a: AttributeValue, b: AttributeValue): number | undefined {
  if (a.S !== undefined && b.S !== undefined) return a.S < b.S ? -1 : a.S > b.S ? 1 : 0
  if (a.N !== undefined && b.N !== undefined) {
    const x = Number(a.N)
    const y = Number(b.N)
    return x < y ? -1 : x > y ? 1 : 0
  }
  if (a.B !== undefined && b.B !== undefined) return Buffer.compare(a.B, b.B)
  return undefined
}
