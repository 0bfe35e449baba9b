/**
 * The SDK transport: every operation sent as the AWS SDK's command on a DynamoDBClient. It is
 * the only module of the main entry that loads `@aws-sdk/client-dynamodb` (its command classes,
 * named one by one in sdk-senders.ts so that a bundler keeps only those), and it loads it on the
 * first send, with a dynamic import, so that importing dql — or using
 * the lean transport — loads no SDK. A client given by the application means the module is
 * loaded already, so that import resolves at once; the first send of the process waits for it,
 * every later one sends at once.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { Operation, Operations, SendOptions, Transport } from './transport.js'

type Senders = typeof import('./sdk-senders.js').senders

/** The senders once the SDK is loaded; the load in progress before. */
let senders: Senders | undefined
let loading: Promise<Senders> | undefined

function load(): Promise<Senders> {
  loading ??= import('./sdk-senders.js').then((loaded) => (senders = loaded.senders))
  return loading
}

export class SdkTransport implements Transport {
  readonly kind = 'sdk'

  /** `owned`: dql built the client (`createDql({ region })`), so `destroy` may close it. */
  constructor(
    readonly client: DynamoDBClient,
    private readonly owned = false,
  ) {}

  send<O extends Operation>(
    operation: O,
    input: Operations[O][0],
    options?: SendOptions,
  ): Promise<Operations[O][1]> {
    const ready = senders
    if (ready !== undefined) return ready[operation](this.client, input, options)
    return load().then((loaded) => loaded[operation](this.client, input, options))
  }

  destroy(): void {
    if (this.owned) this.client.destroy()
  }
}
