/**
 * The parallel Scan (`SCAN … SEGMENTS n`): DynamoDB's Segment 0 … n − 1 of TotalSegments n,
 * read at once with at most `width` requests in flight — one per segment, so at most one page
 * of each segment is held before it is used. The LIMIT policy is read.ts's: at most `max`
 * matching items in total; the page that reaches it is cut and nothing is sent after it. A
 * request that fails for good (after the SDK's retries) fails the read: no segment sends
 * again, the requests in flight are settled and their pages dropped, and the error is thrown.
 * Segments interleave as their pages arrive, so the order of items is not defined.
 */
import type { AttributeValue, ScanCommandOutput } from '@aws-sdk/client-dynamodb'
import type { BoundCommand, Key } from '../compile/prepared.js'
import type { CursorState, SegmentPositions } from './cursor.js'
import { limited, remaining } from './limit.js'
import { mapItem } from './map-item.js'
import { sendScan, type RunContext } from './send.js'

type Item = Record<string, unknown>

/** A bound parallel Scan. */
export type SegmentedScan = Extract<BoundCommand, { operation: 'Scan' }> & {
  readonly segments: number
}

/** Whether `bound` is a parallel Scan. */
export function isSegmented(bound: BoundCommand): bound is SegmentedScan {
  return bound.operation === 'Scan' && bound.segments !== undefined
}

/** Where a segment continues: at a key, from its start (undefined), or nowhere — read (null). */
type Position = Key | undefined | null

/** A parallel Scan under way: each segment's position, and what has been returned. */
interface Progress {
  readonly positions: Position[]
  /** Segments not read to their end. */
  open: number
  /** Items returned so far (with a cursor's earlier pages). */
  taken: number
}

type Outcome =
  | { readonly segment: number; readonly failed: false; readonly output: ScanCommandOutput }
  | { readonly segment: number; readonly failed: true; readonly error: unknown }

/** How many segments are read at once: the handle's concurrency, no more than there are. */
function widthOf(bound: SegmentedScan, context: RunContext): number {
  return Math.min(context.concurrency, bound.segments)
}

/**
 * Every response of the segments still open, as it arrives. A segment's next request goes out
 * only after its previous page was taken by the consumer, and only while it asks for more.
 * `progress` is updated as each page is handed on, so it always says where to resume.
 */
async function* responses(
  bound: SegmentedScan,
  context: RunContext,
  progress: Progress,
  width: number,
  left: () => number,
): AsyncGenerator<ScanCommandOutput> {
  const total = bound.segments
  // Segments waiting for their next request, in order; a segment with more goes to the back.
  let queue: number[] = []
  for (let segment = 0; segment < total; segment++) {
    if (progress.positions[segment] !== null) queue.push(segment)
  }
  let head = 0
  const inFlight = new Map<number, Promise<Outcome>>()
  const send = (segment: number): Promise<Outcome> => {
    const input = { ...limited(bound.input, left()), Segment: segment, TotalSegments: total }
    // Never rejects, so that a request left in flight cannot become an unhandled rejection.
    return sendScan(context, input, progress.positions[segment] ?? undefined).then(
      (output): Outcome => ({ segment, failed: false, output }),
      (error: unknown): Outcome => ({ segment, failed: true, error }),
    )
  }
  try {
    for (;;) {
      while (inFlight.size < width && head < queue.length) {
        const segment = queue[head++]
        if (segment !== undefined) inFlight.set(segment, send(segment))
      }
      if (inFlight.size === 0) return
      const outcome = await Promise.race(inFlight.values())
      inFlight.delete(outcome.segment)
      if (outcome.failed) throw outcome.error
      const next = outcome.output.LastEvaluatedKey
      progress.positions[outcome.segment] = next ?? null
      if (next === undefined) progress.open--
      else queue.push(outcome.segment)
      // Drop the consumed part of the queue now and then, so a long read does not grow it.
      if (head > 1024 && head * 2 > queue.length) {
        queue = queue.slice(head)
        head = 0
      }
      yield outcome.output
    }
  } finally {
    // On failure, on LIMIT and when the consumer stops: settle what is in flight, so that
    // nothing of this read is still sending when it ends. Their pages are dropped.
    await Promise.all(inFlight.values())
  }
}

/** Pages of mapped items, holding the LIMIT policy: items past `max` are never returned. */
async function* segmentPages(
  bound: SegmentedScan,
  context: RunContext,
  progress: Progress,
  cap: number | undefined,
  width: number,
): AsyncGenerator<Item[]> {
  const left = () => remaining(bound, cap, progress.taken)
  for await (const output of responses(bound, context, progress, width, left)) {
    const found = mapAll(output.Items, context)
    const max = left()
    const items = found.length > max ? found.slice(0, max) : found
    progress.taken += items.length
    yield items
    // The page that reaches the limit is the last: every segment stops.
    if (items.length >= max) return
  }
}

/** Every matching item of every segment, or with `cap` (first: 1) at most that many. */
export async function readSegments(
  bound: SegmentedScan,
  context: RunContext,
  cap?: number,
): Promise<Item[]> {
  const items: Item[] = []
  const pages = segmentPages(bound, context, fresh(bound), cap, widthOf(bound, context))
  for await (const page of pages) {
    // One by one, not spread into push's arguments (see readItems).
    for (const item of page) items.push(item)
  }
  return items
}

/** The matching items one at a time, at most one unread page per segment held. */
export async function* iterateSegments(
  bound: SegmentedScan,
  context: RunContext,
): AsyncGenerator<Item> {
  const pages = segmentPages(bound, context, fresh(bound), undefined, widthOf(bound, context))
  for await (const page of pages) {
    for (const item of page) {
      yield item
      context.signal?.throwIfAborted()
    }
  }
}

/** How many items match: every segment's Count, summed, up to LIMIT. */
export async function countSegments(bound: SegmentedScan, context: RunContext): Promise<number> {
  const max = remaining(bound, undefined, 0)
  let total = 0
  const progress = fresh(bound)
  for await (const output of responses(
    bound,
    context,
    progress,
    widthOf(bound, context),
    () => max - total,
  )) {
    total += output.Count ?? 0
    if (total >= max) return max
  }
  return total
}

/**
 * One page: one response of one segment, read one request at a time (a page costs one
 * request, as a plain Scan's does), and where the next page starts — every segment's position.
 */
export async function readSegmentPage(
  bound: SegmentedScan,
  context: RunContext,
  from: CursorState,
): Promise<{ items: Item[]; next: CursorState | undefined }> {
  const progress = progressOf(bound, from)
  const pages = segmentPages(bound, context, progress, undefined, 1)
  try {
    const result = await pages.next()
    const items = result.done ? [] : result.value
    const more = progress.open > 0 && remaining(bound, undefined, progress.taken) > 0
    return { items, next: more ? stateOf(progress) : undefined }
  } finally {
    await pages.return(undefined)
  }
}

function fresh(bound: SegmentedScan): Progress {
  return {
    positions: new Array<Position>(bound.segments).fill(undefined),
    open: bound.segments,
    taken: 0,
  }
}

/** A cursor's state (checked by decodeCursor) as the positions of every segment. */
function progressOf(bound: SegmentedScan, state: CursorState): Progress {
  const progress = fresh(bound)
  progress.taken = state.taken
  for (const [first, last] of state.segments?.done ?? []) {
    for (let segment = first; segment <= last; segment++) progress.positions[segment] = null
    progress.open -= last - first + 1
  }
  for (const [segment, key] of state.segments?.started ?? []) progress.positions[segment] = key
  return progress
}

/** The cursor's state: segments read, as ranges, and those begun, with their keys. */
function stateOf(progress: Progress): CursorState {
  const done: [number, number][] = []
  const started: [number, Key][] = []
  progress.positions.forEach((position, segment) => {
    if (position === null) {
      const last = done[done.length - 1]
      if (last !== undefined && last[1] === segment - 1) last[1] = segment
      else done.push([segment, segment])
    } else if (position !== undefined) {
      started.push([segment, position])
    }
  })
  const segments: SegmentPositions = { done, started }
  return { request: 0, start: undefined, taken: progress.taken, segments }
}

function mapAll(items: Record<string, AttributeValue>[] | undefined, context: RunContext): Item[] {
  if (items === undefined) return []
  return items.map((item) => mapItem(item, context.table, context.numbers))
}
