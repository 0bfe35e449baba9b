/**
 * Sending: the only code that talks to DynamoDB. It pages lazily, keeps LIMIT as "at most n
 * matching items" (paging past filtered-out items, stopping as soon as it has n), retries a
 * batch's UnprocessedKeys with backoff, and never returns a short result silently.
 */
import {
  BatchGetItemCommand,
  GetItemCommand,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
  type BatchGetItemCommandOutput,
  type DynamoDBClient,
  type GetItemCommandOutput,
  type QueryCommandInput,
  type QueryCommandOutput,
  type ScanCommandInput,
  type ScanCommandOutput,
} from '@aws-sdk/client-dynamodb'
import { BATCH_SIZE } from '../compile/explain.js'
import { keyId } from '../compile/marshal.js'
import type { BoundCommand } from '../compile/prepare-command.js'
import { DqlError } from '../errors.js'
import type { TableDefinition } from '../schema/define-table.js'
import { mapItem, type NumberMode } from './map-item.js'

type Item = Record<string, AttributeValue>
type Key = Record<string, AttributeValue>

/** How BatchGetItem retries keys DynamoDB left unprocessed. */
export interface RetryOptions {
  /** Requests per chunk of keys, the first included; default 10. */
  readonly attempts: number
  /** Backoff before the first retry, doubled each time, with full jitter; default 50 ms. */
  readonly baseDelayMs: number
  /** Longest wait between retries; default 2,000 ms. */
  readonly maxDelayMs: number
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 10, baseDelayMs: 50, maxDelayMs: 2000 }

/** Everything a run needs besides the command. */
export interface RunContext {
  readonly client: DynamoDBClient
  readonly table: TableDefinition
  readonly numbers: NumberMode
  readonly retry: RetryOptions
  /** Per-key Queries in flight at once, for `all`. */
  readonly concurrency: number
  readonly signal?: AbortSignal | undefined
}

/** Yields the matching items, fetching pages lazily; at most one page is held at a time. */
export async function* iterateItems(
  bound: BoundCommand,
  context: RunContext,
): AsyncGenerator<Record<string, unknown>> {
  const limit = 'limit' in bound ? bound.limit : undefined
  let taken = 0
  for await (const page of pages(bound, context)) {
    for (const item of page.items) {
      yield item
      // A cancelled read ends at once, and no further request goes out.
      context.signal?.throwIfAborted()
      if (limit !== undefined && ++taken >= limit) return
    }
  }
}

/** Every matching item. Per-key Queries run a few at a time and are merged in key order. */
export async function allItems(
  bound: BoundCommand,
  context: RunContext,
): Promise<Record<string, unknown>[]> {
  if (bound.operation === 'Query' && bound.inputs.length > 1 && bound.limit === undefined) {
    const results: Record<string, unknown>[][] = new Array(bound.inputs.length)
    let next = 0
    // One failed Query fails the read, and the other workers stop taking keys.
    let failed = false
    const worker = async () => {
      while (next < bound.inputs.length && !failed) {
        const i = next++
        const items: Record<string, unknown>[] = []
        try {
          for await (const page of pagesOf('Query', bound.inputs[i]!, context)) {
            if (failed) return
            items.push(...page.items)
          }
        } catch (error) {
          failed = true
          throw error
        }
        results[i] = items
      }
    }
    const workers = Math.min(context.concurrency, bound.inputs.length)
    // Settle every worker before failing, so that nothing of this read is still sending.
    const settled = await Promise.allSettled(Array.from({ length: workers }, worker))
    const rejected = settled.find((result) => result.status === 'rejected')
    if (rejected) throw rejected.reason
    return results.flat()
  }
  // Page by page, not item by item: each yield of an async generator costs promises.
  const limit = 'limit' in bound ? bound.limit : undefined
  const items: Record<string, unknown>[] = []
  for await (const page of pages(bound, context)) {
    for (const item of page.items) {
      items.push(item)
      if (limit !== undefined && items.length >= limit) return items
    }
  }
  return items
}

/** COUNT(*): sums `Count` over every page (and every per-key Query), up to LIMIT. */
export async function countItems(bound: BoundCommand, context: RunContext): Promise<number> {
  if (bound.operation !== 'Query' && bound.operation !== 'Scan') {
    throw new Error(`unreachable: a count is planned as Query or Scan, not ${bound.operation}`)
  }
  const inputs = bound.operation === 'Query' ? bound.inputs : [bound.input]
  let total = 0
  for (const input of inputs) {
    let start: Key | undefined
    do {
      const output = await pageRequest(context, bound.operation, input, start)
      total += output.Count ?? 0
      if (bound.limit !== undefined && total >= bound.limit) return bound.limit
      start = output.LastEvaluatedKey
    } while (start !== undefined)
  }
  return total
}

/**
 * A GetItem: the item, mapped, or none. The hottest path of all, so `db.first` and `db.all`
 * call it directly, without the generators that paging needs.
 */
export async function getItem(
  bound: Extract<BoundCommand, { operation: 'GetItem' }>,
  context: RunContext,
): Promise<Record<string, unknown>[]> {
  const output = await dispatch(context, new GetItemCommand(bound.input))
  return output.Item ? [mapItem(output.Item, context.table, context.numbers)] : []
}

/** One page of results and where the next starts. */
export interface Page {
  readonly items: Record<string, unknown>[]
  /** Where the next page starts: request index and DynamoDB's LastEvaluatedKey. */
  readonly next: { readonly request: number; readonly start: Key | undefined } | undefined
}

/** Pages of mapped items, one DynamoDB response each, from `from` on. */
export async function* pages(
  bound: BoundCommand,
  context: RunContext,
  from: { request: number; start: Key | undefined } = { request: 0, start: undefined },
): AsyncGenerator<Page> {
  switch (bound.operation) {
    case 'GetItem':
      yield { items: await getItem(bound, context), next: undefined }
      return
    case 'Query':
      for (let i = from.request; i < bound.inputs.length; i++) {
        const start = i === from.request ? from.start : undefined
        for await (const page of pagesOf('Query', bound.inputs[i]!, context, start)) {
          const next = page.last
            ? { request: i, start: page.last }
            : i + 1 < bound.inputs.length
              ? { request: i + 1, start: undefined }
              : undefined
          yield { items: page.items, next }
        }
      }
      return
    case 'Scan':
      for await (const page of pagesOf('Scan', bound.input, context, from.start)) {
        yield { items: page.items, next: page.last ? { request: 0, start: page.last } : undefined }
      }
      return
    case 'BatchGetItem': {
      const chunks = Math.ceil(bound.keys.length / BATCH_SIZE)
      for (let i = from.request; i < chunks; i++) {
        const chunk = bound.keys.slice(i * BATCH_SIZE, (i + 1) * BATCH_SIZE)
        const found = await batchGet(chunk, bound.request, context)
        const items = found.map((item) =>
          mapItem(item, context.table, context.numbers, bound.strip),
        )
        yield { items, next: i + 1 < chunks ? { request: i + 1, start: undefined } : undefined }
      }
      return
    }
  }
}

/** The pages of one Query or Scan input, from `start` on. */
async function* pagesOf(
  operation: 'Query' | 'Scan',
  input: QueryCommandInput | ScanCommandInput,
  context: RunContext,
  start?: Key,
): AsyncGenerator<{ items: Record<string, unknown>[]; last: Key | undefined }> {
  do {
    const output = await pageRequest(context, operation, input, start)
    start = output.LastEvaluatedKey
    yield { items: mapAll(output.Items, context), last: start }
  } while (start !== undefined)
}

/** One page's request: the input as bound for the first page, a copy from `start` after. */
function pageRequest(
  context: RunContext,
  operation: 'Query' | 'Scan',
  input: QueryCommandInput | ScanCommandInput,
  start: Key | undefined,
) {
  const paged = start === undefined ? input : { ...input, ExclusiveStartKey: start }
  return operation === 'Query'
    ? dispatch(context, new QueryCommand(paged as QueryCommandInput))
    : dispatch(context, new ScanCommand(paged))
}

/**
 * Sends one command, unless the call was cancelled. Options go only with a signal: a client
 * with cacheMiddleware reuses its resolved middleware stack only for calls without options
 * (and drops that cache on any call with them).
 */
function dispatch(context: RunContext, command: GetItemCommand): Promise<GetItemCommandOutput>
function dispatch(context: RunContext, command: QueryCommand): Promise<QueryCommandOutput>
function dispatch(context: RunContext, command: ScanCommand): Promise<ScanCommandOutput>
function dispatch(
  context: RunContext,
  command: BatchGetItemCommand,
): Promise<BatchGetItemCommandOutput>
function dispatch(
  context: RunContext,
  command: GetItemCommand | QueryCommand | ScanCommand | BatchGetItemCommand,
): Promise<unknown> {
  context.signal?.throwIfAborted()
  // One command type stands for all four: the client's send is generic over them.
  const typed = command as QueryCommand
  return context.signal === undefined
    ? context.client.send(typed)
    : context.client.send(typed, { abortSignal: context.signal })
}

function mapAll(items: Item[] | undefined, context: RunContext): Record<string, unknown>[] {
  if (items === undefined) return []
  return items.map((item) => mapItem(item, context.table, context.numbers))
}

/**
 * Reads up to 100 keys, retrying UnprocessedKeys with exponential backoff and full jitter.
 * Returns the items found, in the order of `keys`; throws rather than return fewer than
 * DynamoDB holds.
 */
async function batchGet(
  keys: readonly Key[],
  request: Extract<BoundCommand, { operation: 'BatchGetItem' }>['request'],
  context: RunContext,
): Promise<Item[]> {
  const { table, retry } = context
  const id = (key: Key) =>
    keyId(key[table.partitionKey]!) + (table.sortKey ? `\u0000${keyId(key[table.sortKey]!)}` : '')
  const found = new Map<string, Item>()
  let pending: readonly Key[] = keys
  for (let attempt = 1; pending.length > 0; attempt++) {
    const output = await dispatch(context, new BatchGetItemCommand(request(pending)))
    for (const item of output.Responses?.[table.tableName] ?? []) found.set(id(item), item)
    pending = output.UnprocessedKeys?.[table.tableName]?.Keys ?? []
    if (pending.length === 0) break
    if (attempt >= retry.attempts) {
      throw new DqlError(
        'execute.unprocessed-keys',
        `BatchGetItem left ${pending.length} of ${keys.length} keys unread after ${attempt} attempts ` +
          '(DynamoDB returned them as UnprocessedKeys, usually from throttling); no partial result ' +
          'is returned. Retry later, raise the read capacity, or allow more attempts with createDql({ retry }).',
      )
    }
    await sleep(backoff(attempt, retry), context.signal)
  }
  const items: Item[] = []
  for (const key of keys) {
    const item = found.get(id(key))
    if (item !== undefined) items.push(item)
  }
  return items
}

function backoff(attempt: number, retry: RetryOptions): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1))
  return Math.random() * ceiling
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
