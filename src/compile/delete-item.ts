/**
 * DeleteItem: DELETE of one item by its full key. The old item is always asked back
 * (ReturnValues ALL_OLD costs no capacity): it is how `count` tells 1 from 0.
 */
import type { DeleteItemCommandInput } from '@aws-sdk/client-dynamodb'
import type { DeleteItemPlan } from '../plan/write-plan.js'
import {
  bindConditional,
  bindWriteKey,
  conditionalParts,
  keyParts,
  writeCondition,
} from './conditional.js'
import { ExpressionBuilder } from './expression.js'
import type { BindArgs } from './prepared.js'
import type { BoundWrite, PreparedDeleteItem } from './prepared-write.js'

export function compileDeleteItem(plan: DeleteItemPlan, text: string): PreparedDeleteItem {
  const { table } = plan
  const builder = new ExpressionBuilder(table)
  const condition = writeCondition(builder, table, undefined, plan.condition)
  const input: Omit<DeleteItemCommandInput, 'Key'> = {
    TableName: table.tableName,
    ReturnValues: 'ALL_OLD',
  }
  const parts = conditionalParts(builder, text, condition, input)
  return Object.freeze({
    operation: 'DeleteItem',
    plan,
    input: Object.freeze(input),
    ...keyParts(table, plan.partition, plan.sort),
    ...parts,
  })
}

export function bindDeleteItem(prepared: PreparedDeleteItem, args: BindArgs): BoundWrite {
  const { text, partition, sort, plan } = prepared
  const input: DeleteItemCommandInput = {
    ...prepared.input,
    Key: bindWriteKey(text, partition, sort, args),
  }
  bindConditional(prepared, args, input)
  return { operation: 'DeleteItem', input, returning: plan.returning === 'ALL_OLD' }
}
