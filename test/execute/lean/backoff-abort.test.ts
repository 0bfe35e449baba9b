/**
 * An abort during the wait between attempts ends the call at once with the SDK's AbortError,
 * and nothing more is sent: a stub server that always throttles, a backoff made long (a
 * `Math.random` of 0.99: 990 ms after a throttle), and an abort once the first answer is out.
 */
import { createServer, type Server } from 'node:http'
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest'
import { createLeanTransport } from '../../../src/execute/lean/index.js'

let server: Server
let endpoint = ''
let requests = 0
let answered: () => void = () => {}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      requests++
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' })
      res.end(
        JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException',
          message: 'slow down',
        }),
        () => answered(),
      )
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

afterEach(() => {
  vi.restoreAllMocks()
})

test('an abort while waiting to retry: AbortError with the reason as cause, one request sent', async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0.99)
  const transport = createLeanTransport({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  })
  const controller = new AbortController()
  const first = new Promise<void>((resolve) => (answered = resolve))
  const sent = transport.send(
    'GetItem',
    { TableName: 't', Key: { id: { S: 'k' } } },
    { abortSignal: controller.signal },
  )
  await first
  const reason = new Error('enough')
  controller.abort(reason)
  const error = await sent.then(
    () => undefined,
    (e: unknown) => e,
  )
  transport.destroy()
  expect(error).toMatchObject({ name: 'AbortError', message: 'Request aborted', cause: reason })
  expect(requests).toBe(1)
})
