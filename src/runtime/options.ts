/**
 * `createDql`'s options, checked once: the client (or the recommended one for a region), the
 * tables, and the settings of the executor.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DqlError } from '../errors.js'
import { createClient, isBounded, REQUEST_TIMEOUT_MS } from '../execute/create-client.js'
import type { NumberMode } from '../execute/map-item.js'
import { DEFAULT_RETRY, type RetryOptions } from '../execute/send.js'
import type { TableDefinition } from '../schema/define-table.js'

/** Options of `createDql`. */
export interface DqlOptions {
  /** The DynamoDB client to send with; used as it is. */
  readonly client?: DynamoDBClient
  /**
   * Without `client`: the AWS region of the recommended client dql then builds with
   * `createClient({ region })` (cacheMiddleware and keep-alive agents; see docs/performance.md).
   */
  readonly region?: string
  /** Tables statements may name. Others are read with DescribeTable on first use. */
  readonly tables?: readonly TableDefinition<unknown>[]
  /**
   * How numbers come back: `number` (default; a number that a double cannot hold exactly is a
   * `result.unsafe-number` error, never rounded), `bigint` (such integers as bigint) or
   * `string` (every number as its decimal string).
   */
  readonly numbers?: NumberMode
  /** How BatchGetItem retries UnprocessedKeys: attempts, base and max delay. */
  readonly retry?: Partial<RetryOptions>
  /** Per-key Queries (IN list plus a filter) in flight at once in `all`; default 4. */
  readonly concurrency?: number
  /**
   * The longest dql waits for DynamoDB to answer one request, in ms; default 20,000. A request
   * that meets it is sent again (three times in all), then the call fails with
   * `execute.timeout`. A client made by `createClient` (or by `region`) bounds its requests in
   * its own handler instead, which keeps its middleware cache.
   */
  readonly requestTimeoutMs?: number
  /** Called at each parse and each plan the handle does: for tests, logs and metrics. */
  readonly log?: (event: DqlEvent) => void
}

/**
 * What the `log` option hears: a statement about to be lexed and parsed, or planned and
 * compiled — each time a cache could not serve it.
 */
export type DqlEvent =
  | { readonly kind: 'parse'; readonly text: string }
  | { readonly kind: 'plan'; readonly text: string }

/** The longest request deadline accepted: five minutes. */
const MAX_REQUEST_TIMEOUT_MS = 300_000

/** The options, checked and with their defaults. */
export interface Settings {
  readonly client: DynamoDBClient
  readonly tables: readonly unknown[]
  readonly numbers: NumberMode
  readonly retry: RetryOptions
  readonly concurrency: number
  readonly log: ((event: DqlEvent) => void) | undefined
  /** Each request's deadline, or undefined when the client's handler bounds its requests. */
  readonly requestTimeoutMs: number | undefined
}

export function settingsOf(options: DqlOptions): Settings {
  if (options === null || typeof options !== 'object') {
    throw new DqlError('usage.bad-argument', 'createDql takes { client, tables }.')
  }
  const requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS
  if (
    typeof requestTimeoutMs !== 'number' ||
    !Number.isSafeInteger(requestTimeoutMs) ||
    requestTimeoutMs < 1 ||
    requestTimeoutMs > MAX_REQUEST_TIMEOUT_MS
  ) {
    throw new DqlError(
      'usage.bad-argument',
      `requestTimeoutMs is a whole number of milliseconds from 1 to ${MAX_REQUEST_TIMEOUT_MS}, not ${String(options.requestTimeoutMs)}.`,
    )
  }
  const client =
    options.client === undefined && typeof options.region === 'string'
      ? createClient({
          region: options.region,
          requestHandler: { requestTimeout: requestTimeoutMs },
        })
      : options.client
  if (client === undefined || typeof client?.send !== 'function') {
    throw new DqlError(
      'usage.bad-argument',
      'createDql needs { client }: a DynamoDBClient from @aws-sdk/client-dynamodb ' +
        "(or { region: 'eu-west-1' } to build the recommended client).",
    )
  }
  const numbers = options.numbers ?? 'number'
  if (numbers !== 'number' && numbers !== 'bigint' && numbers !== 'string') {
    throw new DqlError('usage.bad-argument', "numbers is 'number', 'bigint' or 'string'.")
  }
  if (options.log !== undefined && typeof options.log !== 'function') {
    throw new DqlError('usage.bad-argument', 'log is a function: (event) => void.')
  }
  return {
    client,
    tables: options.tables ?? [],
    numbers,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    concurrency: Math.max(1, Math.floor(options.concurrency ?? 4)),
    log: options.log,
    requestTimeoutMs: isBounded(client) ? undefined : requestTimeoutMs,
  }
}
