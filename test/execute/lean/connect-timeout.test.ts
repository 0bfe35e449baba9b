/**
 * The lean transport's connection timeout, against a peer that never answers the connection.
 * A listener in a worker thread that never accepts (its thread is blocked) has a backlog of 1:
 * once the kernel's accept queue holds the connections it completed on its own, it drops every
 * further SYN, so a connect stays pending, neither made nor refused, as with a host that has
 * gone silent. Setup fills the queue and checks that a connect really stays pending. That the
 * wait is the bound, neither shorter nor longer, is checked on a fake clock (the transport's
 * timer; the sockets stay real). Backoff waits are made zero by a `Math.random` of 0 (full
 * jitter).
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { connect, type Socket } from 'node:net'
import { Worker } from 'node:worker_threads'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { createDql, defineTable, DqlError } from '../../../src/index.js'
import { createLeanTransport } from '../../../src/execute/lean/index.js'
import type { Transport } from '../../../src/execute/transport.js'

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }
const get = { TableName: 'silent', Key: { id: { S: 'k' } } }
const CONNECTION_TIMEOUT_MS = 200

let listener: Worker
let endpoint = ''
/** The connections that fill the listener's accept queue. */
const fillers: Socket[] = []
const open: Transport[] = []

/** What a connect to `port` does within `ms`: 'connected', 'failed' or 'pending'. */
function connectOutcome(port: number, ms: number): Promise<[string, Socket]> {
  const socket = connect(port, '127.0.0.1')
  return new Promise((done) => {
    const timer = setTimeout(() => done(['pending', socket]), ms)
    socket.once('connect', () => {
      clearTimeout(timer)
      done(['connected', socket])
    })
    socket.once('error', () => {
      clearTimeout(timer)
      done(['failed', socket])
    })
  })
}

beforeAll(async () => {
  listener = new Worker(
    `const { parentPort } = require('node:worker_threads')
const server = require('node:net').createServer()
server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
  parentPort.postMessage(server.address().port)
  // Blocked for good: this thread's event loop never runs again, so nothing is accepted.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)
})`,
    { eval: true },
  )
  const port = await new Promise<number>((done) => listener.once('message', done))
  endpoint = `http://127.0.0.1:${port}`
  // The kernel completes a few connections itself (backlog + 1 on Linux); the next one waits.
  for (;;) {
    const [outcome, socket] = await connectOutcome(port, 500)
    if (outcome === 'connected' && fillers.length < 10) {
      fillers.push(socket)
      continue
    }
    socket.destroy()
    if (outcome !== 'pending') {
      throw new Error(`a connect to the blocked listener ${outcome}: no pending connect to test`)
    }
    break
  }
})

afterAll(async () => {
  for (const socket of fillers) socket.destroy()
  await listener.terminate()
})

beforeEach(() => {
  vi.spyOn(Math, 'random').mockReturnValue(0)
})

afterEach(() => {
  vi.restoreAllMocks()
  for (const made of open.splice(0)) made.destroy()
})

function silentTransport(maxAttempts?: number): Transport {
  const made = createLeanTransport({
    endpoint,
    region: 'local',
    credentials,
    connectionTimeoutMs: CONNECTION_TIMEOUT_MS,
    // Far beyond the connection timeout: only that one can end a pending connect here.
    requestTimeoutMs: 300_000,
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
  })
  open.push(made)
  return made
}

/** The client sockets node:net opens while `fn` runs, and what `fn` was rejected with. */
async function connectsDuring(fn: () => Promise<unknown>): Promise<[number, unknown]> {
  let sockets = 0
  const count = () => sockets++
  subscribe('net.client.socket', count)
  try {
    const error = await fn().then(
      (value) => new Error(`expected a failure, got ${JSON.stringify(value)}`),
      (error: unknown) => error,
    )
    return [sockets, error]
  } finally {
    unsubscribe('net.client.socket', count)
  }
}

const expectedTimeout = () => ({
  name: 'TimeoutError',
  message: `dql's lean transport: no connection to ${new URL(endpoint).host} within ${CONNECTION_TIMEOUT_MS} ms.`,
})

describe('a connect that is never answered', () => {
  test('each attempt ends at the connection timeout with TimeoutError; four attempts, then that error', async () => {
    const [connects, error] = await connectsDuring(() => silentTransport().send('GetItem', get))
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject(expectedTimeout())
    expect(Reflect.get(error as Error, '$metadata')).toEqual({ attempts: 4, totalRetryDelay: 0 })
    expect(Reflect.get(error as Error, 'code')).toBeUndefined()
    // A new connection for each attempt: the pending one is given up.
    expect(connects).toBe(4)
  })

  test('on a fake clock: the attempt is still waiting 1 ms before the bound, and fails at it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const socket = new Promise<void>((done) => {
        const opened = () => {
          unsubscribe('net.client.socket', opened)
          done()
        }
        subscribe('net.client.socket', opened)
      })
      let outcome: unknown
      void silentTransport(1)
        .send('GetItem', get)
        .then(
          () => (outcome = 'answered'),
          (error: unknown) => (outcome = error),
        )
      await socket
      const settle = () => new Promise((done) => setImmediate(done))
      await settle()
      vi.advanceTimersByTime(CONNECTION_TIMEOUT_MS - 1)
      await settle()
      expect(outcome).toBeUndefined()
      vi.advanceTimersByTime(1)
      await settle()
      expect(outcome).toMatchObject(expectedTimeout())
    } finally {
      vi.useRealTimers()
    }
  })

  test('maxAttempts: 1 tries to connect once', async () => {
    const [connects, error] = await connectsDuring(() => silentTransport(1).send('GetItem', get))
    expect(error).toMatchObject(expectedTimeout())
    expect(Reflect.get(error as Error, '$metadata')).toEqual({ attempts: 1, totalRetryDelay: 0 })
    expect(connects).toBe(1)
  })

  test("through dql: the call rejects with the transport's TimeoutError, which the caller catches", async () => {
    const notes = defineTable({ name: 'notes', tableName: 'silent', partitionKey: 'id' })
    const db = createDql({ transport: silentTransport(), tables: [notes] })
    let caught: unknown
    const [connects] = await connectsDuring(async () => {
      try {
        await db.first`FROM notes WHERE id = ${'k'}`
      } catch (error) {
        caught = error
      }
    })
    expect(caught).not.toBeInstanceOf(DqlError)
    expect(caught).toMatchObject(expectedTimeout())
    expect(Reflect.get(caught as Error, '$metadata')).toEqual({ attempts: 4, totalRetryDelay: 0 })
    expect(connects).toBe(4)
  })
})
