/**
 * What the compiler makes of a write: a PreparedWrite is frozen data (the static part of the
 * SDK input and the slots of its values), a BoundWrite one call's SDK input(s). Batches and
 * transactions are bound into plain SDK data — `WriteRequest`s of one table (not chunked) and
 * `TransactWriteItem`s with their implied conditions — for the executors that send them.
 */
import type {
  ConditionCheck,
  DeleteItemCommandInput,
  PutItemCommandInput,
  TransactWriteItem,
  UpdateItemCommandInput,
  WriteRequest,
} from '@aws-sdk/client-dynamodb'
import type {
  ConditionCheckPlan,
  DeleteItemPlan,
  DeleteItemsPlan,
  InsertItemsPlan,
  PutItemPlan,
  ReplaceItemsPlan,
  UpdateItemPlan,
} from '../plan/write-plan.js'
import type { OperandCheck, Pieces, Slot, ValueSlot } from './expression.js'
import type { Key, KeyPart, KeySlots } from './prepared.js'
import type { ItemSlots } from './write-values.js'

/** The expression parts of a conditional write: names are static, values bound per call. */
interface Conditional {
  /** The statement text, holes shown as `${…}`: where bind errors point. */
  readonly text: string
  readonly values: readonly ValueSlot[]
  readonly checks: readonly OperandCheck[]
  /** The ConditionExpression, implied conditions included. */
  readonly condition: Pieces | undefined
}

export interface PreparedPutItem extends Conditional {
  readonly operation: 'PutItem'
  readonly plan: PutItemPlan
  readonly input: Readonly<Omit<PutItemCommandInput, 'Item'>>
  readonly item: ItemSlots
}

export interface PreparedUpdateItem extends Conditional {
  readonly operation: 'UpdateItem'
  readonly plan: UpdateItemPlan
  readonly input: Readonly<Omit<UpdateItemCommandInput, 'Key'>>
  readonly partition: KeyPart<Slot>
  readonly sort: KeyPart<Slot> | undefined
}

export interface PreparedDeleteItem extends Conditional {
  readonly operation: 'DeleteItem'
  readonly plan: DeleteItemPlan
  readonly input: Readonly<Omit<DeleteItemCommandInput, 'Key'>>
  readonly partition: KeyPart<Slot>
  readonly sort: KeyPart<Slot> | undefined
}

export interface PreparedConditionCheck extends Conditional {
  readonly operation: 'ConditionCheck'
  readonly plan: ConditionCheckPlan
  readonly input: Readonly<Omit<ConditionCheck, 'Key' | 'ConditionExpression'>>
  readonly partition: KeyPart<Slot>
  readonly sort: KeyPart<Slot> | undefined
}

/** INSERT … VALUES of several items: one Put each, on condition that its key is new. */
export interface PreparedInsertItems {
  readonly operation: 'TransactWriteItems'
  readonly plan: InsertItemsPlan
  readonly text: string
  readonly items: readonly ItemSlots[]
}

/** REPLACE … VALUES (puts) or DELETE of IN-list keys (deletes): BatchWriteItem requests. */
export interface PreparedWriteItems {
  readonly operation: 'BatchWriteItem'
  readonly plan: ReplaceItemsPlan | DeleteItemsPlan
  readonly text: string
  readonly items: readonly ItemSlots[]
  readonly partition: KeyPart<KeySlots> | undefined
  readonly sort: KeyPart<KeySlots> | undefined
}

export type PreparedWrite =
  | PreparedPutItem
  | PreparedUpdateItem
  | PreparedDeleteItem
  | PreparedConditionCheck
  | PreparedInsertItems
  | PreparedWriteItems

/** One call's write: the SDK input(s) to send. */
export type BoundWrite =
  | {
      readonly operation: 'PutItem'
      readonly input: PutItemCommandInput
      /** INSERT: a failed condition is `write.item-exists`, not `count: 0`. */
      readonly insert: boolean
    }
  | { readonly operation: 'UpdateItem'; readonly input: UpdateItemCommandInput }
  | {
      readonly operation: 'DeleteItem'
      readonly input: DeleteItemCommandInput
      /** Whether the statement says RETURNING ALL OLD (the old item is always asked for). */
      readonly returning: boolean
    }
  | { readonly operation: 'ConditionCheck'; readonly check: ConditionCheck }
  | {
      readonly operation: 'TransactWriteItems'
      /** One Put per item, each with `attribute_not_exists(pk)`, in item order. */
      readonly items: readonly TransactWriteItem[]
    }
  | {
      readonly operation: 'BatchWriteItem'
      readonly tableName: string
      /** Every request, in order, one per distinct key; the executor sends 25 at a time. */
      readonly requests: readonly WriteRequest[]
      /** The keys of the requests, in the same order, for reporting unwritten ones. */
      readonly keys: readonly Key[]
    }
