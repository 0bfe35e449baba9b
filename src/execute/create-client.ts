/**
 * The recommended client: a DynamoDBClient configured for many small reads. The SDK's own
 * per-call cost (resolving the middleware stack for every command) dominates a GetItem; with
 * `cacheMiddleware: true` the stack is resolved once per command class, a documented, supported
 * option of the SDK; see docs/performance.md for what it saves. Connections are the SDK's own
 * concern: its handler already keeps them alive (keep-alive agents, 50 sockets per host) and
 * closes them on `client.destroy()`. Its request handler also bounds every
 * request in time (connection, answer and socket idle timeouts), which the SDK's retry
 * strategy retries like any transient fault, so no request of this client waits forever.
 */
import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb'
import { clientClass } from './load-sdk.js'

/** Longest wait for a TCP (and TLS) connection to DynamoDB. */
export const CONNECTION_TIMEOUT_MS = 3_000

/** Longest wait for an answer's headers, and for data while the rest comes; per attempt. */
export const REQUEST_TIMEOUT_MS = 20_000

/** Clients whose request handler bounds each request: dql needs no deadline of its own. */
const bounded = new WeakSet<DynamoDBClient>()

/** True for a client made by `createClient` with dql's handler settings (timeouts included). */
export function isBounded(client: DynamoDBClient): boolean {
  return bounded.has(client)
}

/**
 * A DynamoDBClient with `cacheMiddleware: true` and request timeouts: `connectionTimeout` 3 s,
 * `requestTimeout` 20 s to the answer's headers (with `throwOnRequestTimeout`, so that a silent
 * endpoint is an error the SDK retries) and `socketTimeout` 20 s of inactivity for the rest of
 * the answer (as long as `requestTimeout` when that is given). Every option
 * in `config` (region, endpoint, credentials …) is passed on and wins over these defaults; a
 * `requestHandler` given as options (`{ requestTimeout: 5000 }`) is merged with them, one given
 * as a handler object replaces them: `createClient({ region: 'eu-west-1' })`.
 *
 * With `cacheMiddleware`, middleware added to the client after its first call is not seen;
 * add middleware before the first call.
 */
export function createClient(config: DynamoDBClientConfig = {}): DynamoDBClient {
  const given = config.requestHandler
  const handlerOptions = given === undefined || isPlainObject(given)
  const requestTimeout: unknown = isPlainObject(given) ? given.requestTimeout : undefined
  const client = new (clientClass())({
    cacheMiddleware: true,
    ...config,
    requestHandler: handlerOptions
      ? {
          connectionTimeout: CONNECTION_TIMEOUT_MS,
          requestTimeout: REQUEST_TIMEOUT_MS,
          // Without it the handler only logs a warning when requestTimeout passes, and waits on.
          throwOnRequestTimeout: true,
          // requestTimeout ends when the answer's headers come: the rest of the answer is
          // bounded by the socket's idle timeout, as long unless given.
          socketTimeout: typeof requestTimeout === 'number' ? requestTimeout : REQUEST_TIMEOUT_MS,
          ...given,
        }
      : given,
  })
  if (handlerOptions && boundsRequests(given)) bounded.add(client)
  return client
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** Whether handler options keep both timeouts finite and positive. */
function boundsRequests(given: Record<string, unknown> | undefined): boolean {
  const finite = (value: unknown) =>
    value === undefined || (typeof value === 'number' && value > 0 && Number.isFinite(value))
  return (
    given === undefined ||
    (finite(given.requestTimeout) &&
      finite(given.connectionTimeout) &&
      finite(given.socketTimeout) &&
      given.throwOnRequestTimeout !== false)
  )
}
