/**
 * `createDql`'s options, checked once: the transport (see transport-option.ts), the tables,
 * and the settings of the executor.
 */
import type { KeyObject } from 'node:crypto'
import { nodeCrypto } from '../execute/node-crypto.js'
import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb'
import { DqlError } from '../errors.js'
import { REQUEST_TIMEOUT_MS } from '../execute/create-client.js'
import type { NumberMode } from '../execute/map-item.js'
import { DEFAULT_RETRY, type RetryOptions } from '../execute/send.js'
import type { Transport } from '../execute/transport.js'
import type { TableDefinition } from '../schema/define-table.js'
import { transportOf } from './transport-option.js'

/**
 * Options of `createDql`. `Tables` is the type of `tables`, which typed text statements look
 * their tables up in.
 */
export interface DqlOptions<
  Tables extends readonly TableDefinition<unknown>[] = readonly TableDefinition<unknown>[],
> {
  /**
   * How requests are sent: `'sdk'` (default) through a DynamoDBClient; `'lean'`, dql speaking
   * DynamoDB's JSON protocol itself at a fraction of the SDK's CPU, without loading the SDK
   * (see docs/execution.md); or, for tests and advanced uses, a Transport object of your own.
   */
  readonly transport?: 'sdk' | 'lean' | Transport
  /**
   * The DynamoDB client to send with, used as it is; with `transport: 'lean'`, the client
   * whose region, endpoint and credentials the lean transport takes (nothing else of it).
   */
  readonly client?: DynamoDBClient
  /**
   * Without `client`: the AWS region of the recommended client dql then builds with
   * `createClient({ region })` (cacheMiddleware and request timeouts; see docs/performance.md),
   * or of the lean transport (which otherwise takes it from the environment).
   */
  readonly region?: string
  /** Without `client`: the endpoint to send to (DynamoDB Local, a VPC endpoint …). */
  readonly endpoint?: string
  /** Without `client`: the credentials to sign with (default: the SDK's default chain). */
  readonly credentials?: DynamoDBClientConfig['credentials']
  /** Tables statements may name. Others are read with DescribeTable on first use. */
  readonly tables?: Tables
  /**
   * How numbers come back: `number` (default; a number that a double cannot hold exactly is a
   * `result.unsafe-number` error, never rounded), `bigint` (such integers as bigint) or
   * `string` (every number as its decimal string).
   */
  readonly numbers?: NumberMode
  /**
   * How BatchGetItem retries UnprocessedKeys and BatchWriteItem UnprocessedItems: `attempts` (1–50, default 10), `baseDelayMs`
   * and `maxDelayMs` (0–60,000 ms, defaults 50 and 2,000; base ≤ max).
   */
  readonly retry?: Partial<RetryOptions>
  /**
   * Requests in flight at once: per-key Queries (IN list plus a filter) in `all`, and the
   * segments of `SCAN … SEGMENTS n`, the BatchWriteItem requests of a batch write; 1–100,
   * default 4.
   */
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
  /**
   * Signs page cursors with HMAC-SHA256, so that a cursor handed to a client comes back
   * unchanged or is refused (`usage.bad-cursor`); every handle given the same secret accepts
   * the others' cursors. At least 32 bytes, e.g. `randomBytes(32).toString('base64')`.
   */
  readonly cursorSecret?: string | Uint8Array
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
  readonly transport: Transport
  /** The SDK client the transport sends with or takes its settings from, if any. */
  readonly client: DynamoDBClient | undefined
  readonly tables: readonly unknown[]
  readonly numbers: NumberMode
  readonly retry: RetryOptions
  readonly concurrency: number
  readonly log: ((event: DqlEvent) => void) | undefined
  /** Each request's deadline, or undefined when the transport bounds its requests itself. */
  readonly requestTimeoutMs: number | undefined
  readonly cursorSecret: KeyObject | undefined
}

export function settingsOf(options: DqlOptions): Settings {
  if (options === null || typeof options !== 'object') {
    throw new DqlError('usage.bad-argument', 'createDql takes { client, tables }.')
  }
  const requestTimeoutMs = whole(
    'requestTimeoutMs',
    options.requestTimeoutMs,
    1,
    MAX_REQUEST_TIMEOUT_MS,
    REQUEST_TIMEOUT_MS,
    'milliseconds',
  )
  const numbers: unknown = options.numbers === undefined ? 'number' : options.numbers
  if (numbers !== 'number' && numbers !== 'bigint' && numbers !== 'string') {
    throw bad(`numbers is 'number', 'bigint' or 'string', not ${shown(numbers)}.`)
  }
  const tables: unknown = options.tables === undefined ? [] : options.tables
  // An array, not any iterable: a Set or a Map of definitions is most likely a slip.
  if (!Array.isArray(tables)) {
    throw bad(
      `tables is an array of table definitions (defineTable results), not ${shown(tables)}.`,
    )
  }
  if (options.log !== undefined && typeof options.log !== 'function') {
    throw bad('log is a function: (event) => void.')
  }
  // Last, so that a wrong option refused above never builds a client or a transport.
  const { transport, client, boundsRequests } = transportOf(options, requestTimeoutMs)
  return {
    transport,
    client,
    tables,
    numbers,
    retry: retryOf(options.retry),
    concurrency: whole('concurrency', options.concurrency, 1, 100, 4),
    log: options.log,
    requestTimeoutMs: boundsRequests ? undefined : requestTimeoutMs,
    cursorSecret: secretOf(options.cursorSecret),
  }
}

/** The shortest cursor secret taken: 256 bits, as long as the HMAC-SHA256 it keys. */
const MIN_SECRET_BYTES = 32

/** The cursor secret as a key; its value never appears in a message. */
function secretOf(secret: unknown): KeyObject | undefined {
  if (secret === undefined) return undefined
  const bytes =
    typeof secret === 'string'
      ? Buffer.from(secret, 'utf8')
      : secret instanceof Uint8Array
        ? secret
        : undefined
  if (bytes === undefined || bytes.length < MIN_SECRET_BYTES) {
    const given = bytes === undefined ? kindOf(secret) : `${bytes.length} bytes`
    throw bad(
      `cursorSecret is a string or Uint8Array of at least ${MIN_SECRET_BYTES} bytes ` +
        `(for example randomBytes(32).toString('base64')), not ${given}.`,
    )
  }
  return nodeCrypto().createSecretKey(bytes)
}

/**
 * The retry settings. Every number is checked, because a wrong one fails silently: NaN or
 * undefined attempts retry forever, a NaN delay never waits.
 */
function retryOf(retry: unknown): RetryOptions {
  if (retry === undefined) return DEFAULT_RETRY
  if (retry === null || typeof retry !== 'object' || Array.isArray(retry)) {
    throw bad(`retry is an object: { attempts, baseDelayMs, maxDelayMs }, not ${shown(retry)}.`)
  }
  const given = new Map<string, unknown>(Object.entries(retry))
  for (const name of given.keys()) {
    if (!(name in DEFAULT_RETRY)) {
      throw bad(`retry has no option ${name}; it takes attempts, baseDelayMs and maxDelayMs.`)
    }
  }
  const delay = (name: 'baseDelayMs' | 'maxDelayMs') =>
    whole(`retry.${name}`, given.get(name), 0, MAX_DELAY_MS, DEFAULT_RETRY[name], 'milliseconds')
  const settings: RetryOptions = {
    attempts: whole('retry.attempts', given.get('attempts'), 1, 50, DEFAULT_RETRY.attempts),
    baseDelayMs: delay('baseDelayMs'),
    maxDelayMs: delay('maxDelayMs'),
  }
  if (settings.baseDelayMs > settings.maxDelayMs) {
    throw bad(
      `retry.baseDelayMs (${settings.baseDelayMs}) is more than retry.maxDelayMs ` +
        `(${settings.maxDelayMs}): no wait is ever longer than maxDelayMs, so lower ` +
        'baseDelayMs or raise maxDelayMs.',
    )
  }
  return settings
}

/** The longest wait between two BatchGetItem attempts that may be configured: one minute. */
const MAX_DELAY_MS = 60_000

/** A whole number from `min` to `max`; undefined (given or not) is the default. */
function whole(
  name: string,
  value: unknown,
  min: number,
  max: number,
  fallback: number,
  unit?: string,
): number {
  if (value === undefined) return fallback
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) {
    return value
  }
  throw bad(
    `${name} is a whole number${unit ? ` of ${unit}` : ''} from ${min} to ${max} ` +
      `(default ${fallback}), not ${shown(value)}.`,
  )
}

/** A value as an error message shows it: numbers and strings as written, others by kind. */
function shown(value: unknown): string {
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'bigint') return `${value}n`
  if (value === null || value === undefined || typeof value === 'boolean') return String(value)
  return kindOf(value)
}

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

function bad(reason: string): DqlError {
  return new DqlError('usage.bad-argument', reason)
}
