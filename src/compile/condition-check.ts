/**
 * CHECK: a ConditionCheck on one item by its full key, for a transaction (a CHECK of the key
 * alone checks that the item exists).
 */
import type { ConditionCheck } from '@aws-sdk/client-dynamodb'
import type { ConditionCheckPlan } from '../plan/write-plan.js'
import {
  bindConditional,
  bindWriteKey,
  conditionalParts,
  keyParts,
  writeCondition,
} from './conditional.js'
import { ExpressionBuilder } from './expression.js'
import type { BindArgs } from './prepared.js'
import type { BoundWrite, PreparedConditionCheck } from './prepared-write.js'

export function compileConditionCheck(
  plan: ConditionCheckPlan,
  text: string,
): PreparedConditionCheck {
  const { table } = plan
  const builder = new ExpressionBuilder(table)
  const condition = writeCondition(builder, table, undefined, plan.condition)
  const input: Omit<ConditionCheck, 'Key' | 'ConditionExpression'> = {
    TableName: table.tableName,
  }
  const parts = conditionalParts(builder, text, condition, input)
  return Object.freeze({
    operation: 'ConditionCheck',
    plan,
    input: Object.freeze(input),
    ...keyParts(table, plan.partition, plan.sort),
    ...parts,
  })
}

export function bindConditionCheck(prepared: PreparedConditionCheck, args: BindArgs): BoundWrite {
  const { text, partition, sort } = prepared
  const check: ConditionCheck = {
    ...prepared.input,
    Key: bindWriteKey(text, partition, sort, args),
    ConditionExpression: '',
  }
  bindConditional(prepared, args, check)
  return { operation: 'ConditionCheck', check }
}
