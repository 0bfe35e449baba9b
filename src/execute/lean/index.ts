/**
 * The lean transport: DynamoDB's JSON protocol over node:http(s) with SigV4 by hand, no SDK
 * client on the path of a request. Its answers and errors are shaped as the SDK's are (see
 * ../transport.ts); it retries as the SDK's standard mode does, checks each answer's CRC32,
 * and bounds every request in time. docs/execution.md says what it leaves out.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DqlError } from '../../errors.js'
import type {
  AbortSignalLike,
  Operation,
  Operations,
  SendOptions,
  Transport,
} from '../transport.js'
import { crc32Matches } from './crc32.js'
import {
  Credentials,
  defaultChain,
  fromClient,
  missingRegion,
  regionEndpoint,
  regionFromChain,
  regionFromEnvironment,
  type IdentityProvider,
} from './credentials.js'
import { checkCredentials } from './identity.js'
import { metadataOf, serviceError, type Metadata } from './errors.js'
import { abortError, Connections, listen, parseEndpoint, unlisten } from './http.js'
import { backoff, DEFAULT_MAX_ATTEMPTS, RetryQuota, retryKind } from './retry.js'
import { Signer, type Identity } from './sign.js'
import { decodeBody, decodeDates, encodeBody } from './wire.js'

export type { Identity, IdentityProvider }

export interface LeanTransportOptions {
  /** The region; else the client's, else AWS_REGION / AWS_DEFAULT_REGION, else the SDK's chain. */
  readonly region?: string
  /** `http://localhost:8000` for a local engine; default DynamoDB's endpoint for the region. */
  readonly endpoint?: string
  /** An identity, or a provider of one; default the client's, else the SDK's default chain. */
  readonly credentials?: Identity | IdentityProvider
  /** A DynamoDBClient whose credentials, region and endpoint to use (it sends nothing). */
  readonly client?: DynamoDBClient
  /** Requests per call, the first included (default 4, as the SDK's DynamoDB client). */
  readonly maxAttempts?: number
  /** Longest wait for a connection (default 3,000 ms). */
  readonly connectionTimeoutMs?: number
  /** Longest silence of the socket while an answer is awaited (default 20,000 ms), per attempt. */
  readonly requestTimeoutMs?: number
}

/** What a transport needs once region, endpoint and credentials are known. */
interface Ready {
  readonly signer: Signer
  readonly connections: Connections
  readonly credentials: Credentials
}

const DEFAULT_CONNECTION_TIMEOUT_MS = 3_000
const DEFAULT_REQUEST_TIMEOUT_MS = 20_000

/** A Transport that sends with node:http(s): `createLeanTransport({ region: 'eu-west-1' })`. */
export function createLeanTransport(options: LeanTransportOptions = {}): Transport {
  const maxAttempts = whole(options.maxAttempts, 'maxAttempts', DEFAULT_MAX_ATTEMPTS, 1, 50)
  const timeouts = {
    connectionTimeoutMs: whole(
      options.connectionTimeoutMs,
      'connectionTimeoutMs',
      DEFAULT_CONNECTION_TIMEOUT_MS,
      1,
      300_000,
    ),
    requestTimeoutMs: whole(
      options.requestTimeoutMs,
      'requestTimeoutMs',
      DEFAULT_REQUEST_TIMEOUT_MS,
      1,
      300_000,
    ),
  }
  const given = options.credentials
  checkCredentials(given)
  if (options.endpoint !== undefined) checkEndpoint(options.endpoint)
  const quota = new RetryQuota()
  let ready: Ready | undefined
  let preparing: Promise<Ready> | undefined

  const make = (
    region: string,
    endpoint: string | undefined,
    source: Identity | IdentityProvider,
  ) => {
    const url = parseEndpoint(endpoint ?? regionEndpoint(region))
    return {
      signer: new Signer(region, url.host),
      connections: new Connections(url, timeouts),
      credentials: new Credentials(source),
    }
  }
  const prepare = async (): Promise<Ready> => {
    const client = options.client
    if (client !== undefined) {
      const fromIt = await fromClient(client)
      return make(
        options.region ?? fromIt.region,
        options.endpoint ?? fromIt.endpoint,
        given ?? fromIt.provider,
      )
    }
    const region = options.region ?? regionFromEnvironment() ?? (await regionFromChain())
    if (region === undefined) throw missingRegion()
    return make(region, options.endpoint, given ?? defaultChain())
  }
  // Known now: no promise to wait for on the first request.
  const region =
    options.region ?? (options.client === undefined ? regionFromEnvironment() : undefined)
  if (region !== undefined && options.client === undefined) {
    ready = make(region, options.endpoint, given ?? defaultChain())
  }

  /** One setup at a time; a failed one (no region yet) is tried again by the next call. */
  const setUp = (): Promise<Ready> =>
    (preparing ??= prepare().then(
      (made) => (ready = made),
      (error: unknown) => {
        preparing = undefined
        throw error
      },
    ))

  const attempt = async (
    state: Ready,
    operation: Operation,
    body: string,
    signal: AbortSignalLike | undefined,
  ): Promise<Record<string, unknown>> => {
    const now = Date.now()
    const identity = state.credentials.current(now) ?? (await state.credentials.refresh())
    const headers = state.signer.sign(operation, body, identity, now)
    const answer = await state.connections.post(headers, body, signal)
    const metadata = metadataOf(answer.status, answer.headers)
    if (!crc32Matches(answer.headers['x-amz-crc32'], answer.body)) {
      throw Object.assign(
        new Error(
          `The answer to ${operation} does not match its x-amz-crc32 checksum: it was damaged on the way.`,
        ),
        { name: 'CRC32CheckFailed', $metadata: metadata },
      )
    }
    const text = answer.body.toString('utf8')
    if (answer.status >= 300) {
      throw serviceError(answer.status, answer.headers, lenientBody(text), metadata)
    }
    const output = decodeBody(text)
    if (operation === 'DescribeTable') decodeDates(output)
    output.$metadata = metadata
    return output
  }

  const send = async <O extends Operation>(
    operation: O,
    input: Operations[O][0],
    sendOptions?: SendOptions,
  ): Promise<Operations[O][1]> => {
    const state = ready ?? (await setUp())
    const body = encodeBody(input)
    const signal = sendOptions?.abortSignal
    let attempts = 0
    let totalRetryDelay = 0
    let cost = 0
    for (;;) {
      attempts++
      try {
        const output = await attempt(state, operation, body, signal)
        quota.succeeded(cost)
        const metadata = output.$metadata
        if (isMetadata(metadata)) {
          metadata.attempts = attempts
          metadata.totalRetryDelay = totalRetryDelay
        }
        if (!isOutput(operation, output)) throw new Error('unreachable: an output has $metadata')
        return output
      } catch (error) {
        const kind = retryKind(error)
        cost = kind === undefined || attempts >= maxAttempts ? 0 : quota.take(kind)
        if (kind === undefined || cost === 0) throw stamped(error, attempts, totalRetryDelay)
        const delay = backoff(kind, attempts - 1, Math.random)
        totalRetryDelay += delay
        await sleep(delay, signal)
      }
    }
  }

  return {
    kind: 'lean',
    send,
    destroy: () => ready?.connections.destroy(),
  }
}

/** The output type of `operation`: every member optional but `$metadata`. */
function isOutput<O extends Operation>(
  _operation: O,
  output: Record<string, unknown>,
): output is Operations[O][1] & Record<string, unknown> {
  return isMetadata(output.$metadata)
}

function isMetadata(value: unknown): value is Metadata {
  return typeof value === 'object' && value !== null && 'attempts' in value
}

/** An error answer's body: JSON, or nothing usable (a proxy's HTML page). */
function lenientBody(text: string): Record<string, unknown> {
  try {
    return decodeBody(text)
  } catch {
    return {}
  }
}

/** As the SDK's retry middleware: the final error carries the attempts and the waits. */
function stamped(error: unknown, attempts: number, totalRetryDelay: number): unknown {
  if (!(error instanceof Error)) return error
  const metadata: unknown = Reflect.get(error, '$metadata')
  if (isMetadata(metadata)) {
    metadata.attempts = attempts
    metadata.totalRetryDelay = totalRetryDelay
  } else if (!(error instanceof DqlError)) {
    Reflect.set(error, '$metadata', { attempts, totalRetryDelay })
  }
  return error
}

/** The wait between attempts; an abort ends it with the SDK's AbortError. */
function sleep(ms: number, signal: AbortSignalLike | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortError(signal))
      return
    }
    const onAbort = () => {
      clearTimeout(timer)
      reject(abortError(signal))
    }
    const timer = setTimeout(() => {
      if (signal !== undefined) unlisten(signal, onAbort)
      resolve()
    }, ms)
    if (signal !== undefined) listen(signal, onAbort)
  })
}

function whole(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) {
    return value
  }
  throw new DqlError(
    'usage.bad-argument',
    `${name} is a whole number from ${min} to ${max} (default ${fallback}), not ${String(value)}.`,
  )
}

function checkEndpoint(endpoint: unknown): void {
  let protocol = ''
  try {
    protocol = typeof endpoint === 'string' ? new URL(endpoint).protocol : ''
  } catch {
    protocol = ''
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new DqlError(
      'usage.bad-argument',
      `endpoint is an http:// or https:// URL such as http://localhost:8000, not ${String(endpoint)}.`,
    )
  }
}
