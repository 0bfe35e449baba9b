/**
 * GetItem: the full primary key by equality. The hottest path of all, so bind builds the
 * input directly: the Key, and the static parts copied in.
 */
import type { GetItemCommandInput } from '@aws-sdk/client-dynamodb'
import type { GetItemPlan } from '../plan/plan.js'
import { bindKey } from './binder.js'
import { ExpressionBuilder, slotOf } from './expression.js'
import type { BindArgs, BoundCommand, Key, PreparedGetItem } from './prepared.js'

export function compileGetItem(plan: GetItemPlan, text: string): PreparedGetItem {
  const { table } = plan
  const builder = new ExpressionBuilder(table)
  const input: Omit<GetItemCommandInput, 'Key'> = { TableName: table.tableName }
  if (plan.projection.kind === 'paths') {
    input.ProjectionExpression = builder.projection(plan.projection.paths).join(', ')
    input.ExpressionAttributeNames = builder.namesObject()
  }
  if (plan.consistent) input.ConsistentRead = true
  const sortKey = table.sortKey
  return Object.freeze({
    operation: 'GetItem',
    plan,
    text,
    input: Object.freeze(input),
    partition: { attribute: table.partitionKey, slots: slotOf(plan.partition) },
    sort:
      plan.sort === undefined || sortKey === undefined
        ? undefined
        : { attribute: sortKey, slots: slotOf(plan.sort) },
  })
}

export function bindGetItem(prepared: PreparedGetItem, args: BindArgs): BoundCommand {
  const { partition, sort, text } = prepared
  // Computed keys in a literal are own properties whatever the name; `Key[name] = v` would
  // set the prototype for a key attribute named __proto__.
  const p = bindKey(text, partition.slots, args, partition.attribute)
  const Key: Key = sort
    ? {
        [partition.attribute]: p,
        [sort.attribute]: bindKey(text, sort.slots, args, sort.attribute),
      }
    : { [partition.attribute]: p }
  const input: GetItemCommandInput = { ...prepared.input, Key }
  return { operation: 'GetItem', input }
}
