/**
 * UpdateItem: UPDATE (on condition that the item exists, and WHERE's condition) or UPSERT
 * (DynamoDB's create-or-update) of one item by its full key.
 */
import type { UpdateItemCommandInput } from '@aws-sdk/client-dynamodb'
import type { UpdateItemPlan } from '../plan/write-plan.js'
import {
  bindConditional,
  bindWriteKey,
  conditionalParts,
  keyParts,
  writeCondition,
} from './conditional.js'
import { ExpressionBuilder } from './expression.js'
import type { BindArgs } from './prepared.js'
import type { BoundWrite, PreparedUpdateItem } from './prepared-write.js'
import { updateExpression } from './update-expression.js'

export function compileUpdateItem(plan: UpdateItemPlan, text: string): PreparedUpdateItem {
  const { table } = plan
  const builder = new ExpressionBuilder(table)
  const update = updateExpression(builder, plan.actions)
  const condition = writeCondition(
    builder,
    table,
    plan.upsert ? undefined : 'exists',
    plan.condition,
  )
  const input: Omit<UpdateItemCommandInput, 'Key'> = {
    TableName: table.tableName,
    UpdateExpression: update,
  }
  if (plan.returning !== undefined && plan.returning !== 'NONE') input.ReturnValues = plan.returning
  const parts = conditionalParts(builder, text, condition, input)
  return Object.freeze({
    operation: 'UpdateItem',
    plan,
    input: Object.freeze(input),
    ...keyParts(table, plan.partition, plan.sort),
    ...parts,
  })
}

export function bindUpdateItem(prepared: PreparedUpdateItem, args: BindArgs): BoundWrite {
  const { text, partition, sort } = prepared
  const input: UpdateItemCommandInput = {
    ...prepared.input,
    Key: bindWriteKey(text, partition, sort, args),
  }
  bindConditional(prepared, args, input)
  return { operation: 'UpdateItem', input }
}
