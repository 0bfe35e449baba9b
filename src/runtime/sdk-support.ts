/**
 * The SDK transport, registered for createDql by the main entry (`dql`). The `dql/lean` entry
 * does not import this module, so that a bundle of an application on the lean transport holds
 * no SDK code (docs/execution.md, "Transports").
 */
import { createClient, isBounded } from '../execute/create-client.js'
import { SdkTransport } from '../execute/sdk-transport.js'
import { useSdk } from './transport-option.js'

useSdk({
  transport: (client, owned, requestTimeoutMs) => new SdkTransport(client, owned, requestTimeoutMs),
  createClient,
  isBounded,
})
