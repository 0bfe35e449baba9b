/**
 * The type-level parser against the real one. Random read statements — keywords in any case,
 * white space of every kind, comments, string literals holding quotes, colons, dashes and
 * back-quotes, back-quoted names, field and attribute names, nested paths — are parsed by the
 * runtime parser, which says what each one takes and returns; from that, this test writes the
 * type each `db.prepare(text)` must have, and the compiler checks every one. A statement's type
 * must be exactly that, or the untyped `PreparedStatement` (typing stops short, never guesses);
 * a floor on how many are typed keeps "untyped" from passing everything.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { DqlError } from '../../src/errors.js'
import { parseStatementText } from '../../src/parse/parse-cache.js'

const SEED = 20261201
const RUNS = 300

/** The tables as the generated file defines them, and what the oracle needs of them. */
const TABLES: Record<
  string,
  { item: string; keys: readonly string[]; fieldOf: Record<string, string> }
> = {
  bins: {
    item: 'BinRecord',
    keys: ['cardBin', 'cardBinExtended', 'issuer', 'country', 'level'],
    fieldOf: { card_bin: 'cardBin', card_bin_extended: 'cardBinExtended', issuer_name: 'issuer' },
  },
  posts: { item: 'Post', keys: ['Id', 'ReplyDateTime', 'Author', 'Seq'], fieldOf: {} },
}
const DYNAMO_NAMES: Record<string, string> = { 'bin-lookup': 'bins', 'forum-posts': 'posts' }

const NAMES = [
  'card_bin',
  'cardBin',
  'card_bin_extended',
  'issuer',
  'issuer_name',
  'country',
  'level',
  'brand',
  'Id',
  'Seq',
  'Author',
  'count',
  '`order`',
  '`country`',
  'address.city',
  'tags[0]',
  '`meta`.`a-b`',
]
const VALUES = [
  "'x'",
  "'it''s'",
  "':not_a_param'",
  "'--'",
  "'`'",
  "''",
  '1',
  '-2.5',
  'true',
  'null',
]

const space = fc.constantFrom(' ', ' ', ' ', '  ', '\n', '\t', " -- a comment, isn't it\n", '\r\n')
const keyword = (word: string) =>
  fc.constantFrom(word, word.toLowerCase(), word[0] + word.slice(1).toLowerCase())

/** A statement as tokens, joined by random white space; its parameters are :p0, :p1, … */
const statement = fc
  .record({
    explain: fc.boolean(),
    form: fc.constantFrom('select', 'from', 'scan'),
    projection: fc.oneof(
      fc.constant<string[]>(['*']),
      fc.constant<string[]>(['COUNT', '(', '*', ')']),
      fc
        .uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 4 })
        .map((names) => names.flatMap((name, i) => (i === 0 ? [name] : [',', name]))),
    ),
    table: fc.constantFrom('bins', 'posts', '`bins`', '`bin-lookup`', '`forum-posts`', 'nowhere'),
    index: fc.option(fc.constantFrom('byIssuer', 'byAuthor'), { nil: undefined }),
    where: fc.array(
      fc.record({
        name: fc.constantFrom(...NAMES),
        op: fc.constantFrom('=', '<>', '!=', '<', '>=', 'BETWEEN', 'IN', 'begins_with'),
        values: fc.array(fc.oneof(fc.constantFrom(...VALUES), fc.constant(':param')), {
          minLength: 2,
          maxLength: 2,
        }),
      }),
      { maxLength: 3 },
    ),
    order: fc.option(fc.constantFrom('Seq', 'card_bin_extended'), { nil: undefined }),
    limit: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
    consistent: fc.boolean(),
    semicolon: fc.boolean(),
  })
  .chain((parts) => {
    let param = 0
    const value = (v: string) => (v === ':param' ? `:p${param++ % 3}` : v)
    const words: fc.Arbitrary<string>[] = []
    const kw = (word: string) => words.push(keyword(word))
    const raw = (word: string) => words.push(fc.constant(word))
    if (parts.explain) kw('EXPLAIN')
    if (parts.form === 'select') kw('SELECT')
    if (parts.form === 'scan') kw('SCAN')
    if (parts.form !== 'from') parts.projection.forEach(raw)
    kw('FROM')
    raw(parts.table)
    if (parts.index !== undefined) {
      kw('USE')
      kw('INDEX')
      ;['(', parts.index, ')'].forEach(raw)
    }
    parts.where.forEach((predicate, i) => {
      kw(i === 0 ? 'WHERE' : 'AND')
      const [a = "'x'", b = "'y'"] = predicate.values.map(value)
      if (predicate.op === 'BETWEEN') {
        raw(predicate.name)
        kw('BETWEEN')
        raw(a)
        kw('AND')
        raw(b)
      } else if (predicate.op === 'IN') {
        raw(predicate.name)
        kw('IN')
        ;['(', a, ',', b, ')'].forEach(raw)
      } else if (predicate.op === 'begins_with') {
        ;['begins_with', '(', predicate.name, ',', a, ')'].forEach(raw)
      } else {
        ;[predicate.name, predicate.op, a].forEach(raw)
      }
    })
    // SCAN has no ORDER BY (the runtime parser refuses it).
    if (parts.order !== undefined && parts.form !== 'scan') {
      kw('ORDER')
      kw('BY')
      raw(parts.order)
    }
    if (parts.limit !== undefined) {
      kw('LIMIT')
      raw(String(parts.limit))
    }
    if (parts.consistent) kw('CONSISTENT')
    if (parts.semicolon) raw(';')
    // Between two tokens: white space, or nothing where one of them is punctuation.
    const gaps = fc.array(fc.oneof(space, fc.constant('')), {
      minLength: words.length,
      maxLength: words.length,
    })
    const punctuation = (token: string | undefined) => /^[(),;=<>!*]+$/.test(token ?? '')
    return fc.tuple(fc.tuple(...words), gaps).map(([tokens, between]) =>
      tokens
        .map((token, i) => {
          if (i === 0) return token
          const gap = between[i] ?? ' '
          const glue = gap === '' && (punctuation(token) || punctuation(tokens[i - 1]))
          return `${glue ? '' : gap || ' '}${token}`
        })
        .join(''),
    )
  })

/** What the runtime parser says the type must be, or undefined when it refuses the text. */
function expectedType(text: string): string | undefined {
  let parsed
  try {
    parsed = parseStatementText(text)
  } catch (error) {
    if (error instanceof DqlError) return undefined
    throw error
  }
  const { ast, params } = parsed
  // The generator writes reads only; a write would be typed as the untyped statement.
  if (ast.kind !== 'read' && ast.kind !== 'scan') return 'PreparedStatement'
  if (ast.table.kind !== 'name') return undefined
  const tableName = DYNAMO_NAMES[ast.table.name] ?? ast.table.name
  const table = TABLES[tableName]
  if (table === undefined) return 'PreparedStatement'
  const paramsType =
    params.length === 0
      ? 'NoParams'
      : `{ readonly ${params.map((name) => `${name}: ParamValue`).join('; readonly ')} }`
  const result = ast.explain ? 'explain' : ast.projection.kind === 'count' ? 'count' : 'items'
  let item: string
  if (ast.projection.kind === 'count') item = 'never'
  else if (ast.projection.kind === 'all') item = table.item
  else {
    const known = new Set<string>()
    const unknown = new Set<string>()
    const partial = new Set<string>()
    for (const path of ast.projection.paths) {
      const first = String(path.segments[0])
      const key = table.fieldOf[first] ?? first
      if (path.segments.length > 1) partial.add(key)
      else if (table.keys.includes(key)) known.add(key)
      else unknown.add(key)
    }
    for (const key of partial) known.delete(key)
    const unknowns = [...unknown, ...partial]
    const pick = `Pick<${table.item}, ${[...known].map((key) => JSON.stringify(key)).join(' | ')}>`
    const rest = `{ ${unknowns.map((key) => `${JSON.stringify(key)}: unknown`).join('; ')} }`
    item = unknowns.length === 0 ? pick : known.size === 0 ? rest : `${pick} & ${rest}`
  }
  return `PreparedStatement<${item}, ${paramsType}, '${result}'>`
}

test('every typed statement has exactly the type the runtime parser gives it, or none', () => {
  const texts = fc.sample(statement, { seed: SEED, numRuns: RUNS })
  const root = resolve(import.meta.dirname, '..', '..')
  const index = join(root, 'src', 'index.js')
  const lines = [
    `import { defineTable, type Dql, type NoParams, type ParamValue, type PreparedStatement } from '${index}'`,
    `interface BinRecord { cardBin: string; cardBinExtended: string; issuer: string; country: string; level?: string }`,
    `interface Post { Id: string; ReplyDateTime: string; Author: string; Seq: number }`,
    `const bins = defineTable<BinRecord>()({ name: 'bins', tableName: 'bin-lookup', partitionKey: 'card_bin',`,
    `  sortKey: 'card_bin_extended', fields: { cardBin: 'card_bin', cardBinExtended: 'card_bin_extended', issuer: 'issuer_name' },`,
    `  indexes: { byIssuer: { type: 'global', partitionKey: 'issuer_name', sortKey: 'card_bin' } } })`,
    `const posts = defineTable<Post>()({ name: 'posts', tableName: 'forum-posts', partitionKey: 'Id', sortKey: 'ReplyDateTime',`,
    `  indexes: { byAuthor: { type: 'global', partitionKey: 'Author', sortKey: 'Seq', projection: 'KEYS_ONLY' } } })`,
    `declare const db: Dql<(typeof bins | typeof posts)[]>`,
    `type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false`,
    `type Verdict<A, E> = Equal<A, E> extends true ? 'typed' : Equal<A, PreparedStatement> extends true ? 'untyped' : 'WRONG'`,
    `declare function verdict<A, E>(statement: A): Verdict<A, E>`,
  ]
  let refused = 0
  let unknownTable = 0
  /** The line of each `'typed'` claim: an error there is a statement left untyped. */
  const claims = new Map<number, string>()
  for (const text of texts) {
    const expected = expectedType(text)
    if (expected === undefined) {
      refused++
      continue
    }
    const i = lines.length
    lines.push(`const s${i} = db.prepare(${JSON.stringify(text)})`)
    lines.push(`const v${i} = verdict<typeof s${i}, ${expected}>(s${i})`)
    lines.push(`export const ok${i}: 'typed' | 'untyped' = v${i}`)
    if (expected === 'PreparedStatement') unknownTable++
    else {
      lines.push(`export const typed${i}: 'typed' = v${i}`)
      claims.set(lines.length, text)
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'dql-typed-'))
  try {
    writeFileSync(join(dir, 'statements.ts'), `${lines.join('\n')}\n`)
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: true,
          noEmit: true,
          types: ['node'],
          typeRoots: [join(root, 'node_modules', '@types')],
        },
        files: ['statements.ts'],
      }),
    )
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
    const run = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' })
    // Every error, wherever tsc prints the file from (a path relative to the working directory).
    const errors = `${run.stdout}\n${run.stderr}`
      .split('\n')
      .filter((line) => /error TS/.test(line))
    const untyped: string[] = []
    const wrong: string[] = []
    for (const error of errors) {
      const line = Number(/statements\.ts\((\d+),/.exec(error)?.[1])
      const text = claims.get(line)
      if (text !== undefined && error.includes(`'"untyped"' is not assignable`)) untyped.push(text)
      else wrong.push(error)
    }
    const typed = claims.size - untyped.length - wrong.length / 2
    console.log(
      `typed text differential: ${texts.length} texts (seed ${SEED}), ${refused} refused by the ` +
        `runtime parser, ${unknownTable} on unknown tables, ${typed} typed exactly, ` +
        `${untyped.length} left untyped, ${wrong.length} wrong`,
    )
    expect(wrong).toEqual([])
    expect(run.status === 0 || untyped.length > 0).toBe(true)
    // Typing stops short only for what docs/check.md lists; these statements stay within it.
    expect({ untyped }).toEqual({ untyped: [] })
    expect(typed).toBeGreaterThan(RUNS / 2)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}, 180_000)
