/**
 * A TCP proxy in front of an engine, to inject socket faults the way a network does: pass
 * traffic through, accept a connection and never answer (stall), forward the answer's first
 * bytes and then nothing (truncate), or reset the connection when the request arrives.
 */
import { createServer, connect, type Socket } from 'node:net'

export type ProxyMode = 'pass' | 'stall' | 'truncate' | 'reset'

export interface Proxy {
  /** `http://127.0.0.1:PORT`, for a client's `endpoint`. */
  readonly endpoint: string
  /** What new connections get. */
  readonly mode: ProxyMode
  /**
   * Sets what connections get from now on: open connections are closed (and their closing
   * awaited), so that a client's next request opens a new one.
   */
  setMode(mode: ProxyMode): Promise<void>
  /**
   * Like setMode, but each new connection gets `plan(n)`, n counting from 1 the connections
   * accepted from now on; a later setMode ends the plan.
   */
  setPlan(plan: (connection: number) => ProxyMode): Promise<void>
  /** Connections accepted so far. */
  readonly connections: () => number
  /** Resolves when the next connection is accepted. */
  readonly nextConnection: () => Promise<void>
  /** Resolves when every client connection open now has been closed (by either side). */
  readonly clientsClosed: () => Promise<void>
  close(): Promise<void>
}

/** Starts a proxy on a free port of 127.0.0.1 in front of `target` (`http://host:port`). */
export async function startProxy(target: string): Promise<Proxy> {
  const { hostname, port } = new URL(target)
  const sockets = new Set<Socket>()
  const clients = new Set<Socket>()
  let accepted = 0
  let waiting: (() => void)[] = []
  let current: ProxyMode = 'pass'
  let plan: ((connection: number) => ProxyMode) | undefined
  let planned = 0
  /** Closes every open connection and waits for the client's agent to see it. */
  const closeAll = async () => {
    const closing = [...sockets].map(
      (socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())),
    )
    for (const socket of sockets) socket.destroy()
    await Promise.all(closing)
    // Let the client's agent see its sockets close before the next request.
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
  const proxy: Proxy = {
    endpoint: '',
    mode: 'pass',
    setMode: async (mode) => {
      current = mode
      plan = undefined
      await closeAll()
    },
    setPlan: async (next) => {
      plan = next
      planned = 0
      await closeAll()
    },
    connections: () => accepted,
    nextConnection: () => new Promise((resolve) => waiting.push(resolve)),
    clientsClosed: async () => {
      const open = [...clients].map(
        (socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())),
      )
      await Promise.all(open)
    },
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  const server = createServer((client) => {
    accepted++
    const notify = waiting
    waiting = []
    for (const resolve of notify) resolve()
    sockets.add(client)
    clients.add(client)
    client.on('close', () => {
      sockets.delete(client)
      clients.delete(client)
    })
    client.on('error', () => {})
    const mode = plan === undefined ? current : plan(++planned)
    if (mode === 'stall') {
      client.resume()
      return
    }
    if (mode === 'reset') {
      client.once('data', () => client.resetAndDestroy())
      return
    }
    const upstream = connect(Number(port), hostname)
    sockets.add(upstream)
    upstream.on('close', () => sockets.delete(upstream))
    upstream.on('error', () => client.destroy())
    client.pipe(upstream)
    if (mode === 'pass') {
      upstream.pipe(client)
      return
    }
    // truncate: the headers and part of the body, then silence on an open connection.
    let sent = false
    upstream.on('data', (chunk: Buffer) => {
      if (sent) return
      sent = true
      client.write(chunk.subarray(0, Math.max(1, chunk.length - 8)))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port')
  return Object.assign(proxy, {
    endpoint: `http://127.0.0.1:${address.port}`,
    get mode() {
      return current
    },
  })
}
