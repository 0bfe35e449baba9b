/**
 * Reading: first, all, iterate, count and page over one bound command. LIMIT has one policy,
 * applied in one place (`pages`, and for a parallel Scan segments.ts's `segmentPages`, over
 * the same helpers in limit.ts): at most `max` matching items in total, where `max` is the
 * statement's LIMIT, lowered by the call (`first` wants one) and by what earlier pages of a
 * cursor returned. Without a filter DynamoDB is asked for no more than that (`Limit`); with
 * one, pages are read until `max` items matched or the data ends — never a short answer.
 */
import type { KeyObject } from 'node:crypto'
import type {
  AttributeValue,
  GetItemCommandInput,
  QueryCommandInput,
} from '@aws-sdk/client-dynamodb'
import type { BoundCommand, Key } from '../compile/prepared.js'
import type { CursorState } from './cursor.js'
import { cursorSupport } from './cursor-support.js'
import { limited, remaining } from './limit.js'
import { leftOut } from '../runtime/left-out.js'
import { mapItem } from './map-item.js'
import { isSegmented } from './segments.js'
import { scans } from '../compile/compile.js'
import { batchGet, sendGetItem, sendQuery, sendScan, type RunContext } from './send.js'

type Item = Record<string, unknown>

/** Where a read starts: which request, DynamoDB's LastEvaluatedKey, items already returned. */
const START: CursorState = { request: 0, start: undefined, taken: 0 }

/** One page of results and where the next starts (undefined: nothing more to read). */
interface Page {
  readonly items: Item[]
  readonly next: CursorState | undefined
}

/** The item of a GetItem, mapped, or none. */
async function getItem(input: GetItemCommandInput, context: RunContext): Promise<Item[]> {
  const output = await sendGetItem(context, input)
  return output.Item ? [mapItem(output.Item, context.table, context.numbers)] : []
}

/** Every matching item, or with `cap` (first: 1) at most that many. */
export async function readItems(
  bound: BoundCommand,
  context: RunContext,
  cap?: number,
): Promise<Item[]> {
  // The hottest path: a GetItem needs no paging, so no generator either.
  if (bound.operation === 'GetItem') return getItem(bound.input, context)
  if (isSegmented(bound)) return scans().readSegments(bound, context, cap)
  if (
    bound.operation === 'Query' &&
    bound.inputs.length > 1 &&
    remaining(bound, cap, 0) === Infinity
  ) {
    return perKeyInParallel(bound.inputs, context)
  }
  // Page by page, not item by item: each yield of an async generator costs promises.
  // Item by item, never `push(...page.items)`: a page of ~140,000 small items spread into a
  // call's arguments overflows the stack.
  const items: Item[] = []
  for await (const page of pages(bound, context, START, cap)) {
    for (const item of page.items) items.push(item)
  }
  return items
}

/** The matching items one at a time, pages fetched lazily, one held at a time. */
export async function* iterateItems(
  bound: BoundCommand,
  context: RunContext,
): AsyncGenerator<Item> {
  if (isSegmented(bound)) {
    yield* scans().iterateSegments(bound, context)
    return
  }
  for await (const page of pages(bound, context, START, undefined)) {
    for (const item of page.items) {
      yield item
      // A cancelled read ends at once, and no further request goes out.
      context.signal?.throwIfAborted()
    }
  }
}

/**
 * One page, and the cursor of the next; `text` ties the cursor to its statement, and a
 * `secret` (createDql's cursorSecret) signs it.
 */
export async function readPage(
  bound: BoundCommand,
  context: RunContext,
  text: string,
  cursor: string | undefined,
  secret?: KeyObject,
): Promise<{ items: Item[]; cursor: string | undefined }> {
  if (cursorSupport === undefined) throw leftOut('Page cursors (db.page) are')
  const { decodeCursor, encodeCursor, identityOf } = cursorSupport
  // A cursor belongs to one read — statement, table, index, values — and is checked in full
  // before anything is sent.
  const identity = identityOf(text, context.table, bound)
  const from =
    cursor === undefined ? START : decodeCursor(cursor, identity, bound, context.table, secret)
  if (isSegmented(bound)) {
    const { items, next } = await scans().readSegmentPage(bound, context, from)
    return { items, cursor: next && encodeCursor(identity, next, secret) }
  }
  const iterator = pages(bound, context, from, undefined)
  try {
    const result = await iterator.next()
    if (result.done) return { items: [], cursor: undefined }
    const { items, next } = result.value
    return { items, cursor: next && encodeCursor(identity, next, secret) }
  } finally {
    await iterator.return(undefined)
  }
}

/** How many items match: DynamoDB's Count summed over every page (and per-key Query). */
export async function countItems(bound: BoundCommand, context: RunContext): Promise<number> {
  if (bound.operation !== 'Query' && bound.operation !== 'Scan') {
    throw new Error(`unreachable: a count is planned as Query or Scan, not ${bound.operation}`)
  }
  if (isSegmented(bound)) return scans().countSegments(bound, context)
  const inputs = bound.operation === 'Query' ? bound.inputs : [bound.input]
  const max = remaining(bound, undefined, 0)
  let total = 0
  for (const input of inputs) {
    let start: Key | undefined
    do {
      const request = limited(input, max - total)
      const output =
        bound.operation === 'Query'
          ? await sendQuery(context, request, start)
          : await sendScan(context, request, start)
      total += output.Count ?? 0
      if (total >= max) return max
      start = output.LastEvaluatedKey
    } while (start !== undefined)
  }
  return total
}

/**
 * Pages of mapped items, one DynamoDB response each, from `from` on, holding the LIMIT
 * policy: items past `max` are never returned, and the page that reaches it has no `next`.
 */
async function* pages(
  bound: BoundCommand,
  context: RunContext,
  from: CursorState,
  cap: number | undefined,
): AsyncGenerator<Page> {
  let taken = from.taken
  /** A page of `found`, cut to what LIMIT leaves; `next` only while more may be returned. */
  const page = (found: Item[], next: CursorState['start'] | null, request: number): Page => {
    const left = remaining(bound, cap, taken)
    const items = found.length > left ? found.slice(0, left) : found
    taken += items.length
    // The page that reaches the limit is the last: nothing past it is read.
    const more = next !== null && items.length < left
    return {
      items,
      next: more ? { request, start: next ?? undefined, taken } : undefined,
    }
  }
  switch (bound.operation) {
    case 'GetItem':
      yield page(await getItem(bound.input, context), null, 0)
      return
    case 'Query':
    case 'Scan': {
      const inputs = bound.operation === 'Query' ? bound.inputs : [bound.input]
      for (let i = from.request; i < inputs.length; i++) {
        const input = inputs[i]
        if (input === undefined) return
        let start = i === from.request ? from.start : undefined
        do {
          const request = limited(input, remaining(bound, cap, taken))
          const output =
            bound.operation === 'Query'
              ? await sendQuery(context, request, start)
              : await sendScan(context, request, start)
          start = output.LastEvaluatedKey
          const found = mapAll(output.Items, context)
          // Where the next page starts: later in this input, or at the next input.
          const next = start !== undefined ? start : i + 1 < inputs.length ? undefined : null
          const result = page(found, next, start !== undefined ? i : i + 1)
          yield result
          if (result.next === undefined) return
        } while (start !== undefined)
      }
      return
    }
    case 'BatchGetItem': {
      const { requests, strip } = bound
      for (let i = from.request; i < requests.length; i++) {
        const request = requests[i]
        if (request === undefined) return
        const found = await batchGet(context, request)
        const items = found.map((item) => mapItem(item, context.table, context.numbers, strip))
        const result = page(items, i + 1 < requests.length ? undefined : null, i + 1)
        yield result
        if (result.next === undefined) return
      }
      return
    }
  }
}

/** Every item of several per-key Queries, a few in flight at once, merged in key order. */
async function perKeyInParallel(
  inputs: readonly QueryCommandInput[],
  context: RunContext,
): Promise<Item[]> {
  const results: Item[][] = new Array(inputs.length)
  let next = 0
  // One failed Query fails the read, and the other workers stop taking keys.
  let failed = false
  const worker = async () => {
    while (next < inputs.length && !failed) {
      const i = next++
      const input = inputs[i]
      if (input === undefined) return
      const items: Item[] = []
      try {
        let start: Key | undefined
        do {
          const output = await sendQuery(context, input, start)
          if (failed) return
          // One by one, not spread into push's arguments (see readItems).
          for (const item of output.Items ?? []) {
            items.push(mapItem(item, context.table, context.numbers))
          }
          start = output.LastEvaluatedKey
        } while (start !== undefined)
      } catch (error) {
        failed = true
        throw error
      }
      results[i] = items
    }
  }
  const workers = Math.min(context.concurrency, inputs.length)
  // Settle every worker before failing, so that nothing of this read is still sending.
  const settled = await Promise.allSettled(Array.from({ length: workers }, worker))
  const rejected = settled.find((result) => result.status === 'rejected')
  if (rejected) throw rejected.reason
  return results.flat()
}

function mapAll(items: Record<string, AttributeValue>[] | undefined, context: RunContext): Item[] {
  if (items === undefined) return []
  return items.map((item) => mapItem(item, context.table, context.numbers))
}
