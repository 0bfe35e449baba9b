/**
 * The SDK transport: every operation sent as the AWS SDK's command on a DynamoDBClient. It is
 * the only module of the main entry that sends with `@aws-sdk/client-dynamodb`, and it reaches
 * it through load-sdk.ts: in Node on the first send, so that importing dql — or using the lean
 * transport — loads no SDK; in a bundle at once (docs/bundling.md).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { loadSenders } from './load-sdk.js'
import { leftOut } from '../runtime/left-out.js'
import type { Senders } from './sdk-senders.js'
import { endDeadline, putsDeadlines, startDeadline, timedOutWith } from './send.js'
import type { Operation, Operations, SendOptions, Transport } from './transport.js'

/**
 * The operation's sender; where dqlPrecompile left the SDK's command out of the bundle (no
 * statement read at build time needs it), one that fails with usage.not-bundled.
 */
function sender<O extends Operation>(senders: Senders, operation: O): Senders[O] {
  const found: Senders[O] | undefined = senders[operation]
  return found ?? (() => Promise.reject(leftOut(`The SDK's ${operation}Command is`)))
}

export class SdkTransport implements Transport {
  readonly kind = 'sdk'
  /**
   * What a call without options sends with: the client itself, or, on a client that does not
   * bound its requests, the same client with dql's deadline in its request handler.
   */
  private readonly sender: DynamoDBClient

  /**
   * `owned`: dql built the client (`createDql({ region })`), so `destroy` may close it.
   * `requestTimeoutMs`: the deadline of each request, on a client that does not bound its
   * requests itself; the handler of the client then gets it (see `withDeadlines`).
   */
  constructor(
    readonly client: DynamoDBClient,
    private readonly owned = false,
    requestTimeoutMs?: number,
  ) {
    const sender =
      requestTimeoutMs === undefined ? undefined : withDeadlines(client, requestTimeoutMs)
    this.sender = sender ?? client
    if (sender !== undefined) putsDeadlines(this)
  }

  send<O extends Operation>(
    operation: O,
    input: Operations[O][0],
    options?: SendOptions,
  ): Promise<Operations[O][1]> {
    // A call with options (a signal, or dql's own deadline) goes out on the client as it is.
    const client = options === undefined ? this.sender : this.client
    const senders = loadSenders()
    if (senders instanceof Promise) {
      return senders.then((loaded) => sender(loaded, operation)(client, input, options))
    }
    return sender(senders, operation)(client, input, options)
  }

  destroy(): void {
    if (this.owned) this.client.destroy()
  }
}

/** The part of the SDK's request handler interface dql wraps. */
interface RequestHandler {
  handle(request: unknown, options?: Record<string, unknown>): Promise<unknown>
}

/**
 * The client as dql sends with it when it must bound requests the client does not bound: the
 * very client — its middleware stack (later additions included), its credentials, its `send`
 * (a test double of it too) — whose request handler gives every HTTP request a deadline of
 * `requestTimeoutMs` (see `handleWithDeadline`). Neither the client nor its handler is
 * changed: the deadline lives in a handler made from the client's (`handle` replaced) and a
 * configuration copied from the client's, which the SDK reads its `requestHandler` from at
 * each send. Unlike a deadline passed in the `client.send` options, this one makes the SDK do
 * no abort wiring of its own (its retry middleware races its retry token and its backoff
 * against any signal it is given). Undefined for a client whose shape is not the SDK's (a
 * hand-made double): dql then passes its deadline in the send options.
 */
function withDeadlines(
  client: DynamoDBClient,
  requestTimeoutMs: number,
): DynamoDBClient | undefined {
  const config: unknown = client.config
  if (typeof config !== 'object' || config === null) return undefined
  const handler: unknown = Reflect.get(config, 'requestHandler')
  if (!isRequestHandler(handler)) return undefined
  const bounded: RequestHandler = Object.create(handler)
  bounded.handle = (request, options) =>
    handleWithDeadline(handler, request, options, requestTimeoutMs)
  const sender: DynamoDBClient = Object.create(client)
  const copied = { ...config, requestHandler: bounded }
  // A client whose configuration cannot be given its own copy so: the deadline in the options.
  if (!Reflect.set(sender, 'config', copied) || sender.config !== copied) return undefined
  // A client with cacheMiddleware: a cache of its own, never the client's, whose resolved
  // middleware sends without the deadline.
  if (Reflect.get(config, 'cacheMiddleware') === true) Reflect.set(sender, 'handlers', undefined)
  return sender
}

/**
 * One HTTP request under a deadline, from its sending to the end of its answer's body: the
 * deadline is the handler's `abortSignal` until the answer's headers come (the SDK's handlers
 * abort the socket on it), then it ends the body (the SDK reads the body after the handler
 * is done) with an AbortError, which the SDK's retry strategy does not retry. A request that
 * fails because its deadline passed is recorded for `bounded`, which sends it again.
 */
function handleWithDeadline(
  handler: RequestHandler,
  request: unknown,
  options: Record<string, unknown> | undefined,
  requestTimeoutMs: number,
): Promise<unknown> {
  const deadline = startDeadline(requestTimeoutMs)
  let answered: Promise<unknown>
  try {
    answered = handler.handle(
      request,
      options === undefined ? { abortSignal: deadline } : { ...options, abortSignal: deadline },
    )
  } catch (error) {
    endDeadline(deadline)
    throw error
  }
  return answered.then(
    (answer) => {
      const body: unknown = (answer as { response?: { body?: unknown } } | undefined)?.response
        ?.body
      if (!isStream(body) || body.destroyed) {
        endDeadline(deadline)
        return answer
      }
      const cut = deadline.onabort
      deadline.onabort = () => {
        const error = Object.assign(new Error('Request aborted'), { name: 'AbortError' })
        timedOutWith(error)
        body.destroy(error)
        cut?.()
      }
      // A plain listener, not `once`: 'close' comes once, and `once` costs a wrapper per call.
      body.on('close', () => endDeadline(deadline))
      return answer
    },
    (error: unknown) => {
      endDeadline(deadline)
      if (deadline.timedOut) timedOutWith(error)
      throw error
    },
  )
}

/** A readable stream, as the SDK's Node handlers give a response's body. */
interface Stream {
  readonly destroyed: boolean
  destroy(error?: Error): void
  on(event: 'close', listener: () => void): unknown
}

function isStream(value: unknown): value is Stream {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'destroy') === 'function' &&
    typeof Reflect.get(value, 'on') === 'function'
  )
}

function isRequestHandler(value: unknown): value is RequestHandler {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'handle') === 'function'
  )
}
