/**
 * Sending one request: the only code that calls the transport. A cancelled call sends nothing
 * more, and a batch's UnprocessedKeys are retried with backoff until done or a clear error.
 */
import type {
  AttributeValue,
  BatchGetItemCommandInput,
  GetItemCommandInput,
  GetItemCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
} from '@aws-sdk/client-dynamodb'
import { keyId } from '../compile/marshal.js'
import type { Key } from '../compile/prepared.js'
import { DqlError } from '../errors.js'
import type { TableDefinition } from '../schema/define-table.js'
import type { NumberMode } from './map-item.js'
import type { AbortSignalLike, Operation, Operations, SendOptions, Transport } from './transport.js'

type Item = Record<string, AttributeValue>

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

/** What sending one request needs: the transport, how requests are bounded, what may cancel it. */
export interface SendContext {
  readonly transport: Transport
  readonly retry: RetryOptions
  readonly signal?: AbortSignal | undefined
  /**
   * The deadline of each request dql sends, or undefined when the transport bounds its requests
   * itself (a client made by `createClient`, a lean transport dql built), so that no deadline
   * is needed per call.
   */
  readonly requestTimeoutMs?: number | undefined
}

/** Everything a read needs besides the command. */
export interface RunContext extends SendContext {
  readonly table: TableDefinition
  readonly numbers: NumberMode
  /** Requests in flight at once: per-key Queries in `all`, a parallel Scan's segments. */
  readonly concurrency: number
}

/** How many times a request that met its deadline is sent in all, before `execute.timeout`. */
export const TIMEOUT_ATTEMPTS = 3

/**
 * A request's deadline: the SDK's minimal abort signal (`aborted`, `onabort`), which its
 * request handlers accept, plus when it expires. One timer for all of them (`tick`) instead of
 * a timer and an AbortController per request: a GetItem then costs a few bytes more, not
 * kilobytes.
 */
interface Deadline {
  aborted: boolean
  onabort: (() => void) | null
  reason?: unknown
  /** When it passes, by `performance.now()`. */
  readonly expires: number
  /** Set when it passed (rather than the call being cancelled). */
  timedOut: boolean
}

/** How often the deadlines of requests in flight are checked. */
const TICK_MS = 50

/** The deadlines of requests in flight. */
const watched = new Set<Deadline>()
let ticker: ReturnType<typeof setInterval> | undefined

function watch(requestTimeoutMs: number): Deadline {
  const deadline: Deadline = {
    aborted: false,
    onabort: null,
    expires: performance.now() + requestTimeoutMs,
    timedOut: false,
  }
  watched.add(deadline)
  if (ticker === undefined) {
    ticker = setInterval(tick, TICK_MS)
    // The timer never keeps the process alive: a request in flight does, on its own.
    ticker.unref()
  }
  return deadline
}

/**
 * Transports that put dql's deadline on each request in their request handler (the SDK
 * transport on a client of the user's own: sdk-transport.ts), so that a call without a signal
 * sends with no options at all.
 */
const deadlineTransports = new WeakSet<Transport>()

/** The errors of requests that failed because their deadline passed (`timedOutWith`). */
const metDeadline = new WeakSet<object>()

/** Registers a transport that gives each request a deadline in its handler (`startDeadline`). */
export function putsDeadlines(transport: Transport): void {
  deadlineTransports.add(transport)
}

/** A request's deadline, started: pass it as the request's abort signal, then `endDeadline`. */
export interface RequestDeadline extends AbortSignalLike {
  onabort: (() => void) | null
  /** True once it passed (and aborted the request). */
  readonly timedOut: boolean
}

export function startDeadline(requestTimeoutMs: number): RequestDeadline {
  return watch(requestTimeoutMs)
}

/** The request is over (answered, or failed): its deadline is no longer watched. */
export function endDeadline(deadline: RequestDeadline): void {
  watched.delete(deadline as Deadline)
}

/** Records `error` as the failure of a request whose deadline passed: `bounded` sends again. */
export function timedOutWith(error: unknown): void {
  if (typeof error === 'object' && error !== null) metDeadline.add(error)
}

/** Aborts the requests whose deadline passed; stops when none is left to watch. */
function tick(): void {
  const now = performance.now()
  for (const deadline of watched) {
    if (now < deadline.expires) continue
    watched.delete(deadline)
    deadline.timedOut = true
    abort(deadline, undefined)
  }
  if (watched.size === 0 && ticker !== undefined) {
    clearInterval(ticker)
    ticker = undefined
  }
}

function abort(deadline: Deadline, reason: unknown): void {
  if (deadline.aborted) return
  deadline.aborted = true
  deadline.reason = reason
  deadline.onabort?.()
}

/**
 * Sends one request through the context's transport, bounded in time. A transport that bounds
 * its own requests gets no options unless the call has a signal, because a client with
 * cacheMiddleware reuses its resolved middleware stack only for calls without options. Any
 * other request gets a deadline: in the transport's request handler when it puts one there
 * (`putsDeadlines`) and the call has no signal, so that it too is sent with no options; else
 * as the abort signal of the send options (the call's signal can only shorten it). A request
 * that meets its deadline is sent again, with backoff, up to TIMEOUT_ATTEMPTS times in all,
 * then fails with `execute.timeout`. A cancelled call sends nothing more.
 */
export function bounded<O extends Operation>(
  context: SendContext,
  operation: O,
  input: Operations[O][0],
): Promise<Operations[O][1]> {
  const { signal, requestTimeoutMs } = context
  signal?.throwIfAborted()
  if (requestTimeoutMs === undefined) {
    return context.transport.send(
      operation,
      input,
      signal === undefined ? undefined : { abortSignal: signal },
    )
  }
  if (signal === undefined && deadlineTransports.has(context.transport)) {
    // The first attempt without an async function of its own: the usual call is answered.
    return context.transport
      .send(operation, input)
      .catch((error: unknown) => afterDeadline(context, requestTimeoutMs, operation, input, error))
  }
  return withDeadline(context, requestTimeoutMs, operation, input)
}

/**
 * A call without a signal on a transport that puts the deadline in its handler, after its
 * first attempt failed with `error`: sent again, with no options, with backoff, while its
 * deadline is what failed it, up to TIMEOUT_ATTEMPTS times in all; any other error is the
 * call's answer.
 */
async function afterDeadline<O extends Operation>(
  context: SendContext,
  requestTimeoutMs: number,
  operation: O,
  input: Operations[O][0],
  error: unknown,
): Promise<Operations[O][1]> {
  for (let attempt = 1; ; attempt++) {
    if (typeof error !== 'object' || error === null || !metDeadline.has(error)) throw error
    if (attempt >= TIMEOUT_ATTEMPTS) throw timedOut(operation, requestTimeoutMs, attempt, error)
    await sleep(backoff(attempt, context.retry), undefined)
    try {
      return await context.transport.send(operation, input)
    } catch (failed) {
      error = failed
    }
  }
}

async function withDeadline<O extends Operation>(
  context: SendContext,
  requestTimeoutMs: number,
  operation: O,
  input: Operations[O][0],
): Promise<Operations[O][1]> {
  const { signal } = context
  for (let attempt = 1; ; attempt++) {
    const deadline = watch(requestTimeoutMs)
    const onAbort = signal && (() => abort(deadline, signal.reason))
    if (onAbort) signal.addEventListener('abort', onAbort, { once: true })
    try {
      const options: SendOptions = { abortSignal: deadline }
      return await context.transport.send(operation, input, options)
    } catch (error) {
      // Only a deadline that passed is ours to retry; anything else is the call's answer.
      if (!deadline.timedOut || signal?.aborted) throw error
      if (attempt >= TIMEOUT_ATTEMPTS) throw timedOut(operation, requestTimeoutMs, attempt, error)
    } finally {
      watched.delete(deadline)
      if (onAbort) signal.removeEventListener('abort', onAbort)
    }
    await sleep(backoff(attempt, context.retry), signal)
  }
}

function timedOut(
  operation: Operation,
  requestTimeoutMs: number,
  attempts: number,
  cause: unknown,
): DqlError {
  return new DqlError(
    'execute.timeout',
    `DynamoDB did not answer ${operation} within ${requestTimeoutMs} ms, ${attempts} times; ` +
      'nothing was returned. Check the endpoint and the network, or allow longer with ' +
      'createDql({ requestTimeoutMs }).',
    { cause },
  )
}

export function sendGetItem(
  context: RunContext,
  input: GetItemCommandInput,
): Promise<GetItemCommandOutput> {
  return bounded(context, 'GetItem', input)
}

/** One Query page from `start` (the input as it is for the first page, a copy after). */
export function sendQuery(
  context: RunContext,
  input: QueryCommandInput,
  start: Key | undefined,
): Promise<QueryCommandOutput> {
  return bounded(
    context,
    'Query',
    start === undefined ? input : { ...input, ExclusiveStartKey: start },
  )
}

/** One Scan page from `start`. */
export function sendScan(
  context: RunContext,
  input: ScanCommandInput,
  start: Key | undefined,
): Promise<ScanCommandOutput> {
  return bounded(
    context,
    'Scan',
    start === undefined ? input : { ...input, ExclusiveStartKey: start },
  )
}

/**
 * One BatchGetItem request of up to 100 keys, its UnprocessedKeys retried with exponential
 * backoff and full jitter. Returns the items found, in the order of the request's keys;
 * throws rather than return fewer than DynamoDB holds.
 */
export async function batchGet(
  context: RunContext,
  request: BatchGetItemCommandInput,
): Promise<Item[]> {
  const { table, retry } = context
  const tableName = table.tableName
  const asked = request.RequestItems?.[tableName]
  const keys = asked?.Keys ?? []
  const id = (key: Key) => {
    const partition = key[table.partitionKey]
    const sort = table.sortKey === undefined ? undefined : key[table.sortKey]
    return (partition ? keyId(partition) : '') + (sort ? `\u0000${keyId(sort)}` : '')
  }
  const found = new Map<string, Item>()
  let next: BatchGetItemCommandInput = request
  for (let attempt = 1; ; attempt++) {
    const output = await bounded(context, 'BatchGetItem', next)
    for (const item of output.Responses?.[tableName] ?? []) found.set(id(item), item)
    const pending = output.UnprocessedKeys?.[tableName]?.Keys ?? []
    if (pending.length === 0) break
    if (attempt >= retry.attempts) {
      throw new DqlError(
        'execute.unprocessed-keys',
        `BatchGetItem left ${pending.length} of ${keys.length} keys unread after ${attempt} attempts ` +
          '(DynamoDB returned them as UnprocessedKeys, usually from throttling); no partial result ' +
          'is returned. Retry later, raise the read capacity, or allow more attempts with createDql({ retry }).',
      )
    }
    next = { RequestItems: { [tableName]: { ...asked, Keys: pending } } }
    await sleep(backoff(attempt, retry), context.signal)
  }
  const items: Item[] = []
  for (const key of keys) {
    const item = found.get(id(key))
    if (item !== undefined) items.push(item)
  }
  // An item that matches no key would be left out silently: fail instead.
  if (items.length !== found.size) throw unmatched(table, found.values(), found.size - items.length)
  return items
}

/** `execute.unmatched-item`, saying why when a key attribute came back without its value. */
function unmatched(table: TableDefinition, items: Iterable<Item>, count: number): DqlError {
  const keys = [table.partitionKey, table.sortKey]
  let lost: string | undefined
  for (const item of items) {
    lost ??= keys.find((key) => key !== undefined && Object.hasOwn(item, key) && !item[key])
  }
  if (lost !== undefined) {
    return new DqlError(
      'execute.unmatched-item',
      `BatchGetItem returned items without a value for the key attribute ${lost} (the AWS SDK ` +
        'for JavaScript drops a top-level attribute named __proto__ from the items it reads), so ' +
        'they cannot be matched to the keys asked for; no partial result is returned. Read such ' +
        'items with a Query instead.',
    )
  }
  const what = count === 1 ? 'an item that matches' : `${count} items that match`
  return new DqlError(
    'execute.unmatched-item',
    `BatchGetItem returned ${what} none of the keys asked for, so the result cannot be put in ` +
      'key order; no partial result is returned.',
  )
}

export function backoff(attempt: number, retry: RetryOptions): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1))
  return Math.random() * ceiling
}

export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
