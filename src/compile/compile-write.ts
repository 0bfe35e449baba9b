/**
 * WritePlan → PreparedWrite, once per statement and table; PreparedWrite + values →
 * BoundWrite, once per call. Each operation has its own file; this one dispatches, and turns a
 * bound one-item write into the TransactWriteItem a transaction sends.
 */
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb'
import type { WritePlan } from '../plan/write-plan.js'
import { bindConditionCheck, compileConditionCheck } from './condition-check.js'
import { bindDeleteItem, compileDeleteItem } from './delete-item.js'
import type { BindArgs } from './prepared.js'
import type { BoundWrite, PreparedWrite } from './prepared-write.js'
import { bindPutItem, compilePutItem } from './put-item.js'
import { bindUpdateItem, compileUpdateItem } from './update-item.js'
import {
  bindInsertItems,
  bindWriteItems,
  compileInsertItems,
  compileWriteItems,
} from './write-items.js'

export function compileWrite(plan: WritePlan, text: string): PreparedWrite {
  switch (plan.operation) {
    case 'PutItem':
      return compilePutItem(plan, text)
    case 'UpdateItem':
      return compileUpdateItem(plan, text)
    case 'DeleteItem':
      return compileDeleteItem(plan, text)
    case 'ConditionCheck':
      return compileConditionCheck(plan, text)
    case 'TransactWriteItems':
      return compileInsertItems(plan, text)
    case 'BatchWriteItem':
      return compileWriteItems(plan, text)
  }
}

export function bindWrite(prepared: PreparedWrite, args: BindArgs): BoundWrite {
  switch (prepared.operation) {
    case 'PutItem':
      return bindPutItem(prepared, args)
    case 'UpdateItem':
      return bindUpdateItem(prepared, args)
    case 'DeleteItem':
      return bindDeleteItem(prepared, args)
    case 'ConditionCheck':
      return bindConditionCheck(prepared, args)
    case 'TransactWriteItems':
      return bindInsertItems(prepared, args)
    case 'BatchWriteItem':
      return bindWriteItems(prepared, args)
  }
}

/**
 * The TransactWriteItem elements of one bound write statement, for `db.transact`: each keeps
 * its implied condition (INSERT: the key is new; UPDATE: the item exists); DELETE and REPLACE
 * add none. A BatchWriteItem (REPLACE … VALUES, DELETE of IN lists) becomes one Put or Delete
 * per request; ReturnValues, which a transaction does not take, is left out.
 */
export function transactItems(bound: BoundWrite): TransactWriteItem[] {
  switch (bound.operation) {
    case 'PutItem':
      return [{ Put: withoutReturns(bound.input) }]
    case 'UpdateItem': {
      const Update = withoutReturns(bound.input)
      const expression = Update.UpdateExpression
      return expression === undefined
        ? []
        : [{ Update: { ...Update, UpdateExpression: expression } }]
    }
    case 'DeleteItem':
      return [{ Delete: withoutReturns(bound.input) }]
    case 'ConditionCheck':
      return [{ ConditionCheck: bound.check }]
    case 'TransactWriteItems':
      return [...bound.items]
    case 'BatchWriteItem':
      return bound.requests.map((request) =>
        request.PutRequest?.Item !== undefined
          ? { Put: { TableName: bound.tableName, Item: request.PutRequest.Item } }
          : { Delete: { TableName: bound.tableName, Key: request.DeleteRequest?.Key ?? {} } },
      )
  }
}

/** An input without what a transaction's elements do not take. */
function withoutReturns<Input extends { ReturnValues?: unknown; ReturnConsumedCapacity?: unknown }>(
  input: Input,
): Omit<Input, 'ReturnValues' | 'ReturnConsumedCapacity'> {
  const { ReturnValues, ReturnConsumedCapacity, ...rest } = input
  return rest
}
