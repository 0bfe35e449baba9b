/**
 * The fault suite: faults injected through the client's request handler (under the lean
 * transport, the same handler served over HTTP in front of it): throttling, 500s and connection
 * resets in the middle of paginated reads and batches. Each read either completes with every
 * item or fails with DynamoDB's error — never a silent short result. Cancelling stops sending.
 *
 * "No later request" is shown without waiting on a clock: every command the client sends is
 * tracked until it settles, requests can be held in the handler until the test releases
 * them, and after a read has failed the test drains the event loop's queues (`drain`) and
 * checks that nothing was sent and nothing is in flight.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createDql, dql, type Dql } from '../../src/index.js'
import { localClient } from '../../src/execute/embedded.js'
import { createLeanTransport } from '../../src/execute/lean/index.js'
import { TEST_TRANSPORT } from './create-dql.js'
import { forwardTo, leanThrough, watched, type Handle } from './handler-server.js'
import { BIG_THREAD, BIG_THREAD_SIZE, dataSet, posts, seed, users, type DataSet } from './seed.js'

type Fault = 'throttle' | 'server-error' | 'reset' | 'invalid'

/** The commands a client has sent, each with a promise of its settling, and those in flight. */
interface Commands {
  readonly started: { readonly operation: string; readonly settled: Promise<void> }[]
  readonly inFlight: Set<Promise<void>>
}

/** Tracks every command `client` sends, from before its first middleware until it settles. */
function track(client: DynamoDBClient): Commands {
  const commands: Commands = { started: [], inFlight: new Set() }
  const onStart = follow(commands)
  client.middlewareStack.add(
    (next, context) => (args) => {
      const result = next(args)
      onStart(
        String(context.commandName).replace(/Command$/, ''),
        result.then(
          () => undefined,
          () => undefined,
        ),
      )
      return result
    },
    { step: 'initialize', priority: 'high', name: 'trackCommands' },
  )
  return commands
}

/** Adds each command to `commands` as it starts, until it settles. */
function follow(commands: Commands) {
  return (operation: string, settled: Promise<void>) => {
    commands.started.push({ operation, settled })
    commands.inFlight.add(settled)
    void settled.then(() => commands.inFlight.delete(settled))
  }
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' }

/**
 * Waits until every tracked command has settled and the event loop has run every callback
 * queued so far (one full turn, to its check phase), repeating while anything new started.
 * No clock is involved: what is left after it can only be a timer, and the reads here set
 * none outside a command.
 */
async function drain(commands: Commands): Promise<void> {
  for (;;) {
    await Promise.all([...commands.inFlight])
    await new Promise<void>((resolve) => setImmediate(resolve))
    if (commands.inFlight.size === 0) return
  }
}

/**
 * Decides, per request, whether to fail it: `(operation, n, body)` where n counts that
 * operation's requests and body is the request's JSON (a Scan's Segment, ExclusiveStartKey).
 */
type FaultPlan = (operation: string, n: number, body: Record<string, unknown>) => Fault | undefined

/** An engine to inject faults in front of: its endpoint and region, and how to stop it. */
export interface FaultTarget {
  readonly name: string
  readonly endpoint: string
  readonly region: string
  close(): Promise<void>
}

/** Registers the fault suite against the engine `start` gives. */
export function defineFaultSuite(start: () => Promise<FaultTarget>): void {
  const totals = { injected: 0, lost: 0 }
  let target: FaultTarget
  let data: DataSet

  beforeAll(async () => {
    target = await start()
    data = dataSet()
    const client = localClient(target.endpoint, target.region)
    try {
      await seed(client, data)
    } finally {
      client.destroy()
    }
  }, 180_000)
  afterAll(async () => {
    console.log(`faults on ${target?.name}: ${totals.injected} injected, ${totals.lost} items lost`)
    await target?.close()
  })

  /**
   * A client whose requests go through `plan`. `sent` lists the requests that reached the
   * engine; `attempts` counts every request, faulted or not; `commands` tracks every command
   * sent until it settles. Requests for which `hold` is true wait in the handler until
   * `release()`.
   */
  function faultyClient(
    plan: FaultPlan,
    options: { hold?: (operation: string, n: number) => boolean; concurrency?: number } = {},
  ) {
    const hold = options.hold
    const real = new NodeHttpHandler()
    const counts = new Map<string, number>()
    const sent: string[] = []
    const attempts = { count: 0 }
    const held: (() => void)[] = []
    let heldWaiter: { count: number; resolve: () => void } | undefined
    const handle: Handle = async (request, options) => {
      const target = String(request.headers['x-amz-target'] ?? '')
      const operation = target.slice(target.indexOf('.') + 1)
      const n = (counts.get(operation) ?? 0) + 1
      counts.set(operation, n)
      attempts.count++
      const body = bodyOf(request.body)
      const fault = plan(operation, n, body)
      if (fault === undefined) {
        if (hold?.(operation, n)) {
          await new Promise<void>((resolve) => {
            held.push(resolve)
            if (heldWaiter && held.length >= heldWaiter.count) heldWaiter.resolve()
          })
        }
        sent.push(operation)
        return pass(request, options)
      }
      totals.injected++
      if (fault === 'reset') {
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
      }
      const [status, type] =
        fault === 'throttle'
          ? [400, 'ProvisionedThroughputExceededException']
          : fault === 'invalid'
            ? [400, 'ValidationException']
            : [500, 'InternalServerError']
      return {
        response: {
          statusCode: status,
          reason: fault,
          headers: { 'content-type': 'application/x-amz-json-1.0' },
          body: Readable.from([
            Buffer.from(
              JSON.stringify({
                __type: `com.amazonaws.dynamodb.v20120810#${type}`,
                message: `injected ${fault}`,
              }),
            ),
          ]),
        },
      }
    }
    const pass: Handle =
      TEST_TRANSPORT === 'lean'
        ? forwardTo(target.endpoint)
        : (request, options) => real.handle(request as never, options as never) as never
    const settings = {
      tables: [posts, users],
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    }
    let client: { destroy(): void }
    let commands: Commands
    let db: Dql
    if (TEST_TRANSPORT === 'lean') {
      // The same handler, served over HTTP, in front of the lean transport.
      const lean = leanThrough(handle, (endpoint) =>
        createLeanTransport({ endpoint, region: target.region, credentials: LOCAL_CREDENTIALS }),
      )
      commands = { started: [], inFlight: new Set() }
      db = createDql({ ...settings, transport: watched(lean.transport, follow(commands)) })
      client = lean
    } else {
      const sdk = new DynamoDBClient({
        endpoint: target.endpoint,
        region: target.region,
        credentials: LOCAL_CREDENTIALS,
        requestHandler: {
          handle,
          updateHttpClientConfig: () => {},
          httpHandlerConfigs: () => ({}),
          destroy: () => real.destroy(),
        } as unknown as NodeHttpHandler,
      })
      commands = track(sdk)
      db = createDql({ ...settings, client: sdk })
      client = sdk
    }
    return {
      client,
      db,
      sent,
      attempts,
      commands,
      /** Resolves once `count` requests are held in the handler. */
      held: (count: number) =>
        held.length >= count
          ? Promise.resolve()
          : new Promise<void>((resolve) => (heldWaiter = { count, resolve })),
      /** Lets every held request go on to the engine. */
      release: () => held.splice(0).forEach((go) => go()),
    }
  }

  const bigThread = () => data.posts.filter((r) => r.Id === BIG_THREAD).map((r) => r.Seq)

  async function readAll(db: Dql) {
    const items = await db.all(dql`SELECT Seq FROM posts WHERE Id = ${BIG_THREAD}`)
    const seqs = items.map((item) => item.Seq)
    totals.lost += Math.max(0, BIG_THREAD_SIZE - new Set(seqs).size)
    return seqs
  }

  describe('transient faults in a paginated Query are retried and lose nothing', () => {
    test.each<[string, FaultPlan]>([
      [
        'throttling on pages 2 and 3',
        (op, n) => (op === 'Query' && (n === 2 || n === 4) ? 'throttle' : undefined),
      ],
      ['a 500 on page 2', (op, n) => (op === 'Query' && n === 2 ? 'server-error' : undefined)],
      [
        'a connection reset on page 3',
        (op, n) => (op === 'Query' && n === 3 ? 'reset' : undefined),
      ],
    ])('%s', async (_, plan) => {
      const { client, db, sent } = faultyClient(plan)
      try {
        expect(await readAll(db)).toEqual(bigThread())
        expect(sent.length).toBeGreaterThan(1)
        expect(sent.every((op) => op === 'Query')).toBe(true)
      } finally {
        client.destroy()
      }
    })

    test('COUNT(*) over faulty pages is exact', async () => {
      const { client, db } = faultyClient((op, n) =>
        op === 'Query' && n % 2 === 0 ? 'throttle' : undefined,
      )
      try {
        expect(await db.count(dql`FROM posts WHERE Id = ${BIG_THREAD}`)).toBe(BIG_THREAD_SIZE)
      } finally {
        client.destroy()
      }
    })

    test('a Scan survives resets', async () => {
      const { client, db } = faultyClient((op, n) =>
        op === 'Scan' && n % 3 === 2 ? 'reset' : undefined,
      )
      try {
        const items = await db.all(dql`SCAN userId FROM users WHERE status = ${'active'}`)
        expect(items.map((i) => i.userId).sort()).toEqual(
          data.users
            .filter((r) => r.status === 'active')
            .map((r) => r.userId)
            .sort(),
        )
      } finally {
        client.destroy()
      }
    })

    test('a throttled BatchGetItem is retried and returns every key', async () => {
      const ids = data.users.slice(0, 250).map((r) => r.userId as string)
      const { client, db } = faultyClient((op, n) =>
        op === 'BatchGetItem' && n <= 2 ? 'throttle' : undefined,
      )
      try {
        const items = await db.all(dql`SELECT userId FROM users WHERE userId IN ${ids}`)
        expect(items).toEqual(ids.map((userId) => ({ userId })))
      } finally {
        client.destroy()
      }
    })
  })

  describe('a fault that does not pass is an error, never a short result', () => {
    test("persistent throttling on page 3: all() rejects with DynamoDB's error, and sends nothing after", async () => {
      const { client, db, attempts, commands } = faultyClient((op, n) =>
        op === 'Query' && n >= 3 ? 'throttle' : undefined,
      )
      try {
        await expect(readAll(db)).rejects.toMatchObject({
          name: 'ProvisionedThroughputExceededException',
        })
        expect(commands.inFlight.size).toBe(0)
        const atRejection = attempts.count
        await drain(commands)
        expect(attempts.count).toBe(atRejection)
      } finally {
        client.destroy()
      }
    })

    test('iterate yields the pages it read, then throws: the consumer always sees the failure', async () => {
      const { client, db, attempts, commands } = faultyClient((op, n) =>
        op === 'Query' && n >= 2 ? 'server-error' : undefined,
      )
      let seen = 0
      try {
        const run = async () => {
          for await (const _ of db.iterate(dql`SELECT Seq FROM posts WHERE Id = ${BIG_THREAD}`))
            seen++
        }
        await expect(run()).rejects.toMatchObject({ name: 'InternalServerError' })
        expect(seen).toBeGreaterThan(0)
        expect(seen).toBeLessThan(BIG_THREAD_SIZE)
        expect(commands.inFlight.size).toBe(0)
        const atRejection = attempts.count
        await drain(commands)
        expect(attempts.count).toBe(atRejection)
      } finally {
        client.destroy()
      }
    })
  })

  describe('one Query per key', () => {
    test("when one key's Query fails for good, all() rejects and no further key is read", async () => {
      const ids = data.users.slice(0, 24).map((r) => r.userId as string)
      // Four Queries at a time: the first to reach the engine fails at once (not retried);
      // the other three are held in the handler until dql has seen that failure.
      const faulty = faultyClient((op, n) => (op === 'Query' && n === 1 ? 'invalid' : undefined), {
        hold: (op, n) => op === 'Query' && n <= 4,
        concurrency: 4,
      })
      const { client, db, sent, attempts, commands } = faulty
      try {
        const outcome = db
          .all(dql`SELECT userId FROM users WHERE userId IN ${ids} AND status <> ${'gone'}`)
          .then(
            () => 'resolved',
            (error: unknown) => error,
          )
        await faulty.held(3)
        // Held Queries cannot settle, so the first command to settle is the failed one; then
        // one turn of the event loop runs whatever dql does on that failure.
        await Promise.race(commands.started.map((c) => c.settled))
        await new Promise<void>((resolve) => setImmediate(resolve))
        expect(commands.started).toHaveLength(4)
        faulty.release()
        expect(await outcome).toMatchObject({ name: 'ValidationException' })
        // dql settled the three Queries in flight before rejecting, and took no other key.
        expect(commands.inFlight.size).toBe(0)
        expect(commands.started).toHaveLength(4)
        expect(attempts.count).toBe(4)
        expect(sent).toEqual(['Query', 'Query', 'Query'])
        // Nor later: nothing is sent once every callback queued so far has run.
        await drain(commands)
        expect(commands.started).toHaveLength(4)
        expect(attempts.count).toBe(4)
      } finally {
        faulty.release()
        client.destroy()
      }
    })
  })

  describe('a parallel Scan (SEGMENTS) with a fault on one segment', () => {
    const everyPost = () => data.posts.map((r) => `${r.Id}|${r.Seq}`).sort()
    const keysOf = (items: Record<string, unknown>[]) =>
      items.map((item) => `${item.Id}|${item.Seq}`).sort()
    /** The second page of one segment: the first Scan that continues after a key. */
    const secondPage = (fault: Fault): FaultPlan => {
      let faulted = false
      return (op, _, body) => {
        if (op !== 'Scan' || faulted || body.ExclusiveStartKey === undefined) return undefined
        faulted = true
        return fault
      }
    }

    test.each<[string, Fault]>([
      ['throttling', 'throttle'],
      ['a connection reset', 'reset'],
      ['a 500', 'server-error'],
    ])(
      "%s on one segment's second page is retried: no item lost or duplicated",
      async (_, fault) => {
        const plan = secondPage(fault)
        let segments = new Set<unknown>()
        let injected = 0
        const { client, db, sent } = faultyClient((op, n, body) => {
          if (op === 'Scan') segments.add(body.Segment)
          const decided = plan(op, n, body)
          if (decided !== undefined) injected++
          return decided
        })
        try {
          const items = await db.all(dql`SCAN Id, Seq FROM posts SEGMENTS 4`)
          totals.lost += Math.max(0, everyPost().length - new Set(keysOf(items)).size)
          expect(keysOf(items)).toEqual(everyPost())
          expect(segments).toEqual(new Set([0, 1, 2, 3]))
          // The big thread's segment has several pages, and the faulted one was sent again.
          expect(sent.length).toBeGreaterThan(4)
          expect(injected).toBe(1)
        } finally {
          segments = new Set()
          client.destroy()
        }
      },
    )

    test('a failure that does not pass stops every segment: all() rejects, nothing is sent after', async () => {
      const { client, db, attempts, commands } = faultyClient(secondPage('invalid'), {
        concurrency: 4,
      })
      try {
        await expect(db.all(dql`SCAN Id, Seq FROM posts SEGMENTS 16`)).rejects.toMatchObject({
          name: 'ValidationException',
        })
        // The other segments' requests in flight were settled before the rejection.
        expect(commands.inFlight.size).toBe(0)
        const atRejection = attempts.count
        await drain(commands)
        expect(attempts.count).toBe(atRejection)
      } finally {
        client.destroy()
      }
    })

    test("when one segment's first request fails for good, no other segment is started", async () => {
      // Four segments in flight of eight: the first to reach the engine fails at once (not
      // retried); the other three are held in the handler until dql has seen that failure.
      const faulty = faultyClient((op, n) => (op === 'Scan' && n === 1 ? 'invalid' : undefined), {
        hold: (op, n) => op === 'Scan' && n <= 4,
        concurrency: 4,
      })
      const { client, db, sent, attempts, commands } = faulty
      try {
        const outcome = db.all(dql`SCAN Id, Seq FROM posts SEGMENTS 8`).then(
          () => 'resolved',
          (error: unknown) => error,
        )
        await faulty.held(3)
        await Promise.race(commands.started.map((c) => c.settled))
        await new Promise<void>((resolve) => setImmediate(resolve))
        expect(commands.started).toHaveLength(4)
        faulty.release()
        expect(await outcome).toMatchObject({ name: 'ValidationException' })
        // The three segments in flight were settled before the rejection; no fifth was begun.
        expect(commands.inFlight.size).toBe(0)
        expect(attempts.count).toBe(4)
        expect(sent).toEqual(['Scan', 'Scan', 'Scan'])
        await drain(commands)
        expect(commands.started).toHaveLength(4)
        expect(attempts.count).toBe(4)
      } finally {
        faulty.release()
        client.destroy()
      }
    })

    test('iterate and count surface the failure too', async () => {
      const iterated = faultyClient(secondPage('invalid'))
      const counted = faultyClient(secondPage('invalid'))
      try {
        const run = async () => {
          for await (const _ of iterated.db.iterate(dql`SCAN Id FROM posts SEGMENTS 4`));
        }
        await expect(run()).rejects.toMatchObject({ name: 'ValidationException' })
        expect(iterated.commands.inFlight.size).toBe(0)
        await expect(counted.db.count(dql`SCAN FROM posts SEGMENTS 4`)).rejects.toMatchObject({
          name: 'ValidationException',
        })
        expect(counted.commands.inFlight.size).toBe(0)
      } finally {
        iterated.client.destroy()
        counted.client.destroy()
      }
    })

    test('LIMIT reached: every segment stops, and no request follows', async () => {
      const { client, db, attempts, commands } = faultyClient(() => undefined)
      try {
        const items = await db.all(
          dql`SCAN Id, Seq FROM posts WHERE Votes >= ${0} LIMIT 40 SEGMENTS 8`,
        )
        expect(items).toHaveLength(40)
        expect(new Set(keysOf(items)).size).toBe(40)
        expect(commands.inFlight.size).toBe(0)
        const atResult = attempts.count
        await drain(commands)
        expect(attempts.count).toBe(atResult)
      } finally {
        client.destroy()
      }
    })
  })

  describe('cancelling stops sending', () => {
    test('an AbortSignal ends iterate and no request follows', async () => {
      const { client, db, sent, commands } = faultyClient(() => undefined)
      const controller = new AbortController()
      let seen = 0
      try {
        const run = async () => {
          for await (const _ of db.iterate(dql`FROM posts WHERE Id = ${BIG_THREAD}`, {
            signal: controller.signal,
          })) {
            if (++seen === 10) controller.abort()
          }
        }
        await expect(run()).rejects.toMatchObject({ name: 'AbortError' })
        expect(seen).toBe(10)
        expect(commands.inFlight.size).toBe(0)
        expect(commands.started.map((c) => c.operation)).toEqual(['Query'])
        await drain(commands)
        expect(commands.started.map((c) => c.operation)).toEqual(['Query'])
        expect(sent).toEqual(['Query'])
      } finally {
        client.destroy()
      }
    })

    test('an aborted signal stops all() before any request', async () => {
      const { client, db, sent, commands } = faultyClient(() => undefined)
      try {
        const controller = new AbortController()
        controller.abort()
        await expect(
          db.all(dql`FROM posts WHERE Id = ${BIG_THREAD}`, { signal: controller.signal }),
        ).rejects.toMatchObject({ name: 'AbortError' })
        await drain(commands)
        expect(commands.started).toEqual([])
        expect(sent).toEqual([])
      } finally {
        client.destroy()
      }
    })
  })
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A request's JSON body, whether the SDK gives it as text or bytes. */
function bodyOf(body: unknown): Record<string, unknown> {
  const text =
    typeof body === 'string'
      ? body
      : body instanceof Uint8Array
        ? Buffer.from(body).toString('utf8')
        : undefined
  const parsed: unknown = text === undefined ? {} : JSON.parse(text)
  return isObject(parsed) ? parsed : {}
}
