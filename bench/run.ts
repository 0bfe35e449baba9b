/**
 * `npm run bench`: every question in one process, one table per question (median, ratio to
 * the raw SDK in the same run, heap bytes per op), then the budgets of docs/performance.md
 * checked against this run; the run is written to bench/results/latest.json for
 * docs/performance.md and its chart.
 *
 * BENCH_ROUNDS scales the rounds of every question (e.g. BENCH_ROUNDS=2 for a quick look).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem, release, platform, arch } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { clientSide } from './client-side.js'
import { compileCosts } from './compile.js'
import { endToEnd } from './end-to-end.js'
import {
  formatBytes,
  formatTable,
  formatTime,
  type QuestionResult,
  type RowResult,
} from './measure.js'

const PEERS = ['DocumentClient', 'PartiQL ExecuteStatement', 'dynamodb-toolbox', 'ElectroDB']

export interface Budget {
  readonly figure: string
  readonly budget: string
  readonly measured: string
  readonly met: boolean
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
  'dql benchmarks: medians of mitata p50 over interleaved rounds; see docs/performance.md\n',
)
show(await clientSide({ rounds: rounds(10), timeMs: 150 }))
show(await endToEnd({ rounds: rounds(24), timeMs: 60 }))
show(await compileCosts({ rounds: rounds(5), timeMs: 150 }))

const budgets = checkBudgets(questions)
console.log('Budgets, this run\n')
console.log('| figure | budget | measured | met |')
console.log('| --- | --- | --- | --- |')
for (const b of budgets) {
  console.log(`| ${b.figure} | ${b.budget} | ${b.measured} | ${b.met ? 'yes' : '**no**'} |`)
}

const here = dirname(fileURLToPath(import.meta.url))
// dist-bench/bench/run.js → <repo>/bench/results/latest.json
const out = join(here, '..', '..', 'bench', 'results', 'latest.json')
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
  budgets,
}
writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`)
console.log(`\nWrote ${out}`)

function checkBudgets(results: readonly QuestionResult[]): Budget[] {
  const row = (id: string, name: string): RowResult | undefined =>
    results.find((q) => q.id === id)?.rows.find((r) => r.name === name)
  const list: Budget[] = []
  const ratio = (figure: string, id: string, limit: number, name = 'dql (tag)') => {
    const r = row(id, name)
    if (r === undefined) {
      list.push({ figure, budget: `≤ ${limit} × raw SDK`, measured: 'not run', met: false })
      return
    }
    list.push({
      figure,
      budget: `≤ ${limit.toFixed(2)} × raw SDK`,
      measured: `${r.ratio.toFixed(3)} ×`,
      met: r.ratio <= limit,
    })
  }
  const time = (figure: string, name: string, limitNs: number) => {
    const r = row('compile', name)
    list.push({
      figure,
      budget: `≤ ${formatTime(limitNs)} median`,
      measured: r ? formatTime(r.medianNs) : 'not run',
      met: r !== undefined && r.medianNs <= limitNs,
    })
  }
  ratio('cached template, GetItem, client side (stub transport)', 'client-get', 1.02)
  ratio('same, end to end over loopback, DynamoDB Local', 'e2e-local-get', 1.02)
  ratio('Query returning 100 items, mapping included (stub transport)', 'client-query', 1.05)
  const raw = row('client-get', 'raw SDK')
  const dql = row('client-get', 'dql (tag)')
  list.push({
    figure: 'heap allocated per cached GetItem call (stub transport)',
    budget: '≤ raw SDK + 1 KiB',
    measured:
      raw && dql
        ? `${formatBytes(dql.heapBytes)} vs ${formatBytes(raw.heapBytes)} (${signed(dql.heapBytes - raw.heapBytes)})`
        : 'not run',
    met: raw !== undefined && dql !== undefined && dql.heapBytes <= raw.heapBytes + 1024,
  })
  time(
    'cold statement (lex + parse + plan + compile), 3 predicates',
    'dql: cold lex + parse + plan + compile + bind, 3 predicates',
    50_000,
  )
  time('cache hit + bind, no I/O', 'dql: cached template + bind (GetItem)', 1_000)
  time('db.prepare(text), text cached', 'dql: prepare(text), text cached', 2_000)
  for (const id of ['client-get', 'client-query', 'e2e-local-get', 'e2e-local-query']) {
    const recommended = row(id, 'dql (tag), recommended client')
    if (recommended === undefined) continue
    list.push({
      figure: `recommended client: dql on it vs raw SDK on a default client (${id})`,
      budget: '< 1 × raw SDK',
      measured: `${recommended.ratio.toFixed(3)} ×`,
      met: recommended.ratio < 1,
    })
  }
  for (const question of results) {
    if (question.id === 'compile') continue
    const ours = row(question.id, 'dql (tag)')
    const peers = question.rows.filter((r) => PEERS.includes(r.name))
    if (ours === undefined || peers.length === 0) continue
    const behind = peers.filter((p) => p.ratio <= ours.ratio)
    const nearest = Math.min(...peers.map((p) => p.ratio))
    list.push({
      figure: `dql (tag) ahead of ${peers.map((p) => p.name).join(', ')} (${question.id})`,
      budget: 'faster than every peer',
      measured:
        behind.length === 0
          ? `${ours.ratio.toFixed(3)} × vs best peer ${nearest.toFixed(3)} ×`
          : `behind ${behind.map((p) => `${p.name} ${p.ratio.toFixed(3)} ×`).join(', ')}; dql ${ours.ratio.toFixed(3)} ×`,
      met: behind.length === 0,
    })
  }
  return list
}

function signed(bytes: number): string {
  return `${bytes >= 0 ? '+' : '−'}${formatBytes(Math.abs(bytes))}`
}
