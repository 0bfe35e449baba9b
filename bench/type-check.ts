/**
 * `npm run bench:types`: what typed text statements cost the compiler. It writes two files of
 * the same 200 `db.prepare(…)` calls — one with string literals, which the compiler types from
 * their text, one with each text widened `as string`, which it does not — and times
 * `tsc --noEmit` over each, in turn, in fresh processes. Both files import dql's sources, so
 * the difference between the two is the typing of the statements alone.
 *
 * TYPE_BENCH_ROUNDS sets the rounds (default 5); TYPE_BENCH_STATEMENTS the statements (200).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
// dist-bench/bench/type-check.js → <repo>
const repo = join(here, '..', '..')
const work = join(repo, 'dist-bench', 'type-check')
const rounds = Math.max(1, Number(process.env.TYPE_BENCH_ROUNDS ?? 5))
const count = Math.max(1, Number(process.env.TYPE_BENCH_STATEMENTS ?? 200))

/** The i-th statement and the call that runs it: every text differs, every shape appears. */
function statement(i: number): { text: string; call: string } {
  switch (i % 8) {
    case 0:
      return {
        text: `SELECT issuer, country FROM bins WHERE card_bin = :bin${i}`,
        call: `.first({ bin${i}: '411111' })`,
      }
    case 1:
      return {
        text: `FROM bins WHERE card_bin = :bin${i} AND card_bin_extended = ';'`,
        call: `.first({ bin${i}: '411111' })`,
      }
    case 2:
      return {
        text: `SELECT card_bin, issuer_name, level FROM bins WHERE card_bin IN (:a${i}, :b${i}) AND card_bin_extended = ';'`,
        call: `.all({ a${i}: '1', b${i}: '2' })`,
      }
    case 3:
      return {
        text: `SELECT COUNT(*) FROM posts WHERE Id = :id${i} AND Seq > ${i}`,
        call: `.count({ id${i}: 'p' })`,
      }
    case 4:
      return {
        text: `SELECT Id, Seq FROM posts USE INDEX (byAuthor) WHERE Author = :a${i} AND Seq BETWEEN :lo${i} AND :hi${i} ORDER BY Seq DESC LIMIT ${i + 1}`,
        call: `.all({ a${i}: 'author', lo${i}: 1, hi${i}: 9 })`,
      }
    case 5:
      return {
        text: `FROM posts WHERE Id = :id${i} AND begins_with(Message, :m${i}) AND NOT attribute_exists(Deleted) CONSISTENT`,
        call: `.all({ id${i}: 'p', m${i}: 'hello' })`,
      }
    case 6:
      return {
        text: `SELECT issuer, address.city, tags[0] FROM bins WHERE card_bin = :bin${i} -- statement ${i}`,
        call: `.first({ bin${i}: '4' })`,
      }
    default:
      return {
        text: `SCAN Id, Author FROM posts WHERE size(Message) > :n${i} LIMIT 100`,
        call: `.all({ n${i}: ${i} })`,
      }
  }
}

function source(typed: boolean): string {
  const index = relative(work, join(repo, 'src', 'index.js')).replaceAll('\\', '/')
  const lines = [
    `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'`,
    `import { createDql, defineTable } from '${index}'`,
    ``,
    `interface BinRecord { cardBin: string; cardBinExtended: string; issuer: string; country: string; level?: string }`,
    `interface Post { Id: string; ReplyDateTime: string; Author: string; Seq: number; Message?: string }`,
    `const bins = defineTable<BinRecord>()({ name: 'bins', tableName: 'bin-lookup', partitionKey: 'card_bin',`,
    `  sortKey: 'card_bin_extended', fields: { cardBin: 'card_bin', cardBinExtended: 'card_bin_extended', issuer: 'issuer_name' } })`,
    `const posts = defineTable<Post>()({ name: 'posts', partitionKey: 'Id', sortKey: 'ReplyDateTime',`,
    `  indexes: { byAuthor: { type: 'global', partitionKey: 'Author', sortKey: 'Seq', projection: 'KEYS_ONLY' } } })`,
    `const db = createDql({ client: new DynamoDBClient({}), tables: [bins, posts] })`,
    ``,
    // One statement a line, as code holds them (one array of 200 differently typed results
    // would measure the compiler's union reduction instead).
    `export async function run(): Promise<void> {`,
  ]
  for (let i = 0; i < count; i++) {
    const { text, call } = statement(i)
    const literal = JSON.stringify(text).replaceAll("'", "\\'").replace(/^"|"$/g, "'")
    lines.push(
      `  const r${i} = await db.prepare(${typed ? literal : `${literal} as string`})${call}`,
    )
    lines.push(`  console.log(r${i})`)
  }
  lines.push(`}`, ``)
  return lines.join('\n')
}

function tsconfig(file: string): string {
  return JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(repo, 'node_modules', '@types')],
        noEmit: true,
      },
      files: [file],
    },
    null,
    2,
  )
}

mkdirSync(work, { recursive: true })
for (const kind of ['typed', 'untyped'] as const) {
  writeFileSync(join(work, `${kind}.ts`), source(kind === 'typed'))
  writeFileSync(join(work, `tsconfig.${kind}.json`), tsconfig(`${kind}.ts`))
}

const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc')

/** What one run cost: wall and CPU (user + system) seconds of the whole process tree. */
interface Run {
  readonly wall: number
  readonly cpu: number
}

// GNU time reports the CPU of the process and the compiler it starts, which on a shared
// machine varies far less than the wall time; without it, the CPU column is left out.
const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined

/** One `tsc --noEmit` over one file, in a fresh process. */
function check(kind: 'typed' | 'untyped'): Run {
  const args = [tsc, '-p', join(work, `tsconfig.${kind}.json`)]
  const started = process.hrtime.bigint()
  const result = time
    ? spawnSync(time, ['-f', 'cpu %U %S', process.execPath, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, args, { encoding: 'utf8' })
  const wall = Number(process.hrtime.bigint() - started) / 1e9
  if (result.status !== 0) {
    throw new Error(`tsc failed on ${kind}.ts:\n${result.stdout}${result.stderr}`)
  }
  const reported = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(result.stderr)
  return { wall, cpu: reported ? Number(reported[1]) + Number(reported[2]) : Number.NaN }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

console.log(`Type-checking ${count} db.prepare statements: tsc --noEmit, ${rounds} rounds\n`)
check('typed') // warm-up: the file system cache, not counted
const typed: Run[] = []
const untyped: Run[] = []
for (let round = 0; round < rounds; round++) {
  typed.push(check('typed'))
  untyped.push(check('untyped'))
}
const figures = (runs: Run[], key: keyof Run) => runs.map((run) => run[key])
const ratios = (key: keyof Run) => typed.map((run, i) => run[key] / (untyped[i]?.[key] ?? 1))
const cell = (values: number[], digits: number, unit: string) =>
  `${median(values).toFixed(digits)} ${unit} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`
const keys: (keyof Run)[] = time ? ['cpu', 'wall'] : ['wall']
console.log(`| file | ${keys.map((key) => `${key}, median (spread)`).join(' | ')} |`)
console.log(`| --- | ${keys.map(() => '---').join(' | ')} |`)
console.log(
  `| ${count} typed statements | ${keys.map((key) => cell(figures(typed, key), 2, 's')).join(' | ')} |`,
)
console.log(
  `| the same, \`as string\` | ${keys.map((key) => cell(figures(untyped, key), 2, 's')).join(' | ')} |`,
)
console.log(
  `| ratio, round by round | ${keys.map((key) => cell(ratios(key), 3, '×')).join(' | ')} |`,
)
const key = keys[0] ?? 'wall'
const extra = median(figures(typed, key)) - median(figures(untyped, key))
console.log(
  `\nTyping adds about ${((extra * 1000) / count).toFixed(1)} ms of ${key} per statement.`,
)
