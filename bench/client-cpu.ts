/**
 * Question 5: the client's CPU per call, against a stub DynamoDB over loopback HTTP in another
 * process (bench/stub-server.ts), so that the server's work is not in this process's CPU time.
 * Beside the raw SDK and dql, the floor (bench/floor.ts): a hand-written signed request with
 * `JSON.parse` and direct mapping; the raw SDK row's calls through dql's lean transport, and
 * dql's own calls on it (bench/lean.ts). The rows are measured in paired slices
 * (`measureInterleaved`, CPU time): in each slice every row runs a few calls back to back, the
 * order rotated slice by slice, and a round's ratio is the median over its slices of a row's
 * time divided by the raw SDK's in the same slice.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defaultClient, dqlOn, dqlTag, rawSdk, recommendedClient, type Reader } from './fixtures.js'
import { floorClient } from './floor.js'
import { dqlLean, leanReader } from './lean.js'
import { measureInterleaved, type QuestionResult } from './measure.js'

type Operation = 'getItem' | 'query'

export interface CpuOptions {
  readonly rounds: number
  /** Slices of one round. */
  readonly slices: number
  /** Calls of each row in one slice, by operation. */
  readonly calls: Readonly<Record<Operation, number>>
}

export async function clientCpu(options: CpuOptions): Promise<QuestionResult[]> {
  return [
    await question(
      'cpu-get',
      'Q5a. GetItem: client CPU per call, stub server in another process',
      'getItem',
      options,
    ),
    await question(
      'cpu-query',
      'Q5b. Query of 100 items, mapping included: client CPU per call, stub server in another process',
      'query',
      options,
    ),
  ]
}

/** The rows of question 5 against one endpoint; each row has a client of its own. */
export function clientCpuRows(endpoint: string): { name: string; reader: Reader }[] {
  const plain = (): DynamoDBClient => defaultClient({ endpoint })
  return [
    { name: 'raw SDK', reader: rawSdk(plain()) },
    { name: 'dql (tag)', reader: dqlTag(dqlOn(plain())) },
    { name: 'raw SDK, recommended client', reader: rawSdk(recommendedClient({ endpoint })) },
    {
      name: 'dql (tag), recommended client',
      reader: dqlTag(dqlOn(recommendedClient({ endpoint }))),
    },
    { name: 'floor: hand-written signed request', reader: floorClient(endpoint) },
    { name: 'lean transport (the floor’s mapping)', reader: leanReader(endpoint) },
    { name: 'dql (tag), lean transport', reader: dqlLean(endpoint) },
  ]
}

async function question(
  id: string,
  title: string,
  operation: Operation,
  options: CpuOptions,
): Promise<QuestionResult> {
  const server = await startStubServer(operation)
  try {
    const rows = clientCpuRows(server.endpoint).map(({ name, reader }) => ({
      name,
      fn: () => reader[operation](),
    }))
    return await measureInterleaved(id, title, rows, {
      rounds: options.rounds,
      slices: options.slices,
      calls: options.calls[operation],
      clock: 'cpu',
      // Heap per call is question 1's; here the sockets' allocations would blur it.
      heap: false,
    })
  } finally {
    server.stop()
  }
}

/** Starts bench/stub-server.js in a child process; `stop` kills that child by its PID. */
export async function startStubServer(
  operation: Operation,
): Promise<{ endpoint: string; stop: () => void }> {
  const here = dirname(fileURLToPath(import.meta.url))
  const child = spawn(process.execPath, [join(here, 'stub-server.js'), operation], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  })
  const port = await new Promise<string>((resolve, reject) => {
    let text = ''
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8')
      if (text.includes('\n')) resolve(text.trim())
    })
    child.once('exit', (code) => reject(new Error(`the stub server exited with ${code}`)))
  })
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => {
      if (child.pid !== undefined) process.kill(child.pid)
    },
  }
}
