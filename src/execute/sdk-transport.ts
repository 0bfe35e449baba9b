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
    const senders = loadSenders()
    if (senders instanceof Promise) {
      return senders.then((loaded) => sender(loaded, operation)(this.client, input, options))
    }
    return sender(senders, operation)(this.client, input, options)
  }

  destroy(): void {
    if (this.owned) this.client.destroy()
  }
}
