/**
 * The SDK's loader for Node (the package's `#dql/sdk` import without the `module` condition):
 * `@aws-sdk/client-dynamodb` is loaded when a client is made or the first request is sent, not
 * when dql is imported, so that an application on the lean transport never loads it. node:module
 * is taken on first use too: importing dql loads no Node built-in.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { Senders } from './sdk-senders.js'

/**
 * The SDK's client class, required: the SDK's package resolves to the same CommonJS module
 * whether imported or required, so this is the very class the application's own
 * `import { DynamoDBClient }` gives.
 */
export function clientClass(): typeof DynamoDBClient {
  const sdk: typeof import('@aws-sdk/client-dynamodb') = process
    .getBuiltinModule('node:module')
    .createRequire(import.meta.url)('@aws-sdk/client-dynamodb')
  return sdk.DynamoDBClient
}

let senders: Senders | undefined
let loading: Promise<Senders> | undefined

/**
 * The senders once loaded; before that, their load (a dynamic import). A client given by the
 * application means the SDK is loaded already, so that import resolves at once: the first send
 * of the process waits for it, every later one sends at once.
 */
export function loadSenders(): Senders | Promise<Senders> {
  if (senders !== undefined) return senders
  loading ??= import('./sdk-senders.js').then((loaded) => (senders = loaded.senders))
  return loading
}
