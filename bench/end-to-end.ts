/**
 * Question 2: a whole call over loopback HTTP, against Amazon's DynamoDB Local (started here
 * on a free port, on the machine's Java, and stopped by its PID) and against dynalite (in
 * this process). PartiQL runs only on DynamoDB Local: dynalite has no ExecuteStatement.
 */
import { startEmbedded } from '../src/execute/embedded.js'
import { javaMissing, startDynamoLocal } from '../test/support/dynamo-local.js'
import {
  defaultClient,
  documentClient,
  dqlNaive,
  dqlOn,
  dqlPrepared,
  dqlTag,
  dynamodbToolbox,
  electroDb,
  partiql,
  rawSdk,
  recommendedClient,
  seed,
  type Reader,
} from './fixtures.js'
import { boundReader } from './bound.js'
import { floorClient } from './floor.js'
import { dqlLean, leanReader } from './lean.js'
import { measureInterleaved, type InterleavedOptions, type QuestionResult } from './measure.js'

type Operation = 'getItem' | 'query'

/**
 * The rows of question 2 against one endpoint; each row has a client of its own. `withBound`:
 * the bound under the floor (bench/bound.ts), against DynamoDB Local only.
 */
export function endToEndRows(
  endpoint: string,
  operation: Operation,
  withPartiql: boolean,
  withBound = false,
) {
  const plain = () => defaultClient({ endpoint })
  const rows: { name: string; reader: Reader }[] = [
    { name: 'raw SDK', reader: rawSdk(plain()) },
    { name: 'dql (tag)', reader: dqlTag(dqlOn(plain())) },
    { name: 'dql (prepare)', reader: dqlPrepared(dqlOn(plain())) },
    { name: 'dql (naive: parse every call)', reader: dqlNaive(dqlOn(plain())) },
    { name: 'DocumentClient', reader: documentClient(plain()) },
    ...(withPartiql ? [{ name: 'PartiQL ExecuteStatement', reader: partiql(plain()) }] : []),
    { name: 'dynamodb-toolbox', reader: dynamodbToolbox(plain()) },
    { name: 'ElectroDB', reader: electroDb(plain()) },
    { name: 'raw SDK, recommended client', reader: rawSdk(recommendedClient({ endpoint })) },
    {
      name: 'dql (tag), recommended client',
      reader: dqlTag(dqlOn(recommendedClient({ endpoint }))),
    },
    { name: 'floor: hand-written signed request', reader: floorClient(endpoint) },
    { name: 'lean transport (the floor’s mapping)', reader: leanReader(endpoint) },
    { name: 'dql (tag), lean transport', reader: dqlLean(endpoint) },
    ...(withBound
      ? [{ name: 'bound: one pre-signed request, answer unread', reader: boundReader(endpoint) }]
      : []),
  ]
  return rows.map(({ name, reader }) => ({ name, fn: () => reader[operation]() }))
}

async function questions(
  engine: string,
  endpoint: string,
  withPartiql: boolean,
  options: EndToEndOptions,
): Promise<QuestionResult[]> {
  const id = engine === 'DynamoDB Local' ? 'local' : 'dynalite'
  return [
    await measureInterleaved(
      `e2e-${id}-get`,
      `Q2${id === 'local' ? 'a' : 'c'}. GetItem end to end over loopback, ${engine}`,
      endToEndRows(endpoint, 'getItem', withPartiql, id === 'local'),
      { ...options, clock: 'wall', calls: options.calls.getItem },
    ),
    await measureInterleaved(
      `e2e-${id}-query`,
      `Q2${id === 'local' ? 'b' : 'd'}. Query returning 100 items end to end over loopback, ${engine}`,
      endToEndRows(endpoint, 'query', withPartiql, id === 'local'),
      { ...options, clock: 'wall', calls: options.calls.query },
    ),
  ]
}

/** Runs question 2 on DynamoDB Local (skipped, with a note, without Java) and on dynalite. */
/** Rounds and slices of question 2, and the calls of a slice per operation (wall time). */
export type EndToEndOptions = Omit<InterleavedOptions, 'calls'> & {
  readonly calls: { readonly getItem: number; readonly query: number }
}

export async function endToEnd(options: EndToEndOptions): Promise<QuestionResult[]> {
  const results: QuestionResult[] = []
  const missing = javaMissing()
  if (missing !== undefined) {
    console.warn(`DynamoDB Local needs Java (${missing}); its end-to-end tables are skipped.`)
  } else {
    const local = await startDynamoLocal({ jvmOptions: LOCAL_JVM })
    try {
      await seed(defaultClient({ endpoint: local.endpoint }))
      await warmUp(local.endpoint, LOCAL_WARM_UP)
      results.push(...(await questions('DynamoDB Local', local.endpoint, true, options)))
    } finally {
      await local.stop()
    }
  }
  const embedded = await startEmbedded()
  try {
    await seed(embedded.client)
    await warmUp(embedded.endpoint, DYNALITE_WARM_UP)
    results.push(...(await questions('dynalite', embedded.endpoint, false, options)))
  } finally {
    await embedded.close()
  }
  return results
}

/**
 * Reads before measuring. DynamoDB Local's JVM keeps compiling its Query path for thousands of
 * requests (on the bench's machine, its CPU time per 100-item Query fell about fourfold over
 * the first 5,000), and while it compiles it competes for the machine's two cores: a question
 * measured then has every row waiting on a slower server. Every row runs after the same
 * warm-up.
 */
const LOCAL_WARM_UP = { gets: 3000, queries: 6000 }
/**
 * DynamoDB Local's JVM set up for the least time per request, the same for every row: the
 * parallel collector and a fixed 1 GB heap with a 512 MB young generation. Beside a second
 * DynamoDB Local on the default collector (G1), 100-item Queries alternating in batches of
 * 500, it took about 7% less wall time and 10% less server CPU per request.
 */
const LOCAL_JVM = ['-XX:+UseParallelGC', '-Xms1g', '-Xmn512m']
/** dynalite runs in this process, on V8, whose JIT settles sooner. */
const DYNALITE_WARM_UP = { gets: 1500, queries: 300 }

async function warmUp(
  endpoint: string,
  counts: { readonly gets: number; readonly queries: number },
): Promise<void> {
  const client = defaultClient({ endpoint })
  const raw = rawSdk(client)
  for (let i = 0; i < counts.gets; i++) await raw.getItem()
  for (let i = 0; i < counts.queries; i++) await raw.query()
  client.destroy()
}
