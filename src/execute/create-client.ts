/**
 * The recommended client: a DynamoDBClient configured for many small reads. The SDK's own
 * per-call cost (resolving the middleware stack for every command) dominates a GetItem; with
 * `cacheMiddleware: true` the stack is resolved once per command class, and with keep-alive
 * agents a call reuses its TCP and TLS connection. Both are documented, supported options of
 * the SDK; see docs/performance.md for what they save.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb'
import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'

/** Sockets per host the agents keep open, as the SDK's own default handler does. */
const MAX_SOCKETS = 50

/**
 * A DynamoDBClient with `cacheMiddleware: true` and keep-alive HTTP(S) agents; every option
 * in `config` (region, endpoint, credentials, a requestHandler of your own …) is passed on and
 * wins over these defaults: `createClient({ region: 'eu-west-1' })`.
 *
 * With `cacheMiddleware`, middleware added to the client after its first call is not seen;
 * add middleware before the first call.
 */
export function createClient(config: DynamoDBClientConfig = {}): DynamoDBClient {
  return new DynamoDBClient({
    cacheMiddleware: true,
    requestHandler: {
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
    },
    ...config,
  })
}
