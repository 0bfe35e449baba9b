/**
 * A transport for a real engine whose requests pass through a test's hands first (the run's
 * transport: an SDK client with this request handler, or the lean transport with the same
 * handler served over HTTP in front of it): each request's
 * operation, its number for that operation and its JSON input go to `decide`, which lets it
 * through, answers it with UnprocessedItems for part of a BatchWriteItem (the rest is written),
 * fails it before it reaches the engine (throttling, a reset), or lets it reach the engine and
 * then loses the answer with a connection reset. It also counts the requests in flight, to
 * show how many a call sends at once, and records every input that reached the engine.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { Readable } from 'node:stream'
import { createLeanTransport } from '../../src/execute/lean/index.js'
import { SdkTransport } from '../../src/execute/sdk-transport.js'
import type { Transport } from '../../src/execute/transport.js'
import { TEST_TRANSPORT } from './create-dql.js'
import { forwardTo, leanThrough, type Handle } from './handler-server.js'

type Json = Record<string, unknown>
type WriteRequest = Json

/** What to do with one request. */
export type Action =
  | undefined
  | 'throttle'
  | 'reset'
  | 'reset-after'
  /** Reaches the engine, then the answer never comes: the request waits until it is aborted. */
  | 'stall-after'
  /** BatchWriteItem: send only the requests `keep` picks; answer the rest as UnprocessedItems. */
  | { readonly unprocess: (requests: readonly WriteRequest[]) => readonly WriteRequest[] }

export type Decide = (operation: string, n: number, input: Json) => Action

export interface Intercepted {
  readonly transport: Transport
  /** Closes the transport's connections (and the handler's server, under lean). */
  destroy(): void
  /** Inputs that reached the engine, in order, with their operation. */
  readonly reached: { readonly operation: string; readonly input: Json }[]
  /** The most requests ever in flight at once, and now. */
  readonly flight: { max: number; now: number }
  /** Faults injected. */
  readonly injected: { count: number }
}

export function intercepted(endpoint: string, region: string, decide: Decide): Intercepted {
  const real = new NodeHttpHandler()
  const pass: Handle =
    TEST_TRANSPORT === 'lean'
      ? forwardTo(endpoint)
      : (request, options) => real.handle(request as never, options as never) as never
  const counts = new Map<string, number>()
  const reached: Intercepted['reached'] = []
  const flight = { max: 0, now: 0 }
  const injected = { count: 0 }
  const handle: Handle = async (request, options) => {
    const target = String(request.headers['x-amz-target'] ?? '')
    const operation = target.slice(target.indexOf('.') + 1)
    const n = (counts.get(operation) ?? 0) + 1
    counts.set(operation, n)
    const body = request.body
    const input = JSON.parse(
      typeof body === 'string' ? body : Buffer.from(body as Uint8Array).toString('utf8'),
    ) as Json
    const action = decide(operation, n, input)
    if (action === 'throttle') {
      injected.count++
      return answer(400, {
        __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
        message: 'injected throttle',
      })
    }
    if (action === 'reset') {
      injected.count++
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    }
    let left: Record<string, WriteRequest[]> | undefined
    let sent = input
    if (typeof action === 'object') {
      const items = input.RequestItems as Record<string, WriteRequest[]>
      const kept: Record<string, WriteRequest[]> = {}
      left = {}
      for (const [table, requests] of Object.entries(items)) {
        const keep = action.unprocess(requests)
        const rest = requests.filter((r) => !keep.includes(r))
        if (keep.length > 0) kept[table] = [...keep]
        if (rest.length > 0) left[table] = rest
      }
      if (Object.keys(left).length > 0) injected.count++
      if (Object.keys(kept).length === 0) return answer(200, { UnprocessedItems: left })
      sent = { ...input, RequestItems: kept }
      const body = JSON.stringify(sent)
      request.body = body
      request.headers['content-length'] = String(Buffer.byteLength(body))
    }
    flight.now++
    flight.max = Math.max(flight.max, flight.now)
    try {
      reached.push({ operation, input: sent })
      const result = await pass(request, options)
      if (action !== 'reset-after' && action !== 'stall-after' && left === undefined) return result
      const text = await readBody(result.response.body as Readable)
      if (action === 'reset-after') {
        injected.count++
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
      }
      if (action === 'stall-after') {
        injected.count++
        await aborted(options)
      }
      const output = JSON.parse(text) as Json
      const unprocessed = { ...(output.UnprocessedItems as Json | undefined), ...left }
      return answer(result.response.statusCode, { ...output, UnprocessedItems: unprocessed })
    } finally {
      flight.now--
    }
  }
  if (TEST_TRANSPORT === 'lean') {
    const lean = leanThrough(handle, (at) =>
      createLeanTransport({
        endpoint: at,
        region,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    )
    return { transport: lean.transport, destroy: () => lean.destroy(), reached, flight, injected }
  }
  const client = new DynamoDBClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: {
      handle,
      updateHttpClientConfig: () => {},
      httpHandlerConfigs: () => ({}),
      destroy: () => real.destroy(),
    } as unknown as NodeHttpHandler,
  })
  return {
    transport: new SdkTransport(client),
    destroy: () => client.destroy(),
    reached,
    flight,
    injected,
  }
}

/** Resolves never; rejects when the request's abort signal fires (an object with `onabort`). */
function aborted(options: unknown): Promise<never> {
  const signal = (options as { abortSignal?: { aborted: boolean; onabort: unknown } } | undefined)
    ?.abortSignal
  return new Promise((_, reject) => {
    const fail = () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))
    if (signal === undefined) return
    if (signal.aborted) return fail()
    signal.onabort = fail
  })
}

function answer(status: number, body: Json) {
  const bytes = Buffer.from(JSON.stringify(body))
  return {
    response: {
      statusCode: status,
      reason: String(status),
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': String(bytes.length),
      },
      body: Readable.from([bytes]),
    },
  }
}

async function readBody(stream: Readable): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}
