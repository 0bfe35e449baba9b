/**
 * DynamoDB's error answers as the SDK raises them: the type from `x-amzn-errortype` or the
 * body's `__type` (after '#'), the message from `message` or `Message`, `$fault`, `$metadata`
 * and the body's other fields as own properties. `instanceof` the SDK's exception classes
 * (`ConditionalCheckFailedException` …) holds as for the SDK's own errors, and the SDK is never
 * loaded for it: see `leanClass`.
 */
import type { IncomingHttpHeaders } from 'node:http'
import { createRequire } from 'node:module'

/** The SDK's ResponseMetadata, filled the way its client fills it. */
export interface Metadata {
  httpStatusCode?: number | undefined
  requestId?: string | undefined
  extendedRequestId?: string | undefined
  cfId?: string | undefined
  attempts: number
  totalRetryDelay: number
}

/** What the transport throws for an error answer, and what its retry policy reads. */
export interface ServiceError extends Error {
  $fault: 'client' | 'server'
  $metadata: Metadata
}

export function metadataOf(status: number, headers: IncomingHttpHeaders): Metadata {
  return {
    httpStatusCode: status,
    requestId: header(headers, 'x-amzn-requestid') ?? header(headers, 'x-amz-request-id'),
    extendedRequestId: header(headers, 'x-amz-id-2'),
    cfId: header(headers, 'x-amz-cf-id'),
    attempts: 1,
    totalRetryDelay: 0,
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value.join(',') : value
}

/** The error type DynamoDB named, as the SDK reads it, or 'Unknown'. */
export function errorCode(headers: IncomingHttpHeaders, body: Record<string, unknown>): string {
  const typed = header(headers, 'x-amzn-errortype')
  if (typed !== undefined) return sanitize(typed)
  for (const key in body) {
    if (key.toLowerCase() === 'code' && body[key] !== undefined) return sanitize(body[key])
  }
  if (body.__type !== undefined) return sanitize(body.__type)
  return 'Unknown'
}

/** `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException:http://…` → the name alone. */
function sanitize(raw: unknown): string {
  let code = String(raw)
  if (code.includes(',')) code = code.split(',')[0] ?? code
  if (code.includes(':')) code = code.split(':')[0] ?? code
  if (code.includes('#')) code = code.split('#')[1] ?? code
  return code
}

/** The error for an answer with a status of 300 or more, with its body parsed. */
export function serviceError(
  status: number,
  headers: IncomingHttpHeaders,
  body: Record<string, unknown>,
  metadata: Metadata,
): ServiceError {
  const name = errorCode(headers, body)
  const $fault: 'client' | 'server' = status < 500 ? 'client' : 'server'
  const message = text(body.message) ?? text(body.Message) ?? 'UnknownError'
  const error = sdkException(name, $fault, metadata, {
    ...body,
    name,
    $fault,
    $metadata: metadata,
    message,
  })
  const made: ServiceError =
    error ?? Object.assign(new Error(message), { name, $fault, $metadata: metadata })
  // As the SDK's decorateServiceException: the body's fields the class did not set.
  for (const key in body) {
    const value = body[key]
    const current: unknown = Reflect.get(made, key)
    if (value !== undefined && (current === undefined || current === null || current === '')) {
      Reflect.set(made, key, value)
    }
  }
  made.message = message
  Reflect.deleteProperty(made, 'Message')
  return made
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/**
 * The SDK's exception classes, from its module if this process has loaded it already (then
 * `require` costs nothing); loading it here would stall the event loop for a few hundred
 * milliseconds on a first error, so it is never loaded for this.
 */
let sdkPath: string | null | undefined

function loadedSdk(): Record<string, unknown> | undefined {
  if (sdkPath === undefined) {
    try {
      sdkPath = localRequire.resolve('@aws-sdk/client-dynamodb')
    } catch {
      sdkPath = null
    }
  }
  if (sdkPath === null || localRequire.cache[sdkPath] === undefined) return undefined
  const loaded: unknown = localRequire(sdkPath)
  return typeof loaded === 'object' && loaded !== null ? { ...loaded } : undefined
}

const localRequire = createRequire(import.meta.url)

/**
 * The SDK's exception for `name` (its DynamoDBServiceException for a name it does not model),
 * built as its deserializer builds it, when the SDK is loaded; else one of `leanClass(name)`.
 */
function sdkException(
  name: string,
  $fault: 'client' | 'server',
  $metadata: Metadata,
  options: Record<string, unknown>,
): ServiceError {
  const exports = loadedSdk()
  const base = exports?.DynamoDBServiceException
  if (exports !== undefined && typeof base === 'function') {
    const named = exports[name]
    const ctor =
      typeof named === 'function' && named.prototype instanceof base && named !== base
        ? named
        : base
    const made: unknown = Reflect.construct(ctor, [options])
    // The base class takes its name from the options; a modeled class sets its own.
    if (made instanceof Error) return Object.assign(made, { name, $fault, $metadata })
  }
  const made = new (leanClass(name))(String(options.message))
  return Object.assign(made, { name, $fault, $metadata, $retryable: undefined })
}

/**
 * The SDK's exception classes recognise an error by its class's static `shapeId` (that is how
 * `instanceof` holds across two copies of the SDK): a class per error name, whose shapeId is
 * the one of the SDK's class of that name, under one whose shapeId is that of
 * DynamoDBServiceException, makes `instanceof ConditionalCheckFailedException`,
 * `instanceof DynamoDBServiceException` and `instanceof ServiceException` hold as for the
 * SDK's own errors, with no SDK module loaded.
 */
class DynamoDBServiceException extends Error {
  static readonly shapeId: string =
    'smithy.ts.sdk.synthetic.com.amazonaws.dynamodb#DynamoDBServiceException'
}

const classes = new Map<string, typeof DynamoDBServiceException>()

function leanClass(name: string): typeof DynamoDBServiceException {
  let made = classes.get(name)
  if (made === undefined) {
    const shapeId = `com.amazonaws.dynamodb#${name}`
    made = {
      [name]: class extends DynamoDBServiceException {
        static override readonly shapeId = shapeId
      },
    }[name]
    if (made === undefined) throw new Error('unreachable: the class was just made')
    // Error names are few (DynamoDB's types); an unbounded variety would be a broken endpoint.
    if (classes.size < 200) classes.set(name, made)
  }
  return made
}
