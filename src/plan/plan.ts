/**
 * The Plan: which DynamoDB operation a statement becomes, on which table or index, with which
 * key condition and filter. Pure data, computed once per statement and table set.
 */
import type {
  Condition,
  HoleValue,
  NumberValue,
  ParamValue,
  PathNode,
  StringValue,
} from '../ast/nodes.js'
import type { IndexDefinition, TableDefinition } from '../schema/define-table.js'

export type Operation = 'GetItem' | 'Query' | 'BatchGetItem' | 'Scan'

/** A value a key attribute can take: a string or number literal, a hole or a parameter. */
export type KeyValue = StringValue | NumberValue | HoleValue | ParamValue

/** The values a key attribute takes: one, a written list, or one array-valued hole/param. */
export type KeyValues =
  | { readonly kind: 'one'; readonly value: KeyValue }
  | { readonly kind: 'list'; readonly values: readonly KeyValue[] }
  | { readonly kind: 'array'; readonly value: HoleValue | ParamValue }

/**
 * What a condition says about one key attribute, in the form a key condition can use:
 * `equal` is `=` (one value) or IN (a list); DynamoDB takes at most one per key attribute.
 */
export type KeyCondition =
  | { readonly kind: 'equal'; readonly values: KeyValues }
  | {
      readonly kind: 'compare'
      readonly operator: '<' | '<=' | '>' | '>='
      readonly value: KeyValue
    }
  | { readonly kind: 'between'; readonly low: KeyValue; readonly high: KeyValue }
  | { readonly kind: 'begins-with'; readonly prefix: KeyValue }

/**
 * What the call wants back: the items, or only how many match (`db.count`, or a statement
 * that says `COUNT(*)`). The planner takes it as an input, so `db.count` of any read plans
 * as a count without changing the statement.
 */
export type ResultShape = 'items' | 'count'

/** What the statement reads: every attribute, a COUNT, or a list of paths. */
export type ReadShape =
  | { readonly kind: 'all' }
  | { readonly kind: 'count' }
  | { readonly kind: 'paths'; readonly paths: readonly PathNode[] }

interface PlanBase {
  readonly table: TableDefinition
  readonly projection: ReadShape
  readonly consistent: boolean
  /** One sentence on why this operation and index. */
  readonly reason: string
}

/** The full primary key and nothing else: one item. */
export interface GetItemPlan extends PlanBase {
  readonly operation: 'GetItem'
  readonly partition: KeyValue
  readonly sort: KeyValue | undefined
}

/** Full primary keys from IN lists and nothing else: BatchGetItem in chunks of 100. */
export interface BatchGetItemPlan extends PlanBase {
  readonly operation: 'BatchGetItem'
  readonly partition: KeyValues
  readonly sort: KeyValues | undefined
  readonly limit: number | undefined
}

/** A partition key equality (or one Query per key of an IN list), a sort-key condition, a filter. */
export interface QueryPlan extends PlanBase {
  readonly operation: 'Query'
  readonly index: IndexDefinition | undefined
  readonly partitionKey: string
  readonly partition: KeyValues
  readonly sortKey: string | undefined
  readonly sort: KeyCondition | undefined
  readonly filter: Condition | undefined
  readonly limit: number | undefined
  readonly descending: boolean
  /** True when an IN list makes this one Query per key, results merged in key order. */
  readonly perKey: boolean
}

/** Every item of the table or index, filtered: only when the statement says SCAN. */
export interface ScanPlan extends PlanBase {
  readonly operation: 'Scan'
  readonly index: IndexDefinition | undefined
  readonly filter: Condition | undefined
  readonly limit: number | undefined
  /** `SEGMENTS n`: a parallel Scan in n segments (TotalSegments); absent for a plain Scan. */
  readonly segments?: number
}

export type Plan = GetItemPlan | BatchGetItemPlan | QueryPlan | ScanPlan
