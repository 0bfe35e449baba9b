/**
 * An SDK-shaped request handler served over HTTP: the fault and interception handlers the
 * suites give an SDK client (`handle(request, options)`, answering `{ response }` or throwing)
 * become a local HTTP endpoint, so that a transport that sends requests itself — the lean one —
 * meets the very same faults. A request the handler lets through goes on to the engine through
 * `forward`, an SDK-shaped handler of its own; a thrown error resets the connection; a request
 * whose connection closes early sees its abort signal fire.
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Readable } from 'node:stream'
import type { Transport } from '../../src/execute/transport.js'

/** What the handlers read of a request, and what they may change. */
export interface HandlerRequest {
  headers: Record<string, string>
  body?: unknown
}

export interface HandlerResponse {
  readonly response: {
    readonly statusCode: number
    readonly headers: Record<string, string>
    readonly body: unknown
  }
}

/** The SDK's minimal abort signal. */
export interface HandlerSignal {
  aborted: boolean
  onabort: (() => void) | null
}

export type Handle = (
  request: HandlerRequest,
  options: { abortSignal?: HandlerSignal } | undefined,
) => Promise<HandlerResponse>

export interface HandlerServer {
  readonly endpoint: string
  close(): Promise<void>
}

/** Serves `handle` on a free loopback port. */
export async function serveHandler(handle: Handle): Promise<HandlerServer> {
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const body = await readAll(incoming)
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (typeof value === 'string') headers[name] = value
      }
      const signal: HandlerSignal = { aborted: false, onabort: null }
      outgoing.on('close', () => {
        if (outgoing.writableFinished || signal.aborted) return
        signal.aborted = true
        signal.onabort?.()
      })
      try {
        const { response } = await handle(
          { headers, body: body.toString('utf8') },
          { abortSignal: signal },
        )
        const answer = await readAll(response.body)
        outgoing.writeHead(response.statusCode, {
          ...response.headers,
          'content-length': String(answer.length),
        })
        outgoing.end(answer)
      } catch {
        incoming.socket.destroy()
      }
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** An SDK-shaped handler that sends each request on to the engine at `endpoint`, as it is. */
export function forwardTo(endpoint: string): Handle {
  const url = new URL(endpoint)
  return (request) =>
    new Promise((resolve, reject) => {
      const body = typeof request.body === 'string' ? request.body : ''
      const outgoing = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/',
          headers: { ...request.headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        (answer) => {
          const headers: Record<string, string> = {}
          for (const [name, value] of Object.entries(answer.headers)) {
            if (typeof value === 'string') headers[name] = value
          }
          resolve({ response: { statusCode: answer.statusCode ?? 500, headers, body: answer } })
        },
      )
      outgoing.on('error', reject)
      outgoing.end(body)
    })
}

async function readAll(stream: unknown): Promise<Buffer> {
  if (typeof stream === 'string') return Buffer.from(stream)
  if (stream instanceof Uint8Array) return Buffer.from(stream)
  const chunks: Buffer[] = []
  for await (const chunk of stream as Readable | IncomingMessage) {
    chunks.push(Buffer.from(chunk as Buffer))
  }
  return Buffer.concat(chunks)
}

/**
 * A lean transport whose requests go through `handle` (served over HTTP on first use): what
 * the suites give the lean transport where they give an SDK client a request handler.
 * `destroy` closes both the transport's connections and the server.
 */
export function leanThrough(
  handle: Handle,
  createLean: (endpoint: string) => Transport,
): { readonly transport: Transport; destroy(): void } {
  let started: Promise<{ server: HandlerServer; lean: Transport }> | undefined
  const start = () =>
    (started ??= serveHandler(handle).then((server) => ({
      server,
      lean: createLean(server.endpoint),
    })))
  return {
    transport: {
      kind: 'lean',
      async send(operation, input, options) {
        const { lean } = await start()
        return lean.send(operation, input, options)
      },
      destroy() {},
    },
    destroy() {
      void started?.then(({ server, lean }) => {
        lean.destroy()
        return server.close()
      })
    },
  }
}

/** A Transport that hears of each operation as it starts, and of its settling. */
export function watched(
  inner: Transport,
  onStart: (operation: string, settled: Promise<void>) => void,
): Transport {
  return {
    kind: inner.kind,
    send(operation, input, options) {
      const result = inner.send(operation, input, options)
      onStart(
        operation,
        result.then(
          () => undefined,
          () => undefined,
        ),
      )
      return result
    },
    destroy: () => inner.destroy(),
  }
}
