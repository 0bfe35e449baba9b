/**
 * Page cursors: an opaque, URL-safe string that says where the next page starts (which
 * request, and DynamoDB's LastEvaluatedKey) and how many items were already returned, so
 * that LIMIT holds across pages. It is tied to the statement text and values it came from.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import type { BoundCommand } from '../compile/prepared.js'
import { DqlError } from '../errors.js'

type Key = Record<string, AttributeValue>

export interface CursorState {
  readonly request: number
  readonly start: Key | undefined
  /** Items returned by earlier pages. */
  readonly taken: number
}

interface Encoded {
  readonly v: 1
  readonly s: string
  readonly r: number
  readonly t: number
  readonly k?: Record<string, { S: string } | { N: string } | { B64: string }>
}

/**
 * What a cursor is tied to: the statement's text and the values this call sends, so that a
 * cursor of one statement, or of the same one with other values, is refused.
 */
export function identityOf(text: string, bound: BoundCommand): string {
  return `${text}\u0000${boundValues(bound)}`
}

function boundValues(bound: BoundCommand): string {
  switch (bound.operation) {
    case 'GetItem':
      return JSON.stringify(bound.input.Key)
    case 'Query':
      return JSON.stringify(bound.inputs.map((input) => input.ExpressionAttributeValues))
    case 'Scan':
      return JSON.stringify(bound.input.ExpressionAttributeValues ?? null)
    case 'BatchGetItem':
      return JSON.stringify(bound.keys)
  }
}

/** Encodes where the next page starts, for the statement `text`. */
export function encodeCursor(text: string, state: CursorState): string {
  const encoded: Encoded = {
    v: 1,
    s: fingerprint(text),
    r: state.request,
    t: state.taken,
    ...(state.start ? { k: encodeKey(state.start) } : {}),
  }
  return Buffer.from(JSON.stringify(encoded)).toString('base64url')
}

/** Decodes a cursor made by `encodeCursor` for the same statement. */
export function decodeCursor(text: string, cursor: string): CursorState {
  const bad = (why: string) =>
    new DqlError(
      'usage.bad-cursor',
      `This cursor cannot be used: ${why}. Pass the cursor returned by the previous page of the same statement.`,
    )
  if (typeof cursor !== 'string' || cursor === '') throw bad('it is not a cursor string')
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw bad('it is not a dql cursor')
  }
  if (!isRecord(decoded) || decoded.v !== 1) throw bad('it is not a dql cursor')
  if (decoded.s !== fingerprint(text)) {
    throw bad('it belongs to another statement, or to the same one with other values')
  }
  const { r: request, t: taken, k: key } = decoded
  if (
    typeof request !== 'number' ||
    !Number.isSafeInteger(request) ||
    request < 0 ||
    typeof taken !== 'number' ||
    !Number.isSafeInteger(taken)
  ) {
    throw bad('it is damaged')
  }
  return { request, taken, start: key === undefined ? undefined : decodeKey(key, bad) }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function encodeKey(key: Key): NonNullable<Encoded['k']> {
  const out: NonNullable<Encoded['k']> = {}
  for (const [name, value] of Object.entries(key)) {
    if (value.S !== undefined) out[name] = { S: value.S }
    else if (value.N !== undefined) out[name] = { N: value.N }
    else if (value.B !== undefined) out[name] = { B64: Buffer.from(value.B).toString('base64') }
  }
  return out
}

function decodeKey(key: unknown, bad: (why: string) => DqlError): Key {
  if (!isRecord(key)) throw bad('it is damaged')
  const out: Key = {}
  for (const [name, value] of Object.entries(key)) {
    if (!isRecord(value)) throw bad('it is damaged')
    if (typeof value.S === 'string') out[name] = { S: value.S }
    else if (typeof value.N === 'string') out[name] = { N: value.N }
    else if (typeof value.B64 === 'string') {
      out[name] = { B: new Uint8Array(Buffer.from(value.B64, 'base64')) }
    } else {
      throw bad('it is damaged')
    }
  }
  return out
}

/** FNV-1a of the statement text: enough to catch a cursor handed to another statement. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(36)
}
