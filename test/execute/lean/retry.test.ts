/**
 * Which errors the lean transport retries, against the SDK's own classification
 * (`isThrottlingError`, `isTransientError` of @smithy/core/retry) over random errors; the
 * backoff's bounds; the retry quota's arithmetic.
 */
import { isThrottlingError, isTransientError } from '@smithy/core/retry'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { backoff, RetryQuota, retryKind } from '../../../src/execute/lean/retry.js'

const names = [
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
  'LimitExceededException',
  'TooManyRequestsException',
  'InternalServerError',
  'ServiceUnavailable',
  'ConditionalCheckFailedException',
  'ValidationException',
  'TransactionCanceledException',
  'ResourceNotFoundException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
  'Error',
  'ItemCollectionSizeLimitExceededException',
]
const codes = [
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EACCES',
  'ERR_SOMETHING',
]
const statuses = [200, 400, 403, 404, 429, 500, 501, 502, 503, 504, 505]

const error = fc
  .record(
    {
      name: fc.constantFrom(...names),
      code: fc.constantFrom(...codes),
      status: fc.constantFrom(...statuses),
    },
    { requiredKeys: ['name'] },
  )
  .map(({ name, code, status }): Parameters<typeof isTransientError>[0] =>
    Object.assign(new Error('m'), {
      cause: undefined,
      name,
      ...(code === undefined ? {} : { code }),
      // An abort comes from the request handler, never with an answer's status.
      ...(status === undefined || name === 'AbortError'
        ? {}
        : { $metadata: { httpStatusCode: status } }),
    }),
  )

test('an error is retried as throttling, as transient, or not at all, as the SDK decides', () => {
  fc.assert(
    fc.property(error, (e) => {
      const sdk = isThrottlingError(e)
        ? 'throttling'
        : isTransientError(e)
          ? 'transient'
          : undefined
      expect(retryKind(e)).toBe(sdk)
    }),
    { numRuns: 2000, seed: 7 },
  )
})

test('the damaged answer of a CRC32 mismatch is transient; a non-Error is never retried', () => {
  expect(retryKind(Object.assign(new Error('x'), { name: 'CRC32CheckFailed' }))).toBe('transient')
  expect(retryKind('ECONNRESET')).toBeUndefined()
  expect(retryKind(undefined)).toBeUndefined()
})

test('backoff: full jitter below min(base · 2^n, 20 s), 25 ms base, 1 s after a throttle', () => {
  const top = () => 0.999_999
  expect([0, 1, 2, 3].map((n) => backoff('transient', n, top))).toEqual([24, 49, 99, 199])
  expect([0, 1, 2, 5, 20].map((n) => backoff('throttling', n, top))).toEqual([
    999, 1999, 3999, 19_999, 19_999,
  ])
  expect(backoff('transient', 3, () => 0)).toBe(0)
  expect(backoff('transient', 40, () => 0.5)).toBe(10_000)
})

test('the retry quota: 500 tokens, 14 a retry, 5 after a throttle, refunds capped at 500', () => {
  const quota = new RetryQuota()
  const taken: number[] = []
  for (let i = 0; i < 36; i++) taken.push(quota.take('transient'))
  // 35 retries of 14 leave 10: the 36th is refused.
  expect(taken.filter((cost) => cost === 14)).toHaveLength(35)
  expect(taken[35]).toBe(0)
  expect(quota.available).toBe(10)
  expect(quota.take('throttling')).toBe(5)
  expect(quota.take('throttling')).toBe(5)
  expect(quota.take('throttling')).toBe(0)
  quota.succeeded(0)
  expect(quota.available).toBe(1)
  quota.succeeded(14)
  expect(quota.available).toBe(15)
  for (let i = 0; i < 100; i++) quota.succeeded(14)
  expect(quota.available).toBe(500)
})
