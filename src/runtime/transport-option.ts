/**
 * `createDql`'s transport options, checked once: which transport sends (`transport: 'sdk'`,
 * the default, `'lean'`, or a Transport object) and what it is built from (`client`, or
 * `region`, `endpoint` and `credentials`). Every combination that would silently ignore an
 * option is refused.
 */
import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb'
import { DqlError } from '../errors.js'
import { lazyLeanTransport } from '../execute/lean/lazy.js'
import type { Transport } from '../execute/transport.js'

/**
 * What the SDK transport needs, registered by the main entry (sdk-support.ts). The `dql/lean`
 * entry does not register it, so that a bundle of an application on the lean transport holds
 * no SDK code; there the default transport is `'lean'`.
 */
export interface SdkSupport {
  /** `requestTimeoutMs`: the deadline of each request, for a client that does not bound them. */
  readonly transport: (
    client: DynamoDBClient,
    owned: boolean,
    requestTimeoutMs: number | undefined,
  ) => Transport
  readonly createClient: (config: DynamoDBClientConfig) => DynamoDBClient
  readonly isBounded: (client: DynamoDBClient) => boolean
}

let sdk: SdkSupport | undefined

export function useSdk(support: SdkSupport): void {
  sdk = support
}

/** The options this module reads. */
export interface TransportOptions {
  readonly transport?: 'sdk' | 'lean' | Transport
  readonly client?: DynamoDBClient
  readonly region?: string
  readonly endpoint?: string
  readonly credentials?: DynamoDBClientConfig['credentials']
}

export interface TransportSettings {
  readonly transport: Transport
  /** The SDK client the transport sends with or takes its settings from, if any. */
  readonly client: DynamoDBClient | undefined
  /** Whether the transport bounds every request in time itself (no deadline per call needed). */
  readonly boundsRequests: boolean
}

export function transportOf(
  options: TransportOptions,
  requestTimeoutMs: number,
): TransportSettings {
  const { client, region, endpoint, credentials } = options
  const kind: unknown =
    options.transport === undefined ? (sdk === undefined ? 'lean' : 'sdk') : options.transport
  if (typeof kind === 'object' && kind !== null) {
    if (!isTransport(kind)) {
      throw bad(
        "transport is 'sdk', 'lean' or a Transport object ({ kind, send, destroy }); " +
          'this object has no send or destroy function.',
      )
    }
    const given = ['client', 'region', 'endpoint', 'credentials'].filter(
      (name) => Reflect.get(options, name) !== undefined,
    )
    if (given.length > 0) {
      throw bad(
        `A Transport object sends by itself, so createDql cannot use ${given.join(', ')}: ` +
          'give them to the transport when you build it.',
      )
    }
    return { transport: kind, client: undefined, boundsRequests: false }
  }
  if (kind !== 'sdk' && kind !== 'lean') {
    throw bad(`transport is 'sdk' (the default), 'lean' or a Transport object, not ${shown(kind)}.`)
  }
  if (region !== undefined && (typeof region !== 'string' || region === '')) {
    throw bad(`region is an AWS region name such as 'eu-west-1', not ${shown(region)}.`)
  }
  if (endpoint !== undefined && !isUrl(endpoint)) {
    throw bad(`endpoint is a URL such as 'http://localhost:8000', not ${shown(endpoint)}.`)
  }
  if (client !== undefined) {
    if (typeof client?.send !== 'function') throw needsClient()
    const given = ['region', 'endpoint', 'credentials'].filter(
      (name) => Reflect.get(options, name) !== undefined,
    )
    if (given.length > 0) {
      throw bad(
        `The client has its own ${given.join(', ')}: give them to the client, or leave the ` +
          'client out and give them to createDql.',
      )
    }
  }
  if (kind === 'sdk') {
    if (sdk === undefined) {
      throw bad(
        "dql/lean sends with the lean transport only: import createDql from 'dql' for " +
          "transport: 'sdk'.",
      )
    }
    if (client !== undefined) {
      const boundsRequests = sdk.isBounded(client)
      return {
        transport: sdk.transport(client, false, boundsRequests ? undefined : requestTimeoutMs),
        client,
        boundsRequests,
      }
    }
    if (region === undefined) throw needsClient()
    const built = sdk.createClient({
      region,
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(credentials === undefined ? {} : { credentials }),
      requestHandler: { requestTimeout: requestTimeoutMs },
    })
    const boundsRequests = sdk.isBounded(built)
    return {
      transport: sdk.transport(built, true, boundsRequests ? undefined : requestTimeoutMs),
      client: built,
      boundsRequests,
    }
  }
  if (client !== undefined && handWrittenHandler(client)) {
    throw bad(
      "transport: 'lean' sends requests itself, so this client's own requestHandler would " +
        "never be used: keep transport: 'sdk' for a client with a handler of its own.",
    )
  }
  const transport = lazyLeanTransport({
    ...(client === undefined ? {} : { client }),
    ...(region === undefined ? {} : { region }),
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(credentials === undefined ? {} : { credentials }),
    requestTimeoutMs,
  })
  return { transport, client, boundsRequests: true }
}

function isTransport(value: object): value is Transport {
  return (
    typeof Reflect.get(value, 'send') === 'function' &&
    typeof Reflect.get(value, 'destroy') === 'function'
  )
}

/** A request handler written as an object literal (a stub, an interceptor), not a class's. */
function handWrittenHandler(client: DynamoDBClient): boolean {
  const handler: unknown = client.config?.requestHandler
  if (typeof handler !== 'object' || handler === null) return false
  const proto = Object.getPrototypeOf(handler)
  return proto === Object.prototype || proto === null
}

function isUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

function needsClient(): DqlError {
  return new DqlError(
    'usage.bad-argument',
    'createDql needs { client }: a DynamoDBClient from @aws-sdk/client-dynamodb ' +
      "(or { region: 'eu-west-1' } to build the recommended client).",
  )
}

/** A value as an error message shows it: strings as written, others by kind. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (value === null || typeof value !== 'object') return String(value)
  return Array.isArray(value) ? 'an array' : 'an object'
}

function bad(reason: string): DqlError {
  return new DqlError('usage.bad-argument', reason)
}
