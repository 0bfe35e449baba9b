/**
 * Page cursors: an opaque, URL-safe string that says where the next page starts (which
 * request, and DynamoDB's LastEvaluatedKey) and how many items were already returned, so
 * that LIMIT holds across pages. It is tied to its read — statement text, table, index and
 * values — by a SHA-256 of them, and, with a cursor secret, signed whole with HMAC-SHA256.
 * A cursor is checked in full before anything is sent: it cannot raise LIMIT, name a request
 * the read does not send, or start at a key outside the read.
 */
import type { KeyObject } from 'node:crypto'
import type { AttributeValue, ScanCommandInput } from '@aws-sdk/client-dynamodb'
import type { BoundCommand } from '../compile/prepared.js'
import { defineOwn } from '../compile/marshal.js'
import { DqlError } from '../errors.js'
import type { TableDefinition } from '../schema/define-table.js'
import { checkStart, keysOf } from './cursor-key.js'
import { nodeCrypto } from './node-crypto.js'

type Key = Record<string, AttributeValue>

export interface CursorState {
  readonly request: number
  readonly start: Key | undefined
  /** Items returned by earlier pages. */
  readonly taken: number
  /** A parallel Scan's segments (request 0, no start key); absent for every other read. */
  readonly segments?: SegmentPositions
}

/** Where each segment of a parallel Scan stands; a segment in neither list starts afresh. */
export interface SegmentPositions {
  /** Segments read to their end, as ranges [first, last], in order. */
  readonly done: readonly (readonly [number, number])[]
  /** Segments begun and not finished, in order, each with the key it continues after. */
  readonly started: readonly (readonly [number, Key])[]
}

type EncodedKey = Record<string, { S: string } | { N: string } | { B64: string }>

/**
 * A cursor's content: version, identity hash (unsigned only), request, taken, start key, and
 * for a parallel Scan its segments (`d` done ranges, `s` segments begun with their keys).
 */
interface Encoded {
  readonly v: 2
  readonly h?: string
  readonly r: number
  readonly t: number
  readonly k?: EncodedKey
  readonly g?: { readonly d: (readonly [number, number])[]; readonly s: [number, EncodedKey][] }
}

/**
 * What a cursor is tied to, hashed: the statement's text, the physical table and index it
 * reads with their keys, and the values this call sends — so that a cursor of another
 * statement, another table (`FROM ${table}`, or one name defined otherwise on another
 * handle), or the same one with other values, is refused.
 */
export function identityOf(text: string, table: TableDefinition, bound: BoundCommand): string {
  const { indexName, keys } = keysOf(table, bound)
  const identity = JSON.stringify([text, table.tableName, indexName ?? null, keys, valuesOf(bound)])
  return nodeCrypto().createHash('sha256').update(identity).digest('base64url')
}

function valuesOf(bound: BoundCommand): unknown {
  switch (bound.operation) {
    case 'GetItem':
      return bound.input.Key
    case 'Query':
      return bound.inputs.map((input) => input.ExpressionAttributeValues)
    case 'Scan':
      return bound.input.ExpressionAttributeValues ?? null
    case 'BatchGetItem':
      return bound.keys
  }
}

/**
 * Encodes where the next page starts, for the read whose identity hash is `identity`. With a
 * secret, the content is followed by `.` and its HMAC (over the identity too), and the
 * identity hash is left out: a secret's cursor tells nothing of the values it was made for.
 */
export function encodeCursor(
  identity: string,
  state: CursorState,
  secret: KeyObject | undefined,
): string {
  const encoded: Encoded = {
    v: 2,
    ...(secret === undefined ? { h: identity } : {}),
    r: state.request,
    t: state.taken,
    ...(state.start ? { k: encodeKey(state.start) } : {}),
    ...(state.segments
      ? {
          g: {
            d: [...state.segments.done],
            s: state.segments.started.map(([segment, key]): [number, EncodedKey] => [
              segment,
              encodeKey(key),
            ]),
          },
        }
      : {}),
  }
  const body = Buffer.from(JSON.stringify(encoded)).toString('base64url')
  return secret === undefined ? body : `${body}.${signature(secret, identity, body)}`
}

/**
 * Decodes a cursor made by `encodeCursor` for the same read, and checks that it can continue
 * `bound`: signed as this handle signs, request and count in range, start key in the read.
 */
export function decodeCursor(
  cursor: string,
  identity: string,
  bound: BoundCommand,
  table: TableDefinition,
  secret: KeyObject | undefined,
): CursorState {
  if (typeof cursor !== 'string' || cursor === '') throw bad('it is not a cursor string')
  const [body = '', mac, ...rest] = cursor.split('.')
  if (rest.length > 0) throw bad('it is not a dql cursor')
  if (secret === undefined && mac !== undefined) {
    throw bad('it is signed, and this handle has no cursorSecret to check it with')
  }
  if (secret !== undefined) {
    if (mac === undefined) {
      throw bad('it is not signed, and this handle signs its cursors (cursorSecret)')
    }
    const expected = Buffer.from(signature(secret, identity, body), 'base64url')
    const given = Buffer.from(mac, 'base64url')
    if (given.length !== expected.length || !nodeCrypto().timingSafeEqual(given, expected)) {
      throw bad(
        'its signature does not match: it was changed, signed with another secret, or made ' +
          'for another statement or other values',
      )
    }
  }
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch {
    throw bad('it is not a dql cursor')
  }
  if (!isRecord(decoded) || decoded.v !== 2) throw bad('it is not a dql cursor')
  if (secret === undefined && decoded.h !== identity) {
    throw bad(
      'it belongs to another statement, table or index, or to the same one with other values',
    )
  }
  const { r: request, t: taken, k: key, g: segments } = decoded
  if (!isWhole(request) || !isWhole(taken)) throw bad('it is damaged')
  const start = key === undefined ? undefined : decodeKey(key)
  const state = {
    request,
    taken,
    start,
    ...(segments === undefined ? {} : { segments: decodeSegments(segments) }),
  }
  checkState(bound, table, state)
  return state
}

/** A parallel Scan's positions, shaped as encoded; their ranges are checked by checkState. */
function decodeSegments(segments: unknown): SegmentPositions {
  if (!isRecord(segments) || !Array.isArray(segments.d) || !Array.isArray(segments.s)) {
    throw bad('it is damaged')
  }
  const done = segments.d.map((range: unknown): [number, number] => {
    if (!Array.isArray(range) || range.length !== 2) throw bad('it is damaged')
    const [first, last]: unknown[] = range
    if (!isWhole(first) || !isWhole(last)) throw bad('it is damaged')
    return [first, last]
  })
  const started = segments.s.map((entry: unknown): [number, Key] => {
    if (!Array.isArray(entry) || entry.length !== 2) throw bad('it is damaged')
    const [segment, key]: unknown[] = entry
    if (!isWhole(segment)) throw bad('it is damaged')
    return [segment, decodeKey(key)]
  })
  return { done, started }
}

/**
 * That a parallel Scan's positions fit its TotalSegments: ranges and segments in order, within
 * 0 … n − 1, none both read and begun, some progress made and something left, each start key
 * one of this Scan's keys.
 */
function checkSegments(
  positions: SegmentPositions,
  total: number,
  table: TableDefinition,
  input: ScanCommandInput,
): void {
  let next = 0
  let read = 0
  const isDone = (segment: number) =>
    positions.done.some(([first, last]) => first <= segment && segment <= last)
  for (const [first, last] of positions.done) {
    if (first < next || last < first || last >= total) {
      throw bad(`it names segments outside 0 to ${total - 1}, or out of order`)
    }
    next = last + 2
    read += last - first + 1
  }
  next = 0
  for (const [segment, key] of positions.started) {
    if (segment < next || segment >= total || isDone(segment)) {
      throw bad(`it names segments outside 0 to ${total - 1}, or out of order`)
    }
    next = segment + 1
    const problem = checkStart(key, table, 'Scan', input)
    if (problem !== undefined) throw bad(problem)
  }
  // A cursor is made after a page, with something left: never at the start or the end.
  if (read === total || (read === 0 && positions.started.length === 0)) throw bad('it is damaged')
}

/** That the state continues `bound`: the count below LIMIT, the request one it sends. */
function checkState(bound: BoundCommand, table: TableDefinition, state: CursorState): void {
  if (bound.operation === 'GetItem') throw bad('this statement reads one item: it has no next page')
  // A count outside 0 … LIMIT − 1 would let a cursor raise LIMIT (or end a read at once).
  const { limit } = bound
  if (state.taken < 0 || (limit !== undefined && state.taken >= limit)) {
    const allowed =
      limit === undefined ? 'a count is 0 or more' : `LIMIT ${limit} allows 0 to ${limit - 1}`
    throw bad(`it counts ${state.taken} items as returned already, where ${allowed}`)
  }
  const total = bound.operation === 'Scan' ? bound.segments : undefined
  if ((total === undefined) !== (state.segments === undefined)) throw bad('it is damaged')
  if (total !== undefined && state.segments !== undefined && bound.operation === 'Scan') {
    if (state.request !== 0 || state.start !== undefined) throw bad('it is damaged')
    checkSegments(state.segments, total, table, bound.input)
    return
  }
  const requests =
    bound.operation === 'Query'
      ? bound.inputs.length
      : bound.operation === 'Scan'
        ? 1
        : bound.requests.length
  if (state.request < 0 || state.request >= requests) {
    throw bad(
      `it continues at request ${state.request} of a read that sends requests 0 to ${requests - 1}`,
    )
  }
  if (state.start === undefined) {
    // A cursor that starts a request from its beginning is only made for a later request.
    if (state.request === 0) throw bad('it is damaged')
    return
  }
  if (bound.operation === 'BatchGetItem') throw bad('it is damaged')
  const input = bound.operation === 'Query' ? bound.inputs[state.request] : bound.input
  if (input === undefined) throw bad('it is damaged')
  const problem = checkStart(state.start, table, bound.operation, input)
  if (problem !== undefined) throw bad(problem)
}

/** Item counts and request numbers are whole numbers; their ranges are checked after. */
function isWhole(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value)
}

function signature(secret: KeyObject, identity: string, body: string): string {
  return nodeCrypto().createHmac('sha256', secret).update(`${identity}.${body}`).digest('base64url')
}

function bad(why: string): DqlError {
  return new DqlError(
    'usage.bad-cursor',
    `This cursor cannot be used: ${why}. Pass the cursor returned by the previous page of the same statement.`,
  )
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function encodeKey(key: Key): NonNullable<Encoded['k']> {
  const out: NonNullable<Encoded['k']> = {}
  for (const [name, value] of Object.entries(key)) {
    if (value.S !== undefined) defineOwn(out, name, { S: value.S })
    else if (value.N !== undefined) defineOwn(out, name, { N: value.N })
    else if (value.B !== undefined) {
      defineOwn(out, name, { B64: Buffer.from(value.B).toString('base64') })
    }
  }
  return out
}

/** A start key as the cursor holds it: each attribute exactly one of S, N and B64. */
function decodeKey(key: unknown): Key {
  if (!isRecord(key)) throw bad('it is damaged')
  const out: Key = {}
  for (const [name, value] of Object.entries(key)) {
    if (!isRecord(value) || Object.keys(value).length !== 1) throw bad('it is damaged')
    if (typeof value.S === 'string') defineOwn(out, name, { S: value.S })
    else if (typeof value.N === 'string') defineOwn(out, name, { N: value.N })
    else if (typeof value.B64 === 'string') {
      defineOwn(out, name, { B: new Uint8Array(Buffer.from(value.B64, 'base64')) })
    } else {
      throw bad('it is damaged')
    }
  }
  return out
}
