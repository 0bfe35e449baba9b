/**
 * How the SDK transport and `createClient` reach `@aws-sdk/client-dynamodb`. In the sources
 * and in a bundler's build of dql (the package's `#dql/sdk` import, `module` condition) this
 * module imports it statically, so that a bundle holds the SDK's modules once, the twelve
 * commands dql sends named one by one (sdk-senders.ts), and resolves them from the bundle. In
 * Node the same import resolves to load-sdk-node.ts, which loads the SDK on first use instead,
 * so that importing dql loads no SDK (docs/bundling.md).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { senders, type Senders } from './sdk-senders.js'

/** The SDK's client class, for `createClient`. */
export function clientClass(): typeof DynamoDBClient {
  return DynamoDBClient
}

/** The senders: here at once; a promise only where they load on first use (Node). */
export function loadSenders(): Senders | Promise<Senders> {
  return senders
}
