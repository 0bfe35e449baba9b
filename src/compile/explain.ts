/**
 * EXPLAIN: the operation, table, index, reason and the exact SDK input one call would send.
 */
import type {
  BatchGetItemCommandInput,
  BatchWriteItemCommandInput,
  DeleteItemCommandInput,
  GetItemCommandInput,
  PutItemCommandInput,
  QueryCommandInput,
  ScanCommandInput,
  TransactWriteItemsCommandInput,
  UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb'
import type { Operation } from '../plan/plan.js'
import type { WriteOperation } from '../plan/write-plan.js'
import type { BoundCommand, PreparedCommand } from './prepared.js'
import type { BoundWrite, PreparedWrite } from './prepared-write.js'

/** Most requests one BatchWriteItem takes. */
export const BATCH_WRITE_SIZE = 25

/** What `db.explain` and the EXPLAIN keyword return. No I/O is done to produce it. */
export interface Explanation {
  readonly operation: Operation | WriteOperation
  /** The physical DynamoDB table name. */
  readonly tableName: string
  /** The DynamoDB index name, when the plan reads an index. */
  readonly indexName?: string
  /**
   * Exactly the SDK input that would be sent with these values. When the plan sends several
   * requests (BatchGetItem over 100 keys, one Query per key of an IN list), the first one.
   */
  readonly input:
    | GetItemCommandInput
    | QueryCommandInput
    | ScanCommandInput
    | BatchGetItemCommandInput
    | PutItemCommandInput
    | UpdateItemCommandInput
    | DeleteItemCommandInput
    | TransactWriteItemsCommandInput
    | BatchWriteItemCommandInput
  /** How many requests the plan sends at least (more when DynamoDB pages the results). */
  readonly requests: number
  /**
   * `SCAN … SEGMENTS n`: the number of segments, read in parallel; `input` is segment 0's
   * (each segment sends it with its own `Segment`). Absent for every other plan.
   */
  readonly segments?: number
  /** One sentence on why this operation and index were chosen. */
  readonly reason: string
}

/** Describes a bound command without sending it. */
export function explain(prepared: PreparedCommand, bound: BoundCommand): Explanation {
  const { plan } = prepared
  const index = plan.operation === 'Query' || plan.operation === 'Scan' ? plan.index : undefined
  let input: Explanation['input']
  let requests = 1
  let segments: number | undefined
  switch (bound.operation) {
    case 'GetItem':
      input = bound.input
      break
    case 'Scan':
      segments = bound.segments
      input =
        segments === undefined
          ? bound.input
          : { ...bound.input, Segment: 0, TotalSegments: segments }
      requests = segments ?? 1
      break
    case 'Query':
      // An empty IN list sends nothing; show the table alone.
      input = bound.inputs[0] ?? { TableName: plan.table.tableName }
      requests = bound.inputs.length
      break
    case 'BatchGetItem':
      input = bound.requests[0] ?? { RequestItems: { [bound.tableName]: { Keys: [] } } }
      requests = bound.requests.length
      break
  }
  const explanation: Explanation = {
    operation: plan.operation,
    tableName: plan.table.tableName,
    ...(index ? { indexName: index.indexName } : {}),
    input,
    requests,
    ...(segments === undefined ? {} : { segments }),
    reason: plan.reason,
  }
  return explanation
}

/**
 * Describes a bound write without sending it. A CHECK shows the transaction it would be part
 * of; a batch its first request of 25.
 */
export function explainWrite(prepared: PreparedWrite, bound: BoundWrite): Explanation {
  const { plan } = prepared
  let input: Explanation['input']
  let requests = 1
  let operation: Explanation['operation'] = bound.operation
  switch (bound.operation) {
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      input = bound.input
      break
    case 'ConditionCheck':
      operation = 'TransactWriteItems'
      input = { TransactItems: [{ ConditionCheck: bound.check }] }
      break
    case 'TransactWriteItems':
      input = { TransactItems: [...bound.items] }
      break
    case 'BatchWriteItem':
      input = {
        RequestItems: { [bound.tableName]: bound.requests.slice(0, BATCH_WRITE_SIZE) },
      }
      requests = Math.ceil(bound.requests.length / BATCH_WRITE_SIZE)
      break
  }
  return {
    operation,
    tableName: plan.table.tableName,
    input,
    requests,
    reason: plan.reason,
  }
}
