/**
 * The transport: how dql sends one DynamoDB operation. The executor sends through this
 * interface only; the SDK transport (sdk-transport.ts) wraps a DynamoDBClient, the lean
 * transport (lean/) speaks DynamoDB's JSON protocol itself. Types only: importing this module
 * loads nothing.
 */
import type * as Sdk from '@aws-sdk/client-dynamodb' // type-only: loads nothing at run time

/** The DynamoDB operations dql sends, with the SDK's input and output shapes. */
export interface Operations {
  GetItem: [Sdk.GetItemCommandInput, Sdk.GetItemCommandOutput]
  Query: [Sdk.QueryCommandInput, Sdk.QueryCommandOutput]
  Scan: [Sdk.ScanCommandInput, Sdk.ScanCommandOutput]
  BatchGetItem: [Sdk.BatchGetItemCommandInput, Sdk.BatchGetItemCommandOutput]
  PutItem: [Sdk.PutItemCommandInput, Sdk.PutItemCommandOutput]
  UpdateItem: [Sdk.UpdateItemCommandInput, Sdk.UpdateItemCommandOutput]
  DeleteItem: [Sdk.DeleteItemCommandInput, Sdk.DeleteItemCommandOutput]
  BatchWriteItem: [Sdk.BatchWriteItemCommandInput, Sdk.BatchWriteItemCommandOutput]
  TransactWriteItems: [Sdk.TransactWriteItemsCommandInput, Sdk.TransactWriteItemsCommandOutput]
  TransactGetItems: [Sdk.TransactGetItemsCommandInput, Sdk.TransactGetItemsCommandOutput]
  DescribeTable: [Sdk.DescribeTableCommandInput, Sdk.DescribeTableCommandOutput]
  ListTables: [Sdk.ListTablesCommandInput, Sdk.ListTablesCommandOutput]
}
export type Operation = keyof Operations
/** The SDK's minimal abort signal (what dql's per-request deadlines are) or a real AbortSignal. */
export interface AbortSignalLike {
  readonly aborted: boolean
  onabort: ((...args: never[]) => unknown) | null
  readonly reason?: unknown
  addEventListener?: AbortSignal['addEventListener']
  removeEventListener?: AbortSignal['removeEventListener']
}
export interface SendOptions {
  readonly abortSignal?: AbortSignalLike
}
/**
 * Sends one DynamoDB operation. Resolves to exactly what the AWS SDK's command resolves to
 * (AttributeValues with B/BS as Uint8Array, numbers as strings, `$metadata` with httpStatusCode,
 * requestId, attempts, totalRetryDelay). Rejects with what the SDK rejects with for the same
 * response: an Error whose `name` is DynamoDB's error type (e.g. ConditionalCheckFailedException,
 * TransactionCanceledException, ResourceNotFoundException, ValidationException), `message`,
 * `$fault` ('client' | 'server'), `$metadata`, and the body's other fields (`Item`,
 * `CancellationReasons` …) as own properties; network/timeout errors as the SDK's handler
 * raises them (name 'TimeoutError' for a request timeout, the socket error's `code` kept).
 */
export interface Transport {
  readonly kind: 'sdk' | 'lean'
  send<O extends Operation>(
    operation: O,
    input: Operations[O][0],
    options?: SendOptions,
  ): Promise<Operations[O][1]>
  /** Closes kept-alive connections the transport opened itself (never a user's client). */
  destroy(): void
}
