/**
 * dql: read Amazon DynamoDB with short SQL-like statements written as tagged templates.
 * This module is the public API and nothing else.
 */
export { dql, BoundStatement } from './parse/bound-statement.js'
export { createDql, Dql } from './db.js'
export type { CallOptions, ResultItem } from './db.js'
export { PreparedStatement } from './prepared-statement.js'
export type {
  Params,
  PreparedCallOptions,
  PreparedStatementFor,
  StatementResult,
} from './prepared-statement.js'
export type { NoParams, ParamValue } from './typed/result-item.js'
export type { DqlEvent, DqlOptions } from './runtime/options.js'
export type { ExecuteResult, ResultPage } from './runtime/runtime.js'
export type { TransactResult } from './runtime/transact.js'
export { createClient } from './execute/create-client.js'
export type { NumberMode } from './execute/map-item.js'
export type { WriteResult } from './execute/write.js'
export type { RetryOptions } from './execute/send.js'
export { defineTable } from './schema/define-table.js'
export { createTableInput } from './schema/create-table-input.js'
export type {
  DefineTable,
  IndexDefinition,
  IndexOptions,
  IndexProjection,
  ShapeOf,
  TableDefinition,
  TableOptions,
  TableShape,
} from './schema/define-table.js'
export type { Explanation } from './compile/explain.js'
export type { Operation } from './plan/plan.js'
export type { WriteOperation } from './plan/write-plan.js'
export { DqlError } from './errors.js'
export type {
  BatchProgress,
  CancellationReason,
  DqlErrorCode,
  DqlErrorOptions,
  ErrorPosition,
} from './errors.js'
