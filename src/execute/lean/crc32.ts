/**
 * DynamoDB's `x-amz-crc32` header: the CRC-32 of the response body's bytes, as sent (before any
 * decoding). A mismatch means the body was damaged on the way; the transport retries it.
 * node:zlib has crc32 from Node 20.15 (dql needs 20.19), computed natively.
 */
import { crc32 } from 'node:zlib'

/** True when `body` matches the `x-amz-crc32` header, or when there is no such header. */
export function crc32Matches(header: string | string[] | undefined, body: Buffer): boolean {
  if (typeof header !== 'string') return true
  return crc32(body) === Number(header)
}
