/**
 * Batch writes: puts and deletes by key, 25 per BatchWriteItem request, a few requests in
 * flight at once, UnprocessedItems retried with backoff. Never a partial write nobody is told
 * about: the call either confirms every item or fails with `execute.unprocessed-items`, which
 * names every key not known to be written.
 */
import type {
  AttributeValue,
  BatchWriteItemCommandInput,
  WriteRequest,
} from '@aws-sdk/client-dynamodb'
import { keyId } from '../compile/marshal.js'
import { DqlError } from '../errors.js'
import type { TableDefinition } from '../schema/define-table.js'
import { mapItem, type NumberMode } from './map-item.js'
import { backoff, bounded, sleep, type SendContext } from './send.js'

/** Most puts and deletes one BatchWriteItem request may hold. */
export const WRITE_BATCH_SIZE = 25

/** Everything a batch write needs besides its requests. */
export interface BatchWriteContext extends SendContext {
  readonly table: TableDefinition
  readonly numbers: NumberMode
  /** BatchWriteItem requests in flight at once. */
  readonly concurrency: number
}

type Key = Record<string, AttributeValue>

/** What became of one chunk of up to 25 requests. */
interface Chunk {
  readonly requests: readonly WriteRequest[]
  /** Requests not confirmed yet: all of them until the chunk is sent, none once it is done. */
  pending: readonly WriteRequest[]
  /** Why the chunk stopped with requests pending, once it did. */
  failure?: Failure
}

/** Why a chunk stopped: an exhausted retry budget, or an error (its cause). */
type Failure =
  | { readonly kind: 'budget'; readonly attempts: number }
  | { readonly kind: 'error'; readonly cause: unknown }

/**
 * Writes every request to `context.table`, 25 per BatchWriteItem, `context.concurrency`
 * requests in flight at once; returns how many were written (all of them). On any failure —
 * keys still unprocessed after `retry.attempts` requests of a chunk, an error from DynamoDB,
 * a deadline, a cancelled call — no new chunk is started, the requests in flight are let
 * finish, and the call fails with `execute.unprocessed-items` listing every key not confirmed.
 */
export async function batchWrite(
  context: BatchWriteContext,
  requests: readonly WriteRequest[],
): Promise<number> {
  context.signal?.throwIfAborted()
  const chunks: Chunk[] = []
  for (let start = 0; start < requests.length; start += WRITE_BATCH_SIZE) {
    const part = requests.slice(start, start + WRITE_BATCH_SIZE)
    chunks.push({ requests: part, pending: part })
  }
  let next = 0
  let failed = false
  const worker = async () => {
    while (!failed && next < chunks.length) {
      const chunk = chunks[next++]
      if (chunk === undefined) return
      await writeChunk(context, chunk)
      if (chunk.failure !== undefined) failed = true
    }
  }
  const workers: Promise<void>[] = []
  for (let i = 0; i < Math.min(context.concurrency, chunks.length); i++) workers.push(worker())
  await Promise.all(workers)
  if (!failed) return requests.length
  throw unprocessedError(context, chunks, requests.length)
}

/** Sends one chunk until DynamoDB has processed all of it, or it fails; never throws. */
async function writeChunk(context: BatchWriteContext, chunk: Chunk): Promise<void> {
  const { table, retry } = context
  const tableName = table.tableName
  for (let attempt = 1; ; attempt++) {
    const input: BatchWriteItemCommandInput = { RequestItems: { [tableName]: [...chunk.pending] } }
    try {
      const output = await bounded(context, 'BatchWriteItem', input)
      chunk.pending = output.UnprocessedItems?.[tableName] ?? []
      if (chunk.pending.length === 0) return
      if (attempt >= retry.attempts) {
        chunk.failure = { kind: 'budget', attempts: attempt }
        return
      }
      await sleep(backoff(attempt, retry), context.signal)
    } catch (cause) {
      chunk.failure = { kind: 'error', cause }
      return
    }
  }
}

/** `execute.unprocessed-items`: every key not confirmed, in the order given, and why. */
function unprocessedError(
  context: BatchWriteContext,
  chunks: readonly Chunk[],
  total: number,
): DqlError {
  const { table, numbers } = context
  const unprocessed: Record<string, unknown>[] = []
  let written = 0
  let failure: Failure | undefined
  for (const chunk of chunks) {
    failure ??= chunk.failure
    written += chunk.requests.length - chunk.pending.length
    if (chunk.pending.length === 0) continue
    // In the order given, whatever order DynamoDB returned them in.
    const pending = new Set(chunk.pending.map((request) => id(table, keyOf(table, request))))
    for (const request of chunk.requests) {
      const key = keyOf(table, request)
      if (pending.has(id(table, key))) unprocessed.push(mapItem(key, table, numbers))
    }
  }
  const why =
    failure?.kind === 'budget'
      ? `DynamoDB still returned some as UnprocessedItems after ${failure.attempts} attempts, ` +
        'usually from throttling'
      : `a request failed: ${failure?.cause instanceof Error ? failure.cause.message : String(failure?.cause)}`
  return new DqlError(
    'execute.unprocessed-items',
    `BatchWriteItem wrote ${written} of ${total} items to ${table.tableName}; ${unprocessed.length} ` +
      `were not (${why}). error.unprocessed lists their keys: writing them again is safe, since ` +
      'a put or a delete by key can be repeated. Retry later, raise the write capacity, or ' +
      'allow more attempts with createDql({ retry }).',
    {
      batch: { unprocessed, written },
      ...(failure?.kind === 'error' ? { cause: failure.cause } : {}),
    },
  )
}

/** The key of a put (its key attributes) or of a delete. */
function keyOf(table: TableDefinition, request: WriteRequest): Key {
  const source = request.PutRequest?.Item ?? request.DeleteRequest?.Key ?? {}
  const key: Key = {}
  for (const attribute of [table.partitionKey, table.sortKey]) {
    if (attribute === undefined) continue
    const value = source[attribute]
    if (value !== undefined) key[attribute] = value
  }
  return key
}

function id(table: TableDefinition, key: Key): string {
  const partition = key[table.partitionKey]
  const sort = table.sortKey === undefined ? undefined : key[table.sortKey]
  return (partition ? keyId(partition) : '') + (sort ? `\u0000${keyId(sort)}` : '')
}
