/**
 * The LIMIT policy's two helpers, shared by the sequential reader (read.ts) and the parallel
 * Scan (segments.ts): how many items a read may still return, and the request that asks
 * DynamoDB for no more than that.
 */
import type { QueryCommandInput, ScanCommandInput } from '@aws-sdk/client-dynamodb'
import type { BoundCommand } from '../compile/prepared.js'

/** The most items a read may still return: LIMIT and the call's own cap, less those taken. */
export function remaining(bound: BoundCommand, cap: number | undefined, taken: number): number {
  const limit = bound.operation === 'GetItem' ? undefined : bound.limit
  const max = Math.min(limit ?? Infinity, cap ?? Infinity)
  return max - taken
}

/**
 * The request for at most `left` more items: without a filter, DynamoDB's `Limit` counts
 * exactly the matches, so it need not read more. The input is copied only when that changes it.
 */
export function limited<Input extends QueryCommandInput | ScanCommandInput>(
  input: Input,
  left: number,
): Input {
  if (left === Infinity || input.FilterExpression !== undefined) return input
  if (input.Limit !== undefined && input.Limit <= left) return input
  return { ...input, Limit: left }
}
