/**
 * Retries as the SDK's standard mode does them for DynamoDB: which errors are retried, the
 * backoff (exponential, full jitter, capped at 20 s) and the retry quota (a bucket of 500
 * tokens shared by the transport's requests: a retry takes 14, 5 after a throttle, a success
 * gives back what its retry took or 1), so that an unhealthy endpoint gets fewer retries, not
 * a storm. The constants are those of the SDK version dql is built with (DynamoDB's client:
 * 4 attempts, a 25 ms base, 1 s after a throttle).
 */

export const DEFAULT_MAX_ATTEMPTS = 4
const BASE_DELAY_MS = 25
const THROTTLING_BASE_DELAY_MS = 1_000
const MAX_DELAY_MS = 20_000
const QUOTA = 500
const RETRY_COST = 14
const THROTTLING_RETRY_COST = 5
const SUCCESS_REFUND = 1

const THROTTLING = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
])
/** Error names of timeouts, and of a damaged answer (the transport's CRC32 check). */
const TRANSIENT_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'CRC32CheckFailed',
])
const TRANSIENT_STATUS = new Set([500, 502, 503, 504])
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])

export type RetryKind = 'throttling' | 'transient'

/** Whether the SDK would retry `error`, and as what; undefined for an error it never retries. */
export function retryKind(error: unknown): RetryKind | undefined {
  if (!(error instanceof Error)) return undefined
  if (error.name === 'AbortError') return undefined
  const status = statusOf(error)
  if (status === 429 || THROTTLING.has(error.name)) return 'throttling'
  if (TRANSIENT_NAMES.has(error.name)) return 'transient'
  if (status !== undefined && TRANSIENT_STATUS.has(status)) return 'transient'
  const code: unknown = Reflect.get(error, 'code')
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return 'transient'
  return undefined
}

function statusOf(error: Error): number | undefined {
  const metadata: unknown = Reflect.get(error, '$metadata')
  if (typeof metadata !== 'object' || metadata === null) return undefined
  const status: unknown = Reflect.get(metadata, 'httpStatusCode')
  return typeof status === 'number' ? status : undefined
}

/** The wait before retry number `retries` + 1 (0 for the first retry): full jitter. */
export function backoff(kind: RetryKind, retries: number, random: () => number): number {
  const base = kind === 'throttling' ? THROTTLING_BASE_DELAY_MS : BASE_DELAY_MS
  return Math.floor(random() * Math.min(base * 2 ** retries, MAX_DELAY_MS))
}

/** The retry quota of one transport. */
export class RetryQuota {
  private capacity = QUOTA

  /** Takes the cost of one retry of `kind`; 0 when the quota cannot pay it (no retry then). */
  take(kind: RetryKind): number {
    const cost = kind === 'throttling' ? THROTTLING_RETRY_COST : RETRY_COST
    if (this.capacity < cost) return 0
    this.capacity -= cost
    return cost
  }

  /** A success after a retry that cost `cost` (0 for a success at the first attempt). */
  succeeded(cost: number): void {
    this.capacity = Math.min(QUOTA, this.capacity + (cost > 0 ? cost : SUCCESS_REFUND))
  }

  get available(): number {
    return this.capacity
  }
}
