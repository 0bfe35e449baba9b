/**
 * The plans of writes (DQL v2): which DynamoDB operation a write statement becomes, with its
 * key, item, actions and condition. Pure data, like the read plans of plan.ts.
 */
import type { Condition, ItemNode, ReturningNode, UpdateAction } from '../ast/nodes.js'
import type { TableDefinition } from '../schema/define-table.js'
import type { KeyValue, KeyValues } from './plan.js'

export type WriteOperation =
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'BatchWriteItem'
  | 'TransactWriteItems'
  | 'ConditionCheck'

interface WritePlanBase {
  readonly table: TableDefinition
  /** One sentence on why this operation. */
  readonly reason: string
}

/** INSERT or REPLACE of one item: PutItem (INSERT adds `attribute_not_exists(pk)`). */
export interface PutItemPlan extends WritePlanBase {
  readonly operation: 'PutItem'
  readonly mode: 'insert' | 'replace'
  readonly item: ItemNode
  /** REPLACE … WHERE: the condition on the stored item. */
  readonly condition: Condition | undefined
  /**
   * VALUES with one value: it may hold one item or an array of them, known only at bind time
   * (an array of several makes this call a transaction or a batch).
   */
  readonly maybeList: boolean
}

/** INSERT … VALUES of several items: one TransactWriteItems (≤ 100), all or none. */
export interface InsertItemsPlan extends WritePlanBase {
  readonly operation: 'TransactWriteItems'
  readonly items: readonly ItemNode[]
}

/** REPLACE … VALUES of several items: BatchWriteItem puts, 25 per request. */
export interface ReplaceItemsPlan extends WritePlanBase {
  readonly operation: 'BatchWriteItem'
  readonly kind: 'put'
  readonly items: readonly ItemNode[]
}

/** UPDATE or UPSERT of one item by its full key: UpdateItem. */
export interface UpdateItemPlan extends WritePlanBase {
  readonly operation: 'UpdateItem'
  readonly upsert: boolean
  readonly partition: KeyValue
  readonly sort: KeyValue | undefined
  readonly actions: readonly UpdateAction[]
  /** WHERE without the key; UPDATE adds `attribute_exists(pk)` when compiled. */
  readonly condition: Condition | undefined
  readonly returning: ReturningNode['value'] | undefined
}

/** DELETE of one item by its full key: DeleteItem. */
export interface DeleteItemPlan extends WritePlanBase {
  readonly operation: 'DeleteItem'
  readonly partition: KeyValue
  readonly sort: KeyValue | undefined
  readonly condition: Condition | undefined
  readonly returning: ReturningNode['value'] | undefined
}

/** DELETE of full keys from IN lists, crossed: BatchWriteItem deletes, no condition. */
export interface DeleteItemsPlan extends WritePlanBase {
  readonly operation: 'BatchWriteItem'
  readonly kind: 'delete'
  readonly partition: KeyValues
  readonly sort: KeyValues | undefined
}

/** CHECK: a condition on one item by its full key, inside a transaction only. */
export interface ConditionCheckPlan extends WritePlanBase {
  readonly operation: 'ConditionCheck'
  readonly partition: KeyValue
  readonly sort: KeyValue | undefined
  readonly condition: Condition
}

export type WritePlan =
  | PutItemPlan
  | InsertItemsPlan
  | ReplaceItemsPlan
  | UpdateItemPlan
  | DeleteItemPlan
  | DeleteItemsPlan
  | ConditionCheckPlan

/** Most items one INSERT may write: one TransactWriteItems holds at most 100 actions. */
export const MAX_INSERT_ITEMS = 100
