/**
 * Question 4: cold start. Each row runs in a fresh Node process (a script written next to the
 * compiled bench, so `dql` resolves to the built package and the peers to node_modules), the
 * rows interleaved and rotated round by round. A process times its own import and its first
 * command with `performance.now()` and `process.cpuUsage()`, so Node's own start-up, the same
 * for every row, is left out. Then each library's one-GetItem Lambda handler is bundled with
 * esbuild (minified, SDK inside): its bytes, and the import of the bundle timed the same way;
 * dql's on each transport, with and without its statements precompiled by `dql/esbuild`. Last,
 * the whole way to a first answer: import, client, one GetItem sent to a stub server in another
 * process and its item read, for the raw SDK and for dql on each transport.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'
import { dqlPrecompile } from '../src/check/esbuild-plugin.js'
import { startStubServer } from './client-cpu.js'
import { median, quartiles } from './measure.js'

/** A library's cold path: what it imports, then its first GetItem request built (not sent). */
interface ColdLibrary {
  readonly name: string
  readonly slug: string
  /** Statements that import the library (top-level await allowed). */
  readonly imports: string
  /** Statements that build a client and the first GetItem request, from the imports. */
  readonly first: string
  /** A Lambda handler module doing one GetItem, for the bundle. */
  readonly handler: string
}

const KEY = `{ card_bin: '411111', card_bin_extended: '41111111' }`
const CONFIG = `{ region: 'us-east-1', credentials: { accessKeyId: 'k', secretAccessKey: 's' } }`
const TOOLBOX_TABLE = `new Table({ name: 'bins', partitionKey: { name: 'card_bin', type: 'string' }, sortKey: { name: 'card_bin_extended', type: 'string' }, documentClient })
const entity = new Entity({ name: 'Bin', table, entityAttribute: false, timestamps: false, schema: item({ card_bin: string().key(), card_bin_extended: string().key(), issuer_name: string() }) })`
const ELECTRO_ENTITY = `new Entity({ model: { entity: 'bin', version: '1', service: 'bench' }, attributes: { cardBin: { type: 'string', field: 'card_bin' }, cardBinExtended: { type: 'string', field: 'card_bin_extended' }, issuer: { type: 'string', field: 'issuer_name' } }, indexes: { primary: { pk: { field: 'card_bin', composite: ['cardBin'], template: '\${cardBin}', casing: 'none' }, sk: { field: 'card_bin_extended', composite: ['cardBinExtended'], template: '\${cardBinExtended}', casing: 'none' } } } }, { client: documentClient, table: 'bins' })`

const DQL: ColdLibrary = {
  name: 'dql',
  slug: 'dql',
  imports: `const { createDql, defineTable, dql } = await import('dql')`,
  first: `const db = createDql({ ...${CONFIG}, tables: [defineTable({ name: 'bins', partitionKey: 'card_bin', sortKey: 'card_bin_extended' })] })
const started = performance.now()
globalThis.out = db.explain(dql\`FROM bins WHERE card_bin = \${'411111'} AND card_bin_extended = \${'41111111'}\`).input
extra.statementMs = performance.now() - started`,
  handler: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createDql, defineTable } from 'dql'
const db = createDql({ client: new DynamoDBClient({}), tables: [defineTable({ name: 'bins', partitionKey: 'card_bin', sortKey: 'card_bin_extended' })] })
export const handler = (event) => db.first\`FROM bins WHERE card_bin = \${event.bin} AND card_bin_extended = \${event.ext}\``,
}

/** dql's handler on the lean transport: no SDK client (region and credentials from Lambda's environment). */
const DQL_LEAN_HANDLER = `import { createDql, defineTable } from 'dql/lean'
const db = createDql({ transport: 'lean', tables: [defineTable({ name: 'bins', partitionKey: 'card_bin', sortKey: 'card_bin_extended' })] })
export const handler = (event) => db.first\`FROM bins WHERE card_bin = \${event.bin} AND card_bin_extended = \${event.ext}\``

/** The way to a first answer, against the stub server whose endpoint is in DQL_BENCH_STUB. */
const STUB_CONFIG = `{ region: 'us-east-1', endpoint: process.env.DQL_BENCH_STUB, credentials: { accessKeyId: 'k', secretAccessKey: 's' } }`
const DQL_FIRST = (
  transport: string,
) => `const db = createDql({ ${transport}...${STUB_CONFIG}, tables: [defineTable({ name: 'bins', partitionKey: 'card_bin', sortKey: 'card_bin_extended' })] })
globalThis.out = await db.first\`FROM bins WHERE card_bin = \${'411111'} AND card_bin_extended = \${'41111111'}\``
export const ANSWERED: readonly { name: string; slug: string; imports: string; first: string }[] = [
  {
    name: 'raw SDK',
    slug: 'answered-sdk',
    imports: `const { DynamoDBClient, GetItemCommand } = await import('@aws-sdk/client-dynamodb')
const { unmarshall } = await import('@aws-sdk/util-dynamodb')`,
    first: `const client = new DynamoDBClient(${STUB_CONFIG})
const { Item } = await client.send(new GetItemCommand({ TableName: 'bins', Key: { card_bin: { S: '411111' }, card_bin_extended: { S: '41111111' } } }))
globalThis.out = unmarshall(Item)`,
  },
  {
    name: 'dql, SDK transport',
    slug: 'answered-dql',
    imports: `const { createDql, defineTable } = await import('dql')`,
    first: DQL_FIRST(''),
  },
  {
    name: 'dql, lean transport',
    slug: 'answered-dql-lean',
    imports: `const { createDql, defineTable } = await import('dql')`,
    first: DQL_FIRST(`transport: 'lean', `),
  },
]

export const LIBRARIES: readonly ColdLibrary[] = [
  {
    name: 'raw SDK',
    slug: 'sdk',
    imports: `const { DynamoDBClient, GetItemCommand } = await import('@aws-sdk/client-dynamodb')`,
    first: `const client = new DynamoDBClient(${CONFIG})
globalThis.out = new GetItemCommand({ TableName: 'bins', Key: { card_bin: { S: '411111' }, card_bin_extended: { S: '41111111' } } })`,
    handler: `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
const client = new DynamoDBClient({})
export const handler = async (event) => {
  const { Item } = await client.send(new GetItemCommand({ TableName: 'bins', Key: { card_bin: { S: event.bin }, card_bin_extended: { S: event.ext } } }))
  return Item && unmarshall(Item)
}`,
  },
  DQL,
  {
    name: 'DocumentClient',
    slug: 'document-client',
    imports: `const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb')
const { DynamoDBDocumentClient, GetCommand } = await import('@aws-sdk/lib-dynamodb')`,
    first: `const client = DynamoDBDocumentClient.from(new DynamoDBClient(${CONFIG}))
globalThis.out = new GetCommand({ TableName: 'bins', Key: ${KEY} })`,
    handler: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}))
export const handler = async (event) => (await client.send(new GetCommand({ TableName: 'bins', Key: { card_bin: event.bin, card_bin_extended: event.ext } }))).Item`,
  },
  {
    name: 'dynamodb-toolbox',
    slug: 'toolbox',
    imports: `const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb')
const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb')
const { Table, Entity, item, string, GetItemCommand } = await import('dynamodb-toolbox')`,
    first: `const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient(${CONFIG}))
const table = ${TOOLBOX_TABLE}
globalThis.out = entity.build(GetItemCommand).key(${KEY}).params()`,
    handler: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { Table, Entity, item, string, GetItemCommand } from 'dynamodb-toolbox'
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}))
const table = ${TOOLBOX_TABLE}
export const handler = async (event) => (await entity.build(GetItemCommand).key({ card_bin: event.bin, card_bin_extended: event.ext }).send()).Item`,
  },
  {
    name: 'ElectroDB',
    slug: 'electrodb',
    imports: `const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb')
const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb')
const { Entity } = await import('electrodb')`,
    first: `const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient(${CONFIG}))
const entity = ${ELECTRO_ENTITY}
globalThis.out = entity.get({ cardBin: '411111', cardBinExtended: '41111111' }).params()`,
    handler: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { Entity } from 'electrodb'
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}))
const entity = ${ELECTRO_ENTITY}
export const handler = async (event) => (await entity.get({ cardBin: event.bin, cardBinExtended: event.ext }).go({ ignoreOwnership: true })).data`,
  },
]

/** What one fresh process measured of itself, in milliseconds. */
interface Sample {
  readonly importMs: number
  readonly importCpuMs: number
  readonly firstMs: number
  readonly firstCpuMs: number
  readonly statementMs?: number
}

/** A figure over rounds: median, and the interquartile range of the per-round values. */
export interface Spread {
  readonly median: number
  readonly q1: number
  readonly q3: number
}

export interface ColdRow {
  readonly name: string
  /** Import, and import + first request built: wall ms in the process, median over rounds. */
  readonly importMs: Spread
  readonly firstMs: Spread
  /** The same, beyond the raw SDK's in the same round (ms). */
  readonly importBeyondSdkMs: Spread
  readonly firstBeyondSdkMs: Spread
  /** CPU ms (user + system) of import + first request, beyond the raw SDK's in the same round. */
  readonly firstCpuBeyondSdkMs: Spread
  /** dql only: its first statement in the fresh process (grammar built, lexed, parsed, planned). */
  readonly statementMs?: Spread
}

export interface BundleRow {
  readonly name: string
  readonly bytes: number
  readonly importMs: Spread
  readonly importBeyondSdkMs: Spread
}

/** Import, client and one GetItem answered by the stub server, in a fresh process. */
export interface AnsweredRow {
  readonly name: string
  readonly firstMs: Spread
  readonly firstCpuMs: Spread
  /** Beyond the raw SDK's in the same round. */
  readonly firstBeyondSdkMs: Spread
  readonly firstCpuBeyondSdkMs: Spread
}

export interface ColdStartResult {
  readonly rounds: number
  readonly rows: readonly ColdRow[]
  readonly bundles: readonly BundleRow[]
  readonly answered: readonly AnsweredRow[]
}

const PROBE = (imports: string, first: string) => `const extra = {}
const cpu = (c) => (c.user + c.system) / 1000
const t0 = performance.now()
const c0 = process.cpuUsage()
${imports}
const t1 = performance.now()
const c1 = process.cpuUsage(c0)
${first}
const t2 = performance.now()
const c2 = process.cpuUsage(c0)
process.stdout.write(JSON.stringify({ importMs: t1 - t0, importCpuMs: cpu(c1), firstMs: t2 - t0, firstCpuMs: cpu(c2), ...extra }), () => process.exit(0))
`

export async function coldStart(options: { rounds: number }): Promise<ColdStartResult> {
  const here = dirname(fileURLToPath(import.meta.url))
  // dist-bench/bench → dist-bench/cold: inside the package, so `dql` resolves to dist/.
  const dir = join(here, '..', 'cold')
  mkdirSync(dir, { recursive: true })
  const probes: string[] = []
  const bundleProbes: string[] = []
  const bytes: number[] = []
  // Each library's handler; dql's on each transport, with and without dql/esbuild.
  const bundled: (ColdLibrary & { readonly plugins: Plugin[] })[] = LIBRARIES.flatMap((library) =>
    library === DQL
      ? [
          { ...library, plugins: [] },
          {
            ...DQL,
            name: 'dql (precompiled)',
            slug: 'dql-precompiled',
            plugins: [dqlPrecompile()],
          },
          { ...DQL, name: 'dql (lean)', slug: 'dql-lean', handler: DQL_LEAN_HANDLER, plugins: [] },
          {
            ...DQL,
            name: 'dql (lean, precompiled)',
            slug: 'dql-lean-precompiled',
            handler: DQL_LEAN_HANDLER,
            plugins: [dqlPrecompile()],
          },
        ]
      : [{ ...library, plugins: [] }],
  )
  for (const library of LIBRARIES) {
    const probe = join(dir, `${library.slug}.mjs`)
    writeFileSync(probe, PROBE(library.imports, library.first))
    probes.push(probe)
  }
  for (const library of bundled) {
    const handler = join(dir, `handler-${library.slug}.mjs`)
    const bundle = join(dir, `bundle-${library.slug}.mjs`)
    writeFileSync(handler, library.handler)
    await build({
      entryPoints: [handler],
      outfile: bundle,
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // The SDK's ES module builds, as a Lambda bundler is told to use: tree-shaken, no require().
      mainFields: ['module', 'main'],
      logLevel: 'warning',
      plugins: library.plugins,
    })
    bytes.push(statSync(bundle).size)
    const bundleProbe = join(dir, `import-bundle-${library.slug}.mjs`)
    writeFileSync(bundleProbe, PROBE(`await import('./bundle-${library.slug}.mjs')`, ''))
    bundleProbes.push(bundleProbe)
  }
  const answeredProbes: string[] = []
  for (const path of ANSWERED) {
    const probe = join(dir, `${path.slug}.mjs`)
    writeFileSync(probe, PROBE(path.imports, path.first))
    answeredProbes.push(probe)
  }
  const stub = await startStubServer('getItem')
  process.env.DQL_BENCH_STUB = stub.endpoint
  const all = [...probes, ...bundleProbes, ...answeredProbes]
  const samples: Sample[][] = all.map(() => [])
  const n = LIBRARIES.length
  try {
    for (const file of all) run(file) // once each, unmeasured: the file system's caches
    for (let round = 0; round < options.rounds; round++) {
      // Q4a's probes, whose differences the budgets are held to, run REPEAT times a round (each
      // pass in the rotated order), and the round keeps the median of each figure.
      const runs: Sample[][] = all.map(() => [])
      for (let pass = 0; pass < REPEAT; pass++) {
        for (let k = 0; k < all.length; k++) {
          const i = (k + round + pass) % all.length
          if (pass === 0 || i < n) runs[i]!.push(run(all[i]!))
        }
      }
      runs.forEach((done, i) => samples[i]!.push(medianSample(done)))
    }
  } finally {
    stub.stop()
  }
  const sdk = samples[0]!
  const sdkBundle = samples[n]!
  const beyond = (rows: Sample[], base: Sample[], pick: (s: Sample) => number) =>
    spread(rows.map((s, round) => pick(s) - pick(base[round]!)))
  const rows = LIBRARIES.map((library, i): ColdRow => {
    const own = samples[i]!
    const statements = own.flatMap((s) => (s.statementMs === undefined ? [] : [s.statementMs]))
    return {
      name: library.name,
      importMs: spread(own.map((s) => s.importMs)),
      firstMs: spread(own.map((s) => s.firstMs)),
      importBeyondSdkMs: beyond(own, sdk, (s) => s.importMs),
      firstBeyondSdkMs: beyond(own, sdk, (s) => s.firstMs),
      firstCpuBeyondSdkMs: beyond(own, sdk, (s) => s.firstCpuMs),
      ...(statements.length > 0 ? { statementMs: spread(statements) } : {}),
    }
  })
  const bundles = bundled.map((library, i): BundleRow => ({
    name: library.name,
    bytes: bytes[i]!,
    importMs: spread(samples[n + i]!.map((s) => s.importMs)),
    importBeyondSdkMs: beyond(samples[n + i]!, sdkBundle, (s) => s.importMs),
  }))
  const first = n + bundled.length
  const answered = ANSWERED.map((path, i): AnsweredRow => {
    const own = samples[first + i]!
    const base = samples[first]!
    return {
      name: path.name,
      firstMs: spread(own.map((s) => s.firstMs)),
      firstCpuMs: spread(own.map((s) => s.firstCpuMs)),
      firstBeyondSdkMs: beyond(own, base, (s) => s.firstMs),
      firstCpuBeyondSdkMs: beyond(own, base, (s) => s.firstCpuMs),
    }
  })
  return { rounds: options.rounds, rows, bundles, answered }
}

/** How many times a round runs each of Q4a's probes (see coldStart). */
const REPEAT = 5

/** Each figure's median over several runs of one probe. */
function medianSample(runs: readonly Sample[]): Sample {
  const of = (pick: (s: Sample) => number | undefined) => {
    const values = runs.map(pick).filter((v): v is number => v !== undefined)
    return values.length === 0 ? undefined : median(values)
  }
  const statementMs = of((s) => s.statementMs)
  return {
    importMs: of((s) => s.importMs)!,
    importCpuMs: of((s) => s.importCpuMs)!,
    firstMs: of((s) => s.firstMs)!,
    firstCpuMs: of((s) => s.firstCpuMs)!,
    ...(statementMs === undefined ? {} : { statementMs }),
  }
}

function run(file: string): Sample {
  const child = spawnSync(process.execPath, [file], {
    cwd: dirname(file),
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  })
  if (child.status !== 0) throw new Error(`${file} failed: ${child.stderr.slice(-2000)}`)
  return JSON.parse(child.stdout) as Sample
}

function spread(values: readonly number[]): Spread {
  const [q1, q3] = quartiles(values)
  return { median: median(values), q1, q3 }
}

const ms = (s: Spread, sign = false) => {
  const f = (x: number) => `${sign && x >= 0 ? '+' : ''}${x.toFixed(1)}`
  return `${f(s.median)} ms (${f(s.q1)} to ${f(s.q3)})`
}

/** The cold-start tables in Markdown: medians, with the interquartile range over rounds. */
export function formatColdStart(result: ColdStartResult): string {
  const lines = [
    `Q4a. Cold start in a fresh process (${result.rounds} interleaved rounds, each probe run ${REPEAT} times a round; median, IQR in brackets)`,
    '',
    '| library | import | beyond the SDK | import + first GetItem built | beyond the SDK | its CPU beyond the SDK |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const r of result.rows) {
    lines.push(
      `| ${r.name} | ${ms(r.importMs)} | ${ms(r.importBeyondSdkMs, true)} | ${ms(r.firstMs)} | ${ms(r.firstBeyondSdkMs, true)} | ${ms(r.firstCpuBeyondSdkMs, true)} |`,
    )
  }
  const statement = result.rows.find((r) => r.statementMs !== undefined)?.statementMs
  if (statement) {
    lines.push(
      '',
      `dql's first statement in a fresh process (grammar built, lexed, parsed, planned, compiled): ${ms(statement)}`,
    )
  }
  lines.push(
    '',
    `Q4b. A one-GetItem Lambda handler bundled with esbuild (minified, SDK inside)`,
    '',
    '| library | bundle | beyond the SDK | import of the bundle | beyond the SDK |',
    '| --- | ---: | ---: | ---: | ---: |',
  )
  const sdkBytes = result.bundles[0]?.bytes ?? 0
  for (const b of result.bundles) {
    const extra = b.bytes - sdkBytes
    lines.push(
      `| ${b.name} | ${kb(b.bytes)} | ${extra >= 0 ? '+' : '−'}${kb(Math.abs(extra))} | ${ms(b.importMs)} | ${ms(b.importBeyondSdkMs, true)} |`,
    )
  }
  lines.push(
    '',
    'Q4c. Import, client and a first GetItem answered (a stub server in another process), in a fresh process',
    '',
    '| path | import + first answer | beyond the raw SDK | its CPU | beyond the raw SDK |',
    '| --- | ---: | ---: | ---: | ---: |',
  )
  for (const a of result.answered) {
    lines.push(
      `| ${a.name} | ${ms(a.firstMs)} | ${ms(a.firstBeyondSdkMs, true)} | ${ms(a.firstCpuMs)} | ${ms(a.firstCpuBeyondSdkMs, true)} |`,
    )
  }
  return lines.join('\n')
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`
