/**
 * `npm run bench`: every question in one process, one table per question (median, ratio to
 * the raw SDK in the same run with its interquartile range over rounds, heap bytes per op),
 * the cold-start questions in fresh processes, then the budgets of docs/performance.md checked
 * against this run; the run is written to bench/results/latest.json for docs/performance.md
 * and its chart.
 *
 * BENCH_ROUNDS scales the rounds of every question (e.g. BENCH_ROUNDS=2 for a quick look).
 * BENCH_ONLY runs only the questions whose ids it lists, comma-separated (client-get,
 * client-query, e2e-local-get, e2e-local-query, e2e-dynalite-get, e2e-dynalite-query, compile,
 * cpu-get, cpu-query, client-put, client-update, batch-write, cold-start), with their budget
 * lines; such a run is written to dist-bench/partial.json, never over latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem, release, platform, arch } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { clientCpu } from './client-cpu.js'
import { clientSide } from './client-side.js'
import { coldStart, formatColdStart, type ColdStartResult, type Spread } from './cold-start.js'
import { compileCosts } from './compile.js'
import { endToEnd } from './end-to-end.js'
import { writes } from './writes.js'
import {
  compare,
  formatBytes,
  formatRatio,
  formatTable,
  formatTime,
  budgetVerdict,
  fractionVerdict,
  quartiles,
  median,
  type QuestionResult,
  type RowResult,
} from './measure.js'

const PEERS = ['DocumentClient', 'PartiQL ExecuteStatement', 'dynamodb-toolbox', 'ElectroDB']

export interface Budget {
  readonly figure: string
  readonly budget: string
  readonly measured: string
  /**
   * `yes`: the whole spread (IQR over rounds) is within the budget; `unresolved`: the median
   * is within it but the spread reaches past it, so the run cannot tell; `tied`: a comparison
   * whose spreads overlap; `no`: missed; `shown`: a figure with no budget, shown beside the
   * others.
   */
  readonly met: 'yes' | 'no' | 'unresolved' | 'tied' | 'shown'
}

const rounds = (n: number) =>
  process.env.BENCH_ROUNDS ? Math.max(1, Number(process.env.BENCH_ROUNDS)) : n

const started = new Date()
const load = loadavg()
const questions: QuestionResult[] = []
const show = (results: QuestionResult[]) => {
  for (const question of results) {
    questions.push(question)
    console.log(`${formatTable(question)}\n`)
  }
}

console.log(
  'dql benchmarks: paired slices over interleaved rounds (Q1, Q5, Q6: CPU time; Q2: wall time), Q3: mitata p50; see docs/performance.md\n',
)
const only = process.env.BENCH_ONLY?.split(',')
  .map((id) => id.trim())
  .filter((id) => id !== '')
const wanted = (id: string) => only === undefined || only.includes(id)
/** Runs a group of questions when any of its ids is wanted, and keeps the wanted ones. */
const group = async (ids: readonly string[], run: () => Promise<QuestionResult[]>) => {
  if (ids.some(wanted)) show((await run()).filter((q) => wanted(q.id)))
}
await group(['client-get', 'client-query'], () =>
  clientSide({ rounds: rounds(12), slices: 24, calls: { getItem: 20, query: 8 } }),
)
await group(['e2e-local-get', 'e2e-local-query', 'e2e-dynalite-get', 'e2e-dynalite-query'], () =>
  endToEnd({ rounds: rounds(12), slices: 16, calls: { getItem: 8, query: 3 } }),
)
await group(['compile'], () => compileCosts({ rounds: rounds(5), timeMs: 150 }))
await group(['cpu-get', 'cpu-query'], () =>
  clientCpu({ rounds: rounds(12), slices: 24, calls: { getItem: 20, query: 10 } }),
)
await group(['client-put', 'client-update', 'batch-write'], () =>
  writes(
    { rounds: rounds(12), slices: 60, calls: 30 },
    { rounds: rounds(12), slices: 10, calls: 1 },
    wanted,
  ),
)
const cold = wanted('cold-start') ? await coldStart({ rounds: rounds(15) }) : undefined
if (cold !== undefined) console.log(`${formatColdStart(cold)}\n`)

const budgets = [...checkBudgets(questions, wanted), ...(cold ? coldBudgets(cold) : [])]
console.log('Budgets, this run\n')
console.log('| figure | budget | measured | met |')
console.log('| --- | --- | --- | --- |')
for (const b of budgets) {
  console.log(
    `| ${b.figure} | ${b.budget} | ${b.measured} | ${b.met === 'no' ? '**no**' : b.met} |`,
  )
}

const here = dirname(fileURLToPath(import.meta.url))
// dist-bench/bench/run.js → <repo>/bench/results/latest.json (a BENCH_ONLY run: dist-bench/)
const out =
  only === undefined
    ? join(here, '..', '..', 'bench', 'results', 'latest.json')
    : join(here, '..', 'partial.json')
mkdirSync(dirname(out), { recursive: true })
const json = {
  generatedAt: started.toISOString(),
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    loadAverageAtStart: load.map((x) => Number(x.toFixed(2))),
  },
  questions,
  cold,
  budgets,
}
writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`)
console.log(`\nWrote ${out}`)

function checkBudgets(
  results: readonly QuestionResult[],
  wanted: (id: string) => boolean,
): Budget[] {
  const row = (id: string, name: string): RowResult | undefined =>
    results.find((q) => q.id === id)?.rows.find((r) => r.name === name)
  const list: Budget[] = []
  const ratio = (figure: string, id: string, limit: number, name = 'dql (tag)') => {
    if (!wanted(id)) return
    const r = row(id, name)
    if (r === undefined) {
      list.push({ figure, budget: `≤ ${limit} × raw SDK`, measured: 'not run', met: 'no' })
      return
    }
    list.push({
      figure,
      budget: `≤ ${limit.toFixed(2)} × raw SDK`,
      measured: `${formatRatio(r)} ×`,
      met: fractionVerdict(r, limit),
    })
  }
  const time = (figure: string, name: string, limitNs: number) => {
    if (!wanted('compile')) return
    const r = row('compile', name)
    list.push({
      figure,
      budget: `≤ ${formatTime(limitNs)} median`,
      measured: r ? formatTime(r.medianNs) : 'not run',
      met: r !== undefined && r.medianNs <= limitNs ? 'yes' : 'no',
    })
  }
  ratio('cached template, GetItem, client side (stub transport)', 'client-get', 1.02)
  ratio('same, end to end over loopback, DynamoDB Local', 'e2e-local-get', 1.02)
  ratio('Query returning 100 items, mapping included (stub transport)', 'client-query', 1.05)
  ratio('db.run UpdateItem, client side (stub transport)', 'client-update', 1.02, 'dql db.run')
  ratio('db.run PutItem, client side (stub transport)', 'client-put', 1.02, 'dql db.run')
  ratio(
    'db.run REPLACE … VALUES of 1,000 items, BatchWriteItem, vs a raw SDK loop (stub transport)',
    'batch-write',
    1.05,
    'dql db.run',
  )
  const raw = row('client-get', 'raw SDK')
  const dql = row('client-get', 'dql (tag)')
  if (wanted('client-get')) {
    list.push({
      figure: 'heap allocated per cached GetItem call (stub transport)',
      budget: '≤ raw SDK + 1 KiB',
      measured:
        raw && dql
          ? `${formatBytes(dql.heapBytes)} vs ${formatBytes(raw.heapBytes)} (${signed(dql.heapBytes - raw.heapBytes)})`
          : 'not run',
      met:
        raw !== undefined && dql !== undefined && dql.heapBytes <= raw.heapBytes + 1024
          ? 'yes'
          : 'no',
    })
  }
  time(
    'cold statement (lex + parse + plan + compile), 3 predicates, hot JIT',
    'dql: cold lex + parse + plan + compile + bind, 3 predicates (no command)',
    50_000,
  )
  time('cache hit + bind, no I/O', 'dql: cached template + bind (no command)', 1_000)
  time('db.prepare(text), text cached', 'dql: prepare(text), text cached (no command)', 2_000)
  // The lean transport's budgets: dql's own calls on it, the floor shown beside them.
  const lean = (figure: string, id: string, limit: number) => {
    if (!wanted(id)) return
    const r = row(id, 'dql (tag), lean transport')
    const floor = row(id, 'floor: hand-written signed request')
    list.push({
      figure,
      budget: `≤ ${limit.toFixed(2)} × raw SDK`,
      measured:
        r === undefined
          ? 'not run'
          : `${formatRatio(r)} ×${floor === undefined ? '' : `; [floor ${formatRatio(floor)} ×]`}`,
      met: r === undefined ? 'no' : fractionVerdict(r, limit),
    })
  }
  lean('lean transport: client CPU per cached GetItem, dql (tag) on it (cpu-get)', 'cpu-get', 0.35)
  lean('lean transport: client CPU per Query of 100 items, mapped (cpu-query)', 'cpu-query', 0.5)
  lean(
    'lean transport: GetItem end to end, DynamoDB Local, wall (e2e-local-get)',
    'e2e-local-get',
    0.6,
  )
  lean(
    'lean transport: Query of 100 items end to end, DynamoDB Local, wall (e2e-local-query)',
    'e2e-local-query',
    0.6,
  )
  for (const id of [
    'client-get',
    'client-query',
    'cpu-get',
    'cpu-query',
    'e2e-local-get',
    'e2e-local-query',
  ]) {
    const recommended = row(id, 'dql (tag), recommended client')
    const rawRecommended = row(id, 'raw SDK, recommended client')
    if (recommended === undefined || rawRecommended === undefined) continue
    // The saving is the SDK's own option: the raw SDK on the same client is shown beside it.
    const same = pairRatio(recommended, rawRecommended)
    list.push({
      figure: `recommended client (${id}): dql on it vs raw SDK on a default client; [raw SDK on the same client]`,
      budget: '< 1 × raw SDK',
      measured: `${formatRatio(recommended)} ×; [${formatRatio(rawRecommended)} ×]; dql ÷ raw on the same client ${formatRatio(same)}`,
      met: recommended.ratioQ3 < 1 ? 'yes' : recommended.ratio < 1 ? 'unresolved' : 'no',
    })
  }
  for (const question of results) {
    if (question.id === 'compile') continue
    const ours = row(question.id, 'dql (tag)') ?? row(question.id, 'dql db.run')
    const peers = question.rows.filter((r) => PEERS.includes(r.name))
    if (ours === undefined || peers.length === 0) continue
    const by = (outcome: string) =>
      peers.filter((p) => compare(ours, p) === outcome).map((p) => `${p.name} ${formatRatio(p)}`)
    const [faster, tied, slower] = [by('faster'), by('tied'), by('slower')]
    list.push({
      figure: `${ours.name} ahead of ${peers.map((p) => p.name).join(', ')} (${question.id})`,
      budget: 'faster than every peer',
      measured: [
        `dql ${formatRatio(ours)}`,
        faster.length ? `ahead of ${faster.join(', ')}` : '',
        tied.length ? `tied with ${tied.join(', ')}` : '',
        slower.length ? `behind ${slower.join(', ')}` : '',
      ]
        .filter((part) => part !== '')
        .join('; '),
      met: slower.length > 0 ? 'no' : tied.length > 0 ? 'tied' : 'yes',
    })
  }
  return list
}

/** The per-round ratio of two rows of one question (`a` ÷ `b` in each round). */
function pairRatio(a: RowResult, b: RowResult) {
  const ratios = a.roundsNs.map((ns, round) => ns / b.roundsNs[round]!)
  const [ratioQ1, ratioQ3] = quartiles(ratios)
  return { ratio: median(ratios), ratioQ1, ratioQ3 }
}

function coldBudgets(cold: ColdStartResult): Budget[] {
  const dql = cold.rows.find((r) => r.name === 'dql')
  const bundle = cold.bundles.find((b) => b.name === 'dql')
  const sdkBundle = cold.bundles.find((b) => b.name === 'raw SDK')
  if (dql === undefined || bundle === undefined || sdkBundle === undefined) return []
  const plus = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`
  const ms = (s: Spread) => `${plus(s.median)} ms (IQR ${plus(s.q1)} to ${plus(s.q3)})`
  const extra = bundle.bytes - sdkBundle.bytes
  const precompiled = cold.bundles.find((b) => b.name === 'dql (precompiled)')
  const leanBundle = cold.bundles.find((b) => b.name === 'dql (lean)')
  const leanFirst = cold.answered.find((a) => a.name === 'dql, lean transport')
  const lean: Budget[] = []
  if (leanFirst !== undefined) {
    const s = leanFirst.firstBeyondSdkMs
    lean.push({
      figure: 'lean transport: import + first statement + first GetItem, beyond the raw SDK’s',
      budget: '≤ +0 ms median',
      measured: ms(s),
      // Met when the whole spread is at or below the raw SDK's.
      met: s.q3 <= 0 ? 'yes' : s.median <= 0 ? 'unresolved' : 'no',
    })
  }
  if (leanBundle !== undefined) {
    const over = leanBundle.bytes - sdkBundle.bytes
    lean.push({
      figure: 'lean transport: one-GetItem handler bundle, beyond the raw SDK’s',
      budget: '≤ +0 KB',
      measured: `${over >= 0 ? '+' : '−'}${(Math.abs(over) / 1000).toFixed(1)} KB`,
      met: over <= 0 ? 'yes' : 'no',
    })
  }
  return [
    {
      figure: "import('dql') in a fresh process, beyond the SDK's import alone",
      budget: '≤ +15 ms median',
      measured: ms(dql.importBeyondSdkMs),
      met: budgetVerdict(dql.importBeyondSdkMs.median, dql.importBeyondSdkMs.q3, 15),
    },
    {
      figure:
        'import + createDql + first statement planned, beyond the SDK (import + client + command)',
      budget: '≤ +25 ms median',
      measured: ms(dql.firstBeyondSdkMs),
      met: budgetVerdict(dql.firstBeyondSdkMs.median, dql.firstBeyondSdkMs.q3, 25),
    },
    // The budget is held by the handler bundled as docs/bundling.md says to bundle dql for
    // Lambda: with dql/esbuild. Without the plugin the grammar (Chevrotain, lodash-es) is in the
    // bundle, over 130 KB by itself: shown beside it, with no verdict of its own.
    ...(precompiled === undefined
      ? []
      : [
          {
            figure:
              'one-GetItem handler bundle (esbuild, minified, SDK inside, dql/esbuild as docs/bundling.md says), beyond the raw SDK’s',
            budget: '≤ +60 KB',
            measured: `+${((precompiled.bytes - sdkBundle.bytes) / 1000).toFixed(1)} KB`,
            met: precompiled.bytes - sdkBundle.bytes <= 60_000 ? ('yes' as const) : ('no' as const),
          },
        ]),
    {
      figure: 'the same bundled without dql/esbuild: the grammar (Chevrotain) inside',
      budget: '—',
      measured: `+${(extra / 1000).toFixed(1)} KB`,
      met: 'shown' as const,
    },
    ...lean,
  ]
}

function signed(bytes: number): string {
  return `${bytes >= 0 ? '+' : '−'}${formatBytes(Math.abs(bytes))}`
}
