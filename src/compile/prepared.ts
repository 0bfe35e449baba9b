/**
 * What the compiler returns: a PreparedCommand is frozen data — the static part of the SDK
 * input, built once, and slots that say where each value comes from at call time — and a
 * BoundCommand is one call's SDK input(s). Nothing here is a closure, so a test can compare
 * either one whole, and EXPLAIN reads them as they are.
 */
import type {
  AttributeValue,
  BatchGetItemCommandInput,
  GetItemCommandInput,
  KeysAndAttributes,
  QueryCommandInput,
  ScanCommandInput,
} from '@aws-sdk/client-dynamodb'
import type { BatchGetItemPlan, GetItemPlan, QueryPlan, ScanPlan } from '../plan/plan.js'
import type { CallSlot, OperandCheck, Pieces, Slot, ValueSlot } from './expression.js'

/** A call's values: the template's hole values, or a text statement's named parameters. */
export type BindArgs = readonly unknown[] | Readonly<Record<string, unknown>>

export type Key = Record<string, AttributeValue>

/** The values one key attribute takes: one slot, written slots, or one array-valued slot. */
export type KeySlots =
  | { readonly kind: 'one'; readonly slot: Slot }
  | { readonly kind: 'list'; readonly slots: readonly Slot[] }
  | { readonly kind: 'array'; readonly slot: CallSlot }

/** A key attribute and where its value(s) come from. */
export interface KeyPart<Slots> {
  readonly attribute: string
  readonly slots: Slots
}

/** A value placeholder of a key condition, checked at bind time to be a key type. */
export interface KeyCheck {
  readonly placeholder: string
  readonly slot: Slot
  readonly attribute: string
}

interface PreparedBase {
  /** The statement text, holes shown as `${…}`: where bind errors point. */
  readonly text: string
}

export interface PreparedGetItem extends PreparedBase {
  readonly operation: 'GetItem'
  readonly plan: GetItemPlan
  /** TableName, projection, names and ConsistentRead: everything but the Key. */
  readonly input: Readonly<Omit<GetItemCommandInput, 'Key'>>
  readonly partition: KeyPart<Slot>
  readonly sort: KeyPart<Slot> | undefined
}

export interface PreparedBatchGetItem extends PreparedBase {
  readonly operation: 'BatchGetItem'
  readonly plan: BatchGetItemPlan
  readonly tableName: string
  /** One table's request without its Keys: projection, names, ConsistentRead. */
  readonly request: Readonly<Omit<KeysAndAttributes, 'Keys'>>
  readonly partition: KeyPart<KeySlots>
  readonly sort: KeyPart<KeySlots> | undefined
  /** Key attributes read only to put results in order, to drop from each item. */
  readonly strip: readonly string[]
}

export interface PreparedQuery extends PreparedBase {
  readonly operation: 'Query'
  readonly plan: QueryPlan
  /** Everything but the values and the filter. */
  readonly input: Readonly<QueryCommandInput>
  readonly values: readonly ValueSlot[]
  readonly keyChecks: readonly KeyCheck[]
  readonly checks: readonly OperandCheck[]
  readonly filter: Pieces | undefined
  /** With an IN list on a key: one Query per key, each key's values in these placeholders. */
  readonly perKey:
    | {
        readonly partition: KeyPart<KeySlots> & { readonly placeholder: string }
        readonly sort: (KeyPart<KeySlots> & { readonly placeholder: string }) | undefined
      }
    | undefined
}

export interface PreparedScan extends PreparedBase {
  readonly operation: 'Scan'
  readonly plan: ScanPlan
  readonly input: Readonly<ScanCommandInput>
  readonly values: readonly ValueSlot[]
  readonly checks: readonly OperandCheck[]
  readonly filter: Pieces | undefined
}

/** A statement compiled for one table: bind values to get SDK inputs. */
export type PreparedCommand = PreparedGetItem | PreparedBatchGetItem | PreparedQuery | PreparedScan

/** A statement bound to one call's values: the SDK input(s) to send. */
export type BoundCommand =
  | { readonly operation: 'GetItem'; readonly input: GetItemCommandInput }
  | {
      readonly operation: 'Query'
      /** One input, or one per key when an IN list made this one Query per key. */
      readonly inputs: readonly QueryCommandInput[]
      readonly limit: number | undefined
    }
  | {
      readonly operation: 'Scan'
      /** The input of every request; a parallel Scan adds each segment's Segment to it. */
      readonly input: ScanCommandInput
      readonly limit: number | undefined
      /** `SEGMENTS n`: TotalSegments of a parallel Scan; absent for a plain Scan. */
      readonly segments?: number
    }
  | {
      readonly operation: 'BatchGetItem'
      readonly tableName: string
      /** Every key to read, in IN-list order, without duplicates. */
      readonly keys: readonly Key[]
      /** The requests: up to 100 of those keys each, in order. */
      readonly requests: readonly BatchGetItemCommandInput[]
      /** Key attributes read only to put results in order, to drop from each item. */
      readonly strip: readonly string[]
      readonly limit: number | undefined
    }

/** Most keys one BatchGetItem request may hold. */
export const BATCH_SIZE = 100
