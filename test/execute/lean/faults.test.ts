/**
 * The lean transport through faults, sent to directly (not through dql): connections reset,
 * stalled or cut off by a TCP proxy in front of dynalite, and scripted answers from a stub
 * HTTP server (throttles, 5xx, damaged bodies, errors never retried). Every failure is retried
 * as the SDK retries it and bounded: no call hangs. Backoff waits are made zero by a
 * `Math.random` of 0 (full jitter), so the tests do not wait them out.
 */
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { crc32 } from 'node:zlib'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { startEmbedded, type EmbeddedDynamo } from '../../../src/execute/embedded.js'
import { createLeanTransport, type LeanTransportOptions } from '../../../src/execute/lean/index.js'
import type { Transport } from '../../../src/execute/transport.js'
import { startProxy, type Proxy } from '../../support/tcp-proxy.js'

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }
const get = { TableName: 'lean-faults', Key: { id: { S: 'k' } } }
const item = { id: { S: 'k' }, v: { N: '1' } }

let engine: EmbeddedDynamo
let proxy: Proxy
const open: Transport[] = []

function transport(endpoint: string, options: LeanTransportOptions = {}): Transport {
  const made = createLeanTransport({ endpoint, region: 'local', credentials, ...options })
  open.push(made)
  return made
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    if (error instanceof Error) return error
    throw new Error(`rejected with a non-Error: ${String(error)}`)
  }
  throw new Error('resolved')
}

beforeAll(async () => {
  engine = await startEmbedded()
  proxy = await startProxy(engine.endpoint)
  await engine.client.send(
    new CreateTableCommand({
      TableName: 'lean-faults',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  )
  await engine.client.send(new PutItemCommand({ TableName: 'lean-faults', Item: item }))
})

afterAll(async () => {
  await proxy.close()
  await engine.close()
})

beforeEach(() => {
  vi.spyOn(Math, 'random').mockReturnValue(0)
})

afterEach(() => {
  vi.restoreAllMocks()
  for (const made of open.splice(0)) made.destroy()
})

describe('socket faults, through a TCP proxy', () => {
  test('a reset connection is sent again: the item, at the second attempt', async () => {
    await proxy.setPlan((n) => (n === 1 ? 'reset' : 'pass'))
    const output = await transport(proxy.endpoint).send('GetItem', get)
    expect(output.Item).toEqual(item)
    expect(output.$metadata).toMatchObject({ attempts: 2, totalRetryDelay: 0 })
    expect(proxy.connections()).toBe(2)
  })

  test('every connection reset: four attempts, then the socket error (code kept)', async () => {
    await proxy.setMode('reset')
    const before = proxy.connections()
    const error = await rejection(transport(proxy.endpoint).send('GetItem', get))
    expect({ name: error.name, code: Reflect.get(error, 'code') }).toEqual({
      name: 'TimeoutError',
      code: 'ECONNRESET',
    })
    expect(Reflect.get(error, '$metadata')).toEqual({ attempts: 4, totalRetryDelay: 0 })
    expect(proxy.connections() - before).toBe(4)
  })

  test('maxAttempts: 1 sends once', async () => {
    await proxy.setMode('reset')
    const before = proxy.connections()
    const error = await rejection(
      transport(proxy.endpoint, { maxAttempts: 1 }).send('GetItem', get),
    )
    expect(Reflect.get(error, 'code')).toBe('ECONNRESET')
    expect(proxy.connections() - before).toBe(1)
  })

  test('a stalled connection times out (requestTimeoutMs) and is sent again', async () => {
    await proxy.setPlan((n) => (n === 1 ? 'stall' : 'pass'))
    const output = await transport(proxy.endpoint, { requestTimeoutMs: 150 }).send('GetItem', get)
    expect(output.Item).toEqual(item)
    expect(output.$metadata.attempts).toBe(2)
  })

  test('an answer cut off half-way times out too, and is sent again', async () => {
    await proxy.setPlan((n) => (n === 1 ? 'truncate' : 'pass'))
    const output = await transport(proxy.endpoint, { requestTimeoutMs: 150 }).send('GetItem', get)
    expect(output.Item).toEqual(item)
    expect(output.$metadata.attempts).toBe(2)
  })

  test('every connection stalled: four timeouts, then TimeoutError (ETIMEDOUT)', async () => {
    await proxy.setMode('stall')
    const before = proxy.connections()
    const error = await rejection(
      transport(proxy.endpoint, { requestTimeoutMs: 100 }).send('GetItem', get),
    )
    expect({ name: error.name, code: Reflect.get(error, 'code') }).toEqual({
      name: 'TimeoutError',
      code: 'ETIMEDOUT',
    })
    expect(error.message).toContain('100 ms')
    expect(proxy.connections() - before).toBe(4)
  })

  test('an abort while the request waits: AbortError with the reason as cause, never resent', async () => {
    await proxy.setMode('stall')
    const before = proxy.connections()
    const controller = new AbortController()
    const reason = new Error('the caller gave up')
    const accepted = proxy.nextConnection()
    const sent = transport(proxy.endpoint).send('GetItem', get, { abortSignal: controller.signal })
    await accepted
    controller.abort(reason)
    const error = await rejection(sent)
    expect({ name: error.name, message: error.message, cause: error.cause }).toEqual({
      name: 'AbortError',
      message: 'Request aborted',
      cause: reason,
    })
    expect(proxy.connections() - before).toBe(1)
  })

  test('the SDK’s minimal signal (aborted, onabort) aborts too', async () => {
    await proxy.setMode('stall')
    const signal: { aborted: boolean; onabort: (() => void) | null } = {
      aborted: false,
      onabort: null,
    }
    const accepted = proxy.nextConnection()
    const sent = transport(proxy.endpoint).send('GetItem', get, { abortSignal: signal })
    await accepted
    signal.aborted = true
    signal.onabort?.()
    expect((await rejection(sent)).name).toBe('AbortError')
  })

  test('an already aborted signal sends nothing', async () => {
    await proxy.setMode('pass')
    const before = proxy.connections()
    const error = await rejection(
      transport(proxy.endpoint).send('GetItem', get, { abortSignal: AbortSignal.abort() }),
    )
    expect(error.name).toBe('AbortError')
    expect(proxy.connections() - before).toBe(0)
  })

  test('calls share one kept-alive connection; destroy() closes it', async () => {
    await proxy.setMode('pass')
    const before = proxy.connections()
    const lean = transport(proxy.endpoint)
    await lean.send('GetItem', get)
    await lean.send('GetItem', get)
    expect(proxy.connections() - before).toBe(1)
    lean.destroy()
    await expect(proxy.clientsClosed()).resolves.toBeUndefined()
  })
})

/** A scripted answer: status, DynamoDB error type (or a body), and whether to damage the CRC. */
interface Script {
  readonly status: number
  readonly body: string
  readonly crc?: 'right' | 'wrong' | 'none'
}

function errorAnswer(status: number, type: string, message: string): Script {
  return {
    status,
    body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }),
  }
}

const ok: Script = { status: 200, body: JSON.stringify({ Item: item }) }

describe('scripted answers, from a stub server', () => {
  let server: Server
  let endpoint = ''
  let script: Script[] = []
  let requests = 0

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume()
      req.on('end', () => {
        const answer = script[Math.min(requests, script.length - 1)] ?? ok
        requests++
        const body = Buffer.from(answer.body)
        const headers: Record<string, string> = {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': `req-${requests}`,
        }
        if (answer.crc !== 'none') {
          headers['x-amz-crc32'] = String(answer.crc === 'wrong' ? crc32(body) ^ 1 : crc32(body))
        }
        res.writeHead(answer.status, headers)
        res.end(body)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
    const address = server.address()
    if (address === null || typeof address === 'string') throw new Error('no port')
    endpoint = `http://127.0.0.1:${address.port}`
  })

  afterAll(async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  beforeEach(() => {
    requests = 0
  })

  test.each([
    ['ThrottlingException', 400],
    ['ProvisionedThroughputExceededException', 400],
    ['RequestLimitExceeded', 400],
    ['TransactionInProgressException', 400],
    ['InternalServerError', 500],
    ['ServiceUnavailable', 503],
  ])('%s (%i) is retried: the answer of the next attempt', async (type, status) => {
    script = [errorAnswer(status, type, 'try again'), ok]
    const output = await transport(endpoint).send('GetItem', get)
    expect(output).toEqual({
      Item: item,
      $metadata: {
        httpStatusCode: 200,
        requestId: 'req-2',
        extendedRequestId: undefined,
        cfId: undefined,
        attempts: 2,
        totalRetryDelay: 0,
      },
    })
    expect(requests).toBe(2)
  })

  test.each([
    ['ConditionalCheckFailedException', 400],
    ['ValidationException', 400],
    ['TransactionCanceledException', 400],
    ['ResourceNotFoundException', 400],
    ['AccessDeniedException', 400],
    ['ItemCollectionSizeLimitExceededException', 400],
  ])('%s is never retried', async (type, status) => {
    script = [errorAnswer(status, type, 'no'), ok]
    const error = await rejection(
      transport(endpoint).send('PutItem', { TableName: 't', Item: item }),
    )
    expect({
      name: error.name,
      message: error.message,
      fault: Reflect.get(error, '$fault'),
    }).toEqual({ name: type, message: 'no', fault: 'client' })
    expect(Reflect.get(error, '$metadata')).toMatchObject({ attempts: 1, requestId: 'req-1' })
    expect(requests).toBe(1)
  })

  test('throttled four times: the throttle, with attempts 4; a 5xx is a server fault', async () => {
    script = [errorAnswer(400, 'ThrottlingException', 'slow down')]
    const throttled = await rejection(transport(endpoint).send('GetItem', get))
    expect(throttled.name).toBe('ThrottlingException')
    expect(Reflect.get(throttled, '$metadata')).toMatchObject({ attempts: 4, httpStatusCode: 400 })
    requests = 0
    script = [errorAnswer(500, 'InternalServerError', 'oops')]
    const failed = await rejection(transport(endpoint, { maxAttempts: 2 }).send('GetItem', get))
    expect({ name: failed.name, fault: Reflect.get(failed, '$fault') }).toEqual({
      name: 'InternalServerError',
      fault: 'server',
    })
    expect(requests).toBe(2)
  })

  test('a body damaged on the way (x-amz-crc32 mismatch) is sent again', async () => {
    script = [{ ...ok, crc: 'wrong' }, ok]
    const output = await transport(endpoint).send('GetItem', get)
    expect(output.Item).toEqual(item)
    expect(output.$metadata.attempts).toBe(2)
  })

  test('damaged every time: CRC32CheckFailed after four attempts; no header, no check', async () => {
    script = [{ ...ok, crc: 'wrong' }]
    const error = await rejection(transport(endpoint).send('GetItem', get))
    expect(error.name).toBe('CRC32CheckFailed')
    expect(Reflect.get(error, '$metadata')).toMatchObject({ attempts: 4, httpStatusCode: 200 })
    requests = 0
    script = [{ ...ok, crc: 'none' }]
    expect((await transport(endpoint).send('GetItem', get)).Item).toEqual(item)
  })

  test('an error answer that is not JSON (a proxy’s page) is an error named by its status', async () => {
    script = [{ status: 502, body: '<html>Bad Gateway</html>' }]
    const error = await rejection(transport(endpoint, { maxAttempts: 1 }).send('GetItem', get))
    expect({
      name: error.name,
      message: error.message,
      fault: Reflect.get(error, '$fault'),
    }).toEqual({
      name: 'Unknown',
      message: 'UnknownError',
      fault: 'server',
    })
  })

  test('the retry quota: a transport that keeps failing stops retrying, and recovers', async () => {
    script = [errorAnswer(500, 'InternalServerError', 'down')]
    const lean = transport(endpoint)
    // 500 tokens, 14 a retry: 35 retries in all, then each call is sent once.
    let sent = 0
    for (let call = 0; call < 20; call++) {
      requests = 0
      await rejection(lean.send('GetItem', get))
      sent += requests
    }
    expect(sent).toBe(20 + 35)
    requests = 0
    await rejection(lean.send('GetItem', get))
    expect(requests).toBe(1)
    script = [ok]
    for (let call = 0; call < 14; call++) await lean.send('GetItem', get)
    // 10 + 14 successes of 1 token each: a retry (14) is allowed again.
    requests = 0
    script = [errorAnswer(500, 'InternalServerError', 'down'), ok]
    const output = await lean.send('GetItem', get)
    expect(output.$metadata.attempts).toBe(2)
  })
})
