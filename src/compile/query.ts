/**
 * Query: a partition key equality (or an IN list: one Query per key), at most one sort-key
 * condition, and a filter. The key condition's values come first (`:v0` the partition key's,
 * then the sort key's), then the filter's.
 */
import type { AttributeValue, QueryCommandInput } from '@aws-sdk/client-dynamodb'
import type { KeyValue, KeyValues, QueryPlan } from '../plan/plan.js'
import { bindValues, checkKey, expandPieces } from './binder.js'
import { ExpressionBuilder, slotOf } from './expression.js'
import { keyProduct, keySlotsOf } from './key-slots.js'
import { checkOperands } from './operand-checks.js'
import type { BindArgs, BoundCommand, KeyCheck, PreparedQuery } from './prepared.js'

export function compileQuery(plan: QueryPlan, text: string): PreparedQuery {
  const builder = new ExpressionBuilder(plan.table)
  // Key-condition values are checked to be a key type at bind time (lists are checked per
  // key by keyProduct).
  const keyChecks: KeyCheck[] = []
  const keyValue = (node: KeyValue, attribute: string) => {
    const placeholder = builder.value(node)
    keyChecks.push({ placeholder, slot: slotOf(node), attribute })
    return placeholder
  }
  // A list's placeholder takes each key in turn: it is never shared with a `:param`.
  const listValue = (values: KeyValues, attribute: string) =>
    values.kind === 'one'
      ? keyValue(values.value, attribute)
      : builder.value(values.kind === 'list' ? firstOf(values.values) : values.value, false)
  const partitionPlaceholder = listValue(plan.partition, plan.partitionKey)
  let keyCondition = `${builder.name(plan.partitionKey)} = ${partitionPlaceholder}`
  let sortEqual: { placeholder: string; values: KeyValues; attribute: string } | undefined
  const { sort, sortKey } = plan
  if (sort && sortKey !== undefined) {
    const name = builder.name(sortKey)
    switch (sort.kind) {
      case 'equal': {
        const placeholder = listValue(sort.values, sortKey)
        sortEqual = { placeholder, values: sort.values, attribute: sortKey }
        keyCondition += ` AND ${name} = ${placeholder}`
        break
      }
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
  const projection =
    plan.projection.kind === 'paths' ? builder.projection(plan.projection.paths) : undefined

  const input: QueryCommandInput = { TableName: plan.table.tableName }
  if (plan.index) input.IndexName = plan.index.indexName
  input.KeyConditionExpression = keyCondition
  if (projection !== undefined) input.ProjectionExpression = projection.join(', ')
  input.ExpressionAttributeNames = builder.namesObject()
  if (plan.projection.kind === 'count') input.Select = 'COUNT'
  if (plan.descending) input.ScanIndexForward = false
  if (plan.limit !== undefined && filter === undefined) input.Limit = plan.limit
  if (plan.consistent) input.ConsistentRead = true

  return Object.freeze({
    operation: 'Query',
    plan,
    text,
    input: Object.freeze(input),
    values: Object.freeze(builder.values),
    keyChecks: Object.freeze(keyChecks),
    checks: Object.freeze(builder.checks),
    filter,
    perKey: plan.perKey
      ? {
          partition: {
            attribute: plan.partitionKey,
            placeholder: partitionPlaceholder,
            slots: keySlotsOf(plan.partition),
          },
          sort:
            sortEqual &&
            (sortEqual.values.kind === 'one'
              ? undefined
              : {
                  attribute: sortEqual.attribute,
                  placeholder: sortEqual.placeholder,
                  slots: keySlotsOf(sortEqual.values),
                }),
        }
      : undefined,
  })
}

export function bindQuery(prepared: PreparedQuery, args: BindArgs): BoundCommand {
  const { text, values, perKey, filter } = prepared
  const common = bindValues(text, values, args)
  for (const { placeholder, slot, attribute } of prepared.keyChecks) {
    const value = common[placeholder]
    if (value !== undefined) checkKey(text, value, slot, attribute)
  }
  if (prepared.checks.length > 0) checkOperands(text, prepared.checks, common)
  const filterText = filter && expandPieces(text, filter, args, common, values.length)
  const make = (bound: Record<string, AttributeValue>): QueryCommandInput => {
    const input: QueryCommandInput = { ...prepared.input }
    if (filterText !== undefined) input.FilterExpression = filterText
    input.ExpressionAttributeValues = bound
    return input
  }
  const limit = prepared.plan.limit
  // One Query: every key value is already among this call's values.
  if (perKey === undefined) return { operation: 'Query', inputs: [make(common)], limit }
  const { partition, sort } = perKey
  // With a single sort-key value, it is among the common values; with a list, it varies too.
  const keys = keyProduct(text, args, partition, sort)
  const inputs = keys.map((key) => {
    const bound = { ...common }
    const p = key[partition.attribute]
    if (p !== undefined) bound[partition.placeholder] = p
    const s = sort && key[sort.attribute]
    if (sort && s !== undefined) bound[sort.placeholder] = s
    return make(bound)
  })
  return { operation: 'Query', inputs, limit }
}

function firstOf(values: readonly KeyValue[]): KeyValue {
  const first = values[0]
  if (first === undefined) throw new Error('unreachable: a written IN list has an item')
  return first
}
