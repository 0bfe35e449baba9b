/**
 * Question 5: the client's CPU per call, against a stub DynamoDB over loopback HTTP in another
 * process (bench/stub-server.ts), so that the server's work is not in this process's CPU time.
 * Beside the raw SDK and dql, the floor (bench/floor.ts): a hand-written signed request with
 * `JSON.parse` and direct mapping; and the raw SDK row's calls through dql's lean transport
 * (bench/lean.ts). Each round runs a batch of calls of every row, the order
 * rotated round by round; a row's figure is `process.cpuUsage()` (user + system) of its batch
 * divided by its calls.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defaultClient, dqlOn, dqlTag, rawSdk, recommendedClient, type Reader } from './fixtures.js'
import { floorClient } from './floor.js'
import { leanReader } from './lean.js'
import { ratioStats, type QuestionResult, type RowResult } from './measure.js'

type Operation = 'getItem' | 'query'

export interface CpuOptions {
  readonly rounds: number
  /** Calls of each row in one round. */
  readonly calls: number
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

async function question(
  id: string,
  title: string,
  operation: Operation,
  options: CpuOptions,
): Promise<QuestionResult> {
  const server = await startStubServer(operation)
  try {
    const endpoint = server.endpoint
    const plain = (): DynamoDBClient => defaultClient({ endpoint })
    const rows: { name: string; reader: Reader }[] = [
      { name: 'raw SDK', reader: rawSdk(plain()) },
      { name: 'dql (tag)', reader: dqlTag(dqlOn(plain())) },
      { name: 'raw SDK, recommended client', reader: rawSdk(recommendedClient({ endpoint })) },
      {
        name: 'dql (tag), recommended client',
        reader: dqlTag(dqlOn(recommendedClient({ endpoint }))),
      },
      { name: 'floor: hand-written signed request', reader: floorClient(endpoint) },
      { name: 'lean transport (the floor’s mapping)', reader: leanReader(endpoint) },
    ]
    const batch = async (reader: Reader, calls: number) => {
      const before = process.cpuUsage()
      for (let i = 0; i < calls; i++) await reader[operation]()
      const used = process.cpuUsage(before)
      return ((used.user + used.system) * 1000) / calls // ns per call
    }
    for (const row of rows) await batch(row.reader, Math.max(50, options.calls)) // warm-up
    const samples = rows.map(() => [] as number[])
    for (let round = 0; round < options.rounds; round++) {
      for (let k = 0; k < rows.length; k++) {
        const i = (k + round) % rows.length
        samples[i]!.push(await batch(rows[i]!.reader, options.calls))
      }
    }
    const base = samples[0]!
    const results: RowResult[] = rows.map((row, i) => ({
      ...ratioStats(row.name, samples[i]!, base),
      heapBytes: Number.NaN,
    }))
    return { id, title, baseline: rows[0]!.name, rows: results }
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
