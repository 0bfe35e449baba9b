/**
 * `createDql`'s options, checked once: the client (or the recommended one for a region), the
 * tables, and the settings of the executor.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DqlError } from '../errors.js'
import { createClient } from '../execute/create-client.js'
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

/** The options, checked and with their defaults. */
export interface Settings {
  readonly client: DynamoDBClient
  readonly tables: readonly unknown[]
  readonly numbers: NumberMode
  readonly retry: RetryOptions
  readonly concurrency: number
  readonly log: ((event: DqlEvent) => void) | undefined
}

export function settingsOf(options: DqlOptions): Settings {
  if (options === null || typeof options !== 'object') {
    throw new DqlError('usage.bad-argument', 'createDql takes { client, tables }.')
  }
  const client =
    options.client === undefined && typeof options.region === 'string'
      ? createClient({ region: options.region })
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
  }
}
