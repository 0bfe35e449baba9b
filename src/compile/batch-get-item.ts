/**
 * BatchGetItem: full primary keys from IN lists. The keys are crossed and de-duplicated at
 * bind time and cut into requests of 100.
 */
import type { BatchGetItemCommandInput, KeysAndAttributes } from '@aws-sdk/client-dynamodb'
import type { BatchGetItemPlan } from '../plan/plan.js'
import { ExpressionBuilder } from './expression.js'
import { keyProduct, keySlotsOf } from './key-slots.js'
import {
  BATCH_SIZE,
  type BindArgs,
  type BoundCommand,
  type PreparedBatchGetItem,
} from './prepared.js'

export function compileBatchGetItem(plan: BatchGetItemPlan, text: string): PreparedBatchGetItem {
  const { table } = plan
  const builder = new ExpressionBuilder(table)
  const request: Omit<KeysAndAttributes, 'Keys'> = {}
  // Results come back in any order: read the key too, to put them in IN-list order.
  const strip: string[] = []
  if (plan.projection.kind === 'paths') {
    const parts = builder.projection(plan.projection.paths)
    for (const key of [table.partitionKey, table.sortKey]) {
      if (key === undefined) continue
      // A key named only inside a path (`meta.user_id`) has a placeholder but is not read.
      const placeholder = builder.name(key)
      if (!parts.includes(placeholder)) {
        strip.push(key)
        parts.push(placeholder)
      }
    }
    request.ProjectionExpression = parts.join(', ')
    request.ExpressionAttributeNames = builder.namesObject()
  }
  if (plan.consistent) request.ConsistentRead = true
  const sortKey = table.sortKey
  return Object.freeze({
    operation: 'BatchGetItem',
    plan,
    text,
    tableName: table.tableName,
    request: Object.freeze(request),
    partition: { attribute: table.partitionKey, slots: keySlotsOf(plan.partition) },
    sort:
      plan.sort === undefined || sortKey === undefined
        ? undefined
        : { attribute: sortKey, slots: keySlotsOf(plan.sort) },
    strip: Object.freeze(strip),
  })
}

export function bindBatchGetItem(prepared: PreparedBatchGetItem, args: BindArgs): BoundCommand {
  const keys = keyProduct(prepared.text, args, prepared.partition, prepared.sort)
  const requests: BatchGetItemCommandInput[] = []
  for (let i = 0; i < keys.length; i += BATCH_SIZE) {
    const Keys = keys.slice(i, i + BATCH_SIZE)
    requests.push({ RequestItems: { [prepared.tableName]: { Keys, ...prepared.request } } })
  }
  return {
    operation: 'BatchGetItem',
    tableName: prepared.tableName,
    keys,
    requests,
    strip: prepared.strip,
    limit: prepared.plan.limit,
  }
}
