/**
 * The write fault suite: faults injected between the client and the engine while batches and
 * transactions are written — UnprocessedItems on every other BatchWriteItem answer, throttling
 * and connection resets in the middle of a batch, a transaction whose answer is lost. Every
 * batch either writes every item, each sent to the engine once, or fails naming exactly the
 * keys it did not write; a transaction sent again is applied once (a counter that would
 * double shows it). The faults are chosen by a seeded generator: the seed is printed.
 */
import {
  CreateTableCommand,
  ScanCommand,
  type DynamoDBClient,
  type TransactWriteItem,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { defineTable, DqlError } from '../../src/index.js'
import { batchWrite, type BatchWriteContext } from '../../src/execute/batch-write.js'
import { localClient } from '../../src/execute/embedded.js'
import { transactWrite } from '../../src/execute/transact.js'
import { intercepted as intercept, type Action, type Decide } from './intercept.js'

/**
 * `decide`, except that a request body it just faulted passes on its next attempt. The SDK makes
 * three attempts; with requests in flight side by side, a fault on every n-th arrival could
 * land on all three attempts of one request and fail the batch (as it should, but that is
 * another test).
 */
function notTwice(decide: Decide): Decide {
  const faulted = new Set<string>()
  return (op, n, input) => {
    const body = JSON.stringify(input)
    if (faulted.delete(body)) return undefined
    const action = decide(op, n, input)
    if (action !== undefined) faulted.add(body)
    return action
  }
}

/** An engine to write to: its endpoint and region, and how to stop it. */
export interface WriteFaultTarget {
  readonly name: string
  readonly endpoint: string
  readonly region: string
  close(): Promise<void>
}

const SEED = 20261201

/** mulberry32: a small seeded generator, so that a failing run can be repeated. */
function generator(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const rows = defineTable({
  name: 'rows',
  tableName: 'wf-rows',
  partitionKey: 'batch_id',
  sortKey: 'n',
  fields: { batch: 'batch_id' },
})

/** Registers the suite; the transaction part only where the engine has transactions. */
function numberOf(request: WriteRequest): string {
  return request.PutRequest?.Item?.n?.N ?? request.DeleteRequest?.Key?.n?.N ?? ''
}

export function defineWriteFaultSuite(
  start: () => Promise<WriteFaultTarget>,
  engine: { readonly transactions: boolean },
): void {
  const totals = { injected: 0, lost: 0, twice: 0 }
  let target: WriteFaultTarget
  let raw: DynamoDBClient

  beforeAll(async () => {
    target = await start()
    raw = localClient(target.endpoint, target.region)
    await raw.send(
      new CreateTableCommand({
        TableName: 'wf-rows',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'batch_id', AttributeType: 'S' },
          { AttributeName: 'n', AttributeType: 'N' },
        ],
        KeySchema: [
          { AttributeName: 'batch_id', KeyType: 'HASH' },
          { AttributeName: 'n', KeyType: 'RANGE' },
        ],
      }),
    )
  }, 180_000)
  afterAll(async () => {
    console.log(
      `write faults on ${target?.name} (seed ${SEED}): ${totals.injected} injected, ` +
        `${totals.lost} items lost, ${totals.twice} written twice`,
    )
    raw?.destroy()
    await target?.close()
  })

  /** Puts of items `batch`/1…n. */
  const puts = (batch: string, n: number): WriteRequest[] =>
    Array.from({ length: n }, (_, i) => ({
      PutRequest: { Item: { batch_id: { S: batch }, n: { N: String(i + 1) }, v: { S: 'x' } } },
    }))

  /** The numbers stored under `batch`, read back with the raw SDK, sorted. */
  async function stored(batch: string): Promise<number[]> {
    const out: number[] = []
    let start: Record<string, never> | undefined
    do {
      const page = await raw.send(
        new ScanCommand({
          TableName: 'wf-rows',
          FilterExpression: 'batch_id = :b',
          ExpressionAttributeValues: { ':b': { S: batch } },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      )
      for (const item of page.Items ?? []) out.push(Number(item.n?.N))
      start = page.LastEvaluatedKey as Record<string, never> | undefined
    } while (start)
    return out.sort((a, b) => a - b)
  }

  function writer(decide: Decide, attempts = 10) {
    const intercepted = intercept(target.endpoint, target.region, decide)
    const context: BatchWriteContext = {
      transport: intercepted.transport,
      table: rows,
      numbers: 'number',
      concurrency: 4,
      retry: { attempts, baseDelayMs: 1, maxDelayMs: 5 },
      requestTimeoutMs: 20_000,
    }
    return { ...intercepted, context }
  }

  /** How many times each item number reached the engine as a write that was applied. */
  function applied(reached: { operation: string; input: Record<string, unknown> }[]) {
    const times = new Map<number, number>()
    for (const { operation, input } of reached) {
      if (operation !== 'BatchWriteItem') continue
      for (const requests of Object.values(input.RequestItems as Record<string, WriteRequest[]>)) {
        for (const request of requests) {
          const n = Number(numberOf(request))
          times.set(n, (times.get(n) ?? 0) + 1)
        }
      }
    }
    return times
  }

  /** Writes `count` items under `batch` through `decide`; checks all are stored, each sent once. */
  async function writesEverything(batch: string, count: number, decide: Decide) {
    const { destroy, context, reached, injected } = writer(decide)
    try {
      expect(await batchWrite(context, puts(batch, count))).toBe(count)
      totals.injected += injected.count
      const numbers = await stored(batch)
      totals.lost += count - numbers.length
      const times = applied(reached)
      const twice = [...times.values()].filter((t) => t > 1).length
      totals.twice += twice
      expect(numbers).toEqual(Array.from({ length: count }, (_, i) => i + 1))
      expect(twice).toBe(0)
      expect(times.size).toBe(count)
      return injected.count
    } finally {
      destroy()
    }
  }

  describe('a batch write under faults writes every item, each once', () => {
    const random = generator(SEED)
    const someHalf: Action = { unprocess: (requests) => requests.filter(() => random() < 0.5) }

    test('UnprocessedItems on every other BatchWriteItem answer (1,000 items)', async () => {
      const injected = await writesEverything('every-other', 1000, (op, n) =>
        op === 'BatchWriteItem' && n % 2 === 0 ? someHalf : undefined,
      )
      expect(injected).toBeGreaterThan(10)
    })

    test('throttling in the middle of the batch (every third request, retried by the SDK)', async () => {
      const injected = await writesEverything(
        'throttled',
        500,
        notTwice((op, n) => (op === 'BatchWriteItem' && n % 3 === 2 ? 'throttle' : undefined)),
      )
      expect(injected).toBeGreaterThan(3)
    })

    test('connection resets in the middle of the batch, before the request arrives', async () => {
      const injected = await writesEverything(
        'reset',
        500,
        notTwice((op, n) => (op === 'BatchWriteItem' && n % 4 === 3 ? 'reset' : undefined)),
      )
      expect(injected).toBeGreaterThan(3)
    })

    test('all three at once, chosen at random (never twice in a row on one request)', async () => {
      // The SDK makes three attempts: a request faulted on every one would fail the batch
      // (as it should; see below). So a request body that was just faulted passes next time.
      const faulted = new Set<string>()
      const injected = await writesEverything('mixed', 750, (op, _, input) => {
        if (op !== 'BatchWriteItem') return undefined
        const body = JSON.stringify(input)
        if (faulted.delete(body)) return undefined
        const roll = random()
        const fault =
          roll < 0.2 ? someHalf : roll < 0.3 ? 'throttle' : roll < 0.4 ? 'reset' : undefined
        if (fault === 'throttle' || fault === 'reset') faulted.add(body)
        return fault
      })
      expect(injected).toBeGreaterThan(3)
    })
  })

  describe('an exhausted budget is an error naming exactly the unwritten keys', () => {
    test('keys never processed, chosen at random, are exactly error.unprocessed', async () => {
      const random = generator(SEED + 1)
      const stuck = new Set<string>()
      for (let n = 1; n <= 300; n++) if (random() < 0.03) stuck.add(String(n))
      const { destroy, context, injected } = writer(
        () => ({
          unprocess: (requests) => requests.filter((r) => !stuck.has(numberOf(r as WriteRequest))),
        }),
        3,
      )
      try {
        const error = await batchWrite(context, puts('stuck', 300)).then(
          () => undefined,
          (caught: unknown) => caught,
        )
        totals.injected += injected.count
        expect(error).toBeInstanceOf(DqlError)
        const failed = error as DqlError
        const numbers = await stored('stuck')
        const missing = Array.from({ length: 300 }, (_, i) => i + 1).filter(
          (n) => !numbers.includes(n),
        )
        totals.lost += missing.length - (failed.unprocessed?.length ?? 0)
        expect(failed.code).toBe('execute.unprocessed-items')
        expect(stuck.size).toBeGreaterThan(0)
        expect(failed.unprocessed).toEqual(missing.map((n) => ({ batch: 'stuck', n })))
        // The stuck keys, and the chunks never started once the first chunk gave up.
        expect([...stuck].every((n) => missing.includes(Number(n)))).toBe(true)
        expect(failed.written).toBe(numbers.length)
      } finally {
        destroy()
      }
    })
  })

  if (!engine.transactions) return
  describe('a transaction under faults is applied once', () => {
    const add = (batch: string): TransactWriteItem => ({
      Update: {
        TableName: 'wf-rows',
        Key: { batch_id: { S: batch }, n: { N: '0' } },
        UpdateExpression: 'ADD #c :one',
        ExpressionAttributeNames: { '#c': 'counter' },
        ExpressionAttributeValues: { ':one': { N: '1' } },
      },
    })

    test.each<[string, (n: number) => Action]>([
      ['throttled on its first attempt', (n) => (n % 2 === 1 ? 'throttle' : undefined)],
      ['reset before it arrives', (n) => (n % 2 === 1 ? 'reset' : undefined)],
      [
        'reset after it was applied (the answer is lost)',
        (n) => (n % 2 === 1 ? 'reset-after' : undefined),
      ],
    ])('20 transactions, each %s: the counters are exactly 20', async (name, fault) => {
      const batch = `tx-${name.replace(/\W+/g, '-')}`
      const { transport, destroy, reached, injected } = intercept(
        target.endpoint,
        target.region,
        (op, n) => (op === 'TransactWriteItems' ? fault(n) : undefined),
      )
      const context = {
        transport,
        numbers: 'number' as const,
        retry: { attempts: 10, baseDelayMs: 1, maxDelayMs: 5 },
        requestTimeoutMs: 20_000,
      }
      try {
        for (let i = 0; i < 20; i++) {
          expect(
            await transactWrite(context, { TransactItems: [add(batch), add(`${batch}-b`)] }, [
              rows,
              rows,
            ]),
          ).toBe(2)
        }
        totals.injected += injected.count
        const counter = async (b: string) => {
          const page = await raw.send(
            new ScanCommand({
              TableName: 'wf-rows',
              FilterExpression: 'batch_id = :b',
              ExpressionAttributeValues: { ':b': { S: b } },
            }),
          )
          return page.Items?.map((item) => item.counter?.N)
        }
        const counts = [await counter(batch), await counter(`${batch}-b`)]
        totals.twice += counts.flat().reduce((sum, c) => sum + Math.max(0, Number(c) - 20), 0)
        expect(counts).toEqual([['20'], ['20']])
        expect(injected.count).toBe(20)
        // Each transaction reached the engine once, or twice with one token when the first
        // answer was lost.
        const tokens = reached.map((r) => r.input.ClientRequestToken)
        expect(new Set(tokens).size).toBe(20)
      } finally {
        destroy()
      }
    })
  })
}
