/**
 * One POST over a kept-alive connection, bounded in time: the transport's own agent (50
 * sockets, as the SDK's), a connection timeout (no socket within it: TimeoutError), a request
 * timeout of socket inactivity (no byte of the answer within it: TimeoutError, code ETIMEDOUT;
 * it covers an answer that stops half-way), and the caller's abort signal (AbortError, as the
 * SDK's handler raises it). Socket errors keep their `code`; ECONNRESET, EPIPE and ETIMEDOUT
 * are named TimeoutError, as the SDK's handler names them.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import type { Socket } from 'node:net'
import type { AbortSignalLike } from '../transport.js'
import type { SignedHeaders } from './sign.js'

export interface Endpoint {
  readonly secure: boolean
  readonly hostname: string
  readonly port: number
  /** The `host` header: hostname, and the port when it is not the protocol's default. */
  readonly host: string
}

export interface HttpTimeouts {
  /** Longest wait for a connection (TCP, and TLS for https). */
  readonly connectionTimeoutMs: number
  /** Longest silence on the socket while a request waits for (the rest of) its answer. */
  readonly requestTimeoutMs: number
}

export interface Answer {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}

const SOCKET_TIMEOUT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT'])

/** `http://localhost:8000` → an Endpoint; only the origin counts (the path is always `/`). */
export function parseEndpoint(url: string): Endpoint {
  const parsed = new URL(url)
  const secure = parsed.protocol === 'https:'
  const hostname = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname
  const port = parsed.port === '' ? (secure ? 443 : 80) : Number(parsed.port)
  return { secure, hostname, port, host: parsed.host }
}

/** The connections of one transport to one endpoint. */
export class Connections {
  private readonly endpoint: Endpoint
  private readonly timeouts: HttpTimeouts
  private readonly agent: HttpAgent

  constructor(endpoint: Endpoint, timeouts: HttpTimeouts) {
    this.endpoint = endpoint
    this.timeouts = timeouts
    const options = { keepAlive: true, maxSockets: 50 }
    this.agent = endpoint.secure ? new HttpsAgent(options) : new HttpAgent(options)
  }

  /** Closes the kept-alive sockets; requests in flight end with a socket error. */
  destroy(): void {
    this.agent.destroy()
  }

  post(headers: SignedHeaders, body: string, signal: AbortSignalLike | undefined): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(abortError(signal))
        return
      }
      const { endpoint, timeouts } = this
      const send = endpoint.secure ? httpsRequest : httpRequest
      let connecting: NodeJS.Timeout | undefined
      let settled = false
      const finish = () => {
        settled = true
        if (connecting !== undefined) clearTimeout(connecting)
        if (signal !== undefined) unlisten(signal, onAbort)
      }
      const fail = (error: Error) => {
        if (settled) return
        finish()
        reject(error)
      }
      const onAbort = () => {
        const error = abortError(signal)
        fail(error)
        req.destroy()
      }
      const req = send(
        {
          agent: this.agent,
          host: endpoint.hostname,
          port: endpoint.port,
          method: 'POST',
          path: '/',
          headers,
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('error', (error) => fail(socketError(error)))
          res.on('end', () => {
            if (settled) return
            finish()
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body:
                chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks),
            })
          })
        },
      )
      req.on('error', (error) => fail(socketError(error)))
      req.on('socket', (socket: Socket) => {
        if (!socket.connecting) return
        connecting = setTimeout(() => {
          const error = Object.assign(
            new Error(
              `dql's lean transport: no connection to ${endpoint.host} within ${timeouts.connectionTimeoutMs} ms.`,
            ),
            { name: 'TimeoutError' },
          )
          fail(error)
          req.destroy()
        }, timeouts.connectionTimeoutMs)
        socket.once(endpoint.secure ? 'secureConnect' : 'connect', () => clearTimeout(connecting))
      })
      req.setTimeout(timeouts.requestTimeoutMs, () => {
        const error = Object.assign(
          new Error(
            `dql's lean transport: no answer from ${endpoint.host} for ${timeouts.requestTimeoutMs} ms (requestTimeout).`,
          ),
          { name: 'TimeoutError', code: 'ETIMEDOUT' },
        )
        fail(error)
        req.destroy()
      })
      if (signal !== undefined) listen(signal, onAbort)
      req.end(body)
    })
  }
}

function socketError(error: Error): Error {
  const code: unknown = Reflect.get(error, 'code')
  if (typeof code === 'string' && SOCKET_TIMEOUT_CODES.has(code)) error.name = 'TimeoutError'
  return error
}

/** As the SDK's handler: "Request aborted", the signal's reason as the cause (or message). */
export function abortError(signal: AbortSignalLike | undefined): Error {
  const reason = signal?.reason
  if (reason instanceof Error) {
    return Object.assign(new Error('Request aborted', { cause: reason }), { name: 'AbortError' })
  }
  const message =
    reason === undefined || reason === null || reason === '' ? 'Request aborted' : String(reason)
  return Object.assign(new Error(message), { name: 'AbortError' })
}

/** Listens as the SDK's handler does: addEventListener when there is one, else onabort. */
export function listen(signal: AbortSignalLike, handler: () => void): void {
  if (typeof signal.addEventListener === 'function') {
    signal.addEventListener('abort', handler, { once: true })
  } else {
    signal.onabort = handler
  }
}

export function unlisten(signal: AbortSignalLike, handler: () => void): void {
  if (typeof signal.removeEventListener === 'function') {
    signal.removeEventListener('abort', handler)
  } else if (signal.onabort === handler) {
    signal.onabort = null
  }
}
