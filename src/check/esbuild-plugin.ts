/**
 * `dql/esbuild`: `dqlPrecompile()`, an esbuild plugin that reads an application's statements
 * at build time and bundles them, read, in place of dql's grammar — so the bundle holds no
 * Chevrotain and a statement's first use is a lookup. It finds the statements as `dql check`
 * does (find.ts over oxc-parser's syntax tree), in every file the build bundles, and reads each
 * with the real grammar. What the statements and the bundled files' calls never need — the lean
 * transport, writes, page cursors, scans, SDK commands — it leaves out, replacing the package
 * import each sits behind. See docs/bundling.md.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, isAbsolute, join, relative } from 'node:path'
import type { Location, Message, Plugin, PluginBuild } from 'esbuild'
import { parseSync } from 'oxc-parser'
import { HOLE } from '../parse/parse-cache.js'
import type { Reading } from '../parse/grammar.js'
import { loadGrammar } from '../parse/load-grammar.js'
import { BuildTables, literalDefinitions, planAtBuild, plannerModule } from './build-plans.js'
import type { BuildPlan, TableInput } from './build-plans.js'
import { findStatements, type Found } from './find.js'
import { sourceOf } from './source-of.js'

/** Options of `dqlPrecompile`. */
export interface PrecompileOptions {
  /**
   * What to do with the parser. `'auto'` (the default) leaves it out unless a bundled file
   * holds a statement the plugin cannot read (a `db.prepare(variable)`), and then keeps it and
   * says where; `'keep'` always keeps it, the statements read at build time in front of it;
   * `'drop'` always leaves it out: a statement not read at build time then fails with
   * `parse.not-precompiled`.
   */
  readonly parser?: 'auto' | 'keep' | 'drop'
  /**
   * What to do with the lean transport's code in a bundle of `dql` (`dql/lean` always has it).
   * `'auto'` (the default) keeps it only if a bundled file (dql's own aside) holds the word
   * `lean` or sets `transport:` to anything but `'sdk'`; `'keep'` always keeps it; `'drop'`
   * always leaves it out. Left out, `createDql({ transport: 'lean' })` fails with
   * `usage.not-bundled`.
   */
  readonly leanTransport?: 'auto' | 'keep' | 'drop'
  /**
   * Which parts of dql a bundle of `dql` holds. `'auto'` (the default) leaves out those that
   * no statement read at build time, nor any call in a bundled file, needs: writes and
   * transactions (kept for a write statement or a `.transact` call), page cursors (kept for a
   * `.page` call), scans (kept for a SCAN statement), and the SDK's commands for them, for
   * DescribeTable (kept when a statement names a table no definition names) and for
   * `loadTables`; all are kept when the parser is. `'all'` keeps every part. A part left out
   * fails with `usage.not-bundled`.
   */
  readonly features?: 'auto' | 'all'
  /**
   * What to do with the planner of reads. Each read statement read at build time that names a
   * table defined at build time — by a `defineTable({ … })` call written as a literal in a
   * bundled file, or in `tables` — is planned then, and the bundle holds its plans. `'auto'`
   * (the default) leaves the planner out when every read statement was planned so (a handle
   * whose definition of the table differs then fails with `usage.not-bundled`); `'keep'`
   * always keeps it, for the statements and definitions the plans do not cover.
   */
  readonly planner?: 'auto' | 'keep'
  /**
   * Table definitions to plan against, besides the literal `defineTable` calls of the bundled
   * files: `defineTable` results, or the options `defineTable` takes (an application's schema
   * module, imported by the build script).
   */
  readonly tables?: readonly TableInput[]
}

const NAMESPACE = 'dql-precompiled'
/** The import of the statements read at build time, shared by the grammar's and planner's modules. */
const STATEMENTS = 'dql-precompiled-statements'
/** Files worth parsing: those that may call dql (`db.first<Item>\`…\`` included). */
const MAYBE_STATEMENTS = /\.(?:first|all|iterate|count|page|explain|run|prepare|transact)\b|\bdql\b/
/** Calls that need a part `features: 'auto'` may leave out. */
const MAYBE_TRANSACT = /\.transact\b/
const MAYBE_PAGE = /\.page\b/
const MAYBE_LOAD_TABLES = /\.loadTables\b/
/** A table's names written in a definition: `defineTable({ name: 'bins', … })`. */
const DEFINED_NAME = /\b(?:name|tableName)\s*:\s*(['"`])([^'"`\\$]+)\1/g
/** The SDK's operations every read by key needs; writes', kept with writes. */
const READ_OPERATIONS = ['GetItem', 'Query', 'BatchGetItem']
const WRITE_OPERATIONS = [
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
  'TransactGetItems',
]
/** A file that may ask for the lean transport (see `leanTransport`). */
const MAYBE_LEAN = /\blean\b|\btransport\s*:\s*(?!['"`]sdk['"`])/
/** An input of another plugin's namespace (`name:…`), not a file; `C:\…` is a file. */
const NAMESPACED = /^[a-z][\w-]+:/i
const SCRIPT = /\.[cm]?[jt]sx?$/
const JSON_FILE = /\.json$/

/** The esbuild plugin: `plugins: [dqlPrecompile()]`. */
export function dqlPrecompile(options: PrecompileOptions = {}): Plugin {
  const mode = options.parser ?? 'auto'
  const lean = options.leanTransport ?? 'auto'
  const features = options.features ?? 'auto'
  const plannerMode = options.planner ?? 'auto'
  const given = options.tables ?? []
  return {
    name: 'dql-precompile',
    setup(build) {
      let table: Statements = {
        readings: new Map(),
        plans: new Map(),
        unplanned: true,
        unplannedAt: [],
        unseen: [],
        mentionsLean: false,
        uses: { writes: true, cursors: true, scans: true, loadTables: true, describe: true },
      }
      /** Whether the parser stays: asked to, or a statement was not read at build time. */
      const keepParser = () => mode === 'keep' || (mode === 'auto' && table.unseen.length > 0)
      /** Whether the bundle keeps every part: asked to, or any statement may come at run time. */
      const keepAll = () => features === 'all' || keepParser()
      build.onStart(async () => {
        table = await readStatements(build, given)
        // Said where the build planned other statements, or where a table's definition is
        // written in the files but could not be read: not to an application of no definitions.
        const said = table.unplannedAt.filter(({ defined }) => defined || table.plans.size > 0)
        const planner = plannerMode === 'keep' || keepParser() ? [] : plannerWarnings(said)
        return { warnings: [...warningsOf(table.unseen, mode), ...planner] }
      })
      build.onResolve({ filter: /^#dql\/grammar$/ }, (args) => {
        if (args.pluginData === NAMESPACE) return undefined
        return { path: 'grammar', namespace: NAMESPACE, pluginData: args.resolveDir }
      })
      // The statements read at build time, shared by the grammar's module and the planner's.
      build.onResolve({ filter: new RegExp(`^${STATEMENTS}$`) }, () => ({
        path: 'statements',
        namespace: NAMESPACE,
      }))
      build.onLoad({ filter: /^statements$/, namespace: NAMESPACE }, () => ({
        contents: statementsModule(table.readings),
        loader: 'js',
      }))
      build.onLoad({ filter: /^grammar$/, namespace: NAMESPACE }, async (args) => {
        const parser = keepParser() ? await realPath(build, '#dql/grammar', args) : undefined
        return { contents: grammarModule(parser), loader: 'js', resolveDir: '.' }
      })
      // The planner of reads: the plans made at build time, in front of it or in its place.
      build.onResolve({ filter: /^#dql\/planner$/ }, (args) => {
        if (args.pluginData === NAMESPACE || table.plans.size === 0) return undefined
        return { path: 'planner', namespace: NAMESPACE, pluginData: args.resolveDir }
      })
      build.onLoad({ filter: /^planner$/, namespace: NAMESPACE }, async (args) => {
        const keep = plannerMode === 'keep' || keepParser() || table.unplanned
        const real = keep ? await realPath(build, '#dql/planner', args) : undefined
        return {
          contents: plannerModule(table.plans, STATEMENTS, real),
          loader: 'js',
          resolveDir: '.',
        }
      })
      // The lean transport's loader: left as it is (its code bundled), or `undefined`.
      build.onResolve({ filter: /^#dql\/lean-transport$/ }, () => {
        const keep = lean === 'keep' || (lean === 'auto' && table.mentionsLean)
        return keep ? undefined : { path: 'lean-transport', namespace: NAMESPACE }
      })
      build.onLoad({ filter: /^lean-transport$/, namespace: NAMESPACE }, () => ({
        contents: 'export const loadLean = undefined\n',
        loader: 'js',
      }))
      // Writes, page cursors and scans: each left as it is, or `undefined`.
      for (const [path, name, use] of [
        ['writes', 'writeSupport', 'writes'],
        ['cursors', 'cursorSupport', 'cursors'],
        ['scans', 'scanSupport', 'scans'],
      ] as const) {
        build.onResolve({ filter: new RegExp(`^#dql/${path}$`) }, () =>
          keepAll() || table.uses[use] ? undefined : { path, namespace: NAMESPACE },
        )
        build.onLoad({ filter: new RegExp(`^${path}$`), namespace: NAMESPACE }, () => ({
          contents: `export const ${name} = undefined\n`,
          loader: 'js',
        }))
      }
      // The SDK's commands: those the parts kept send.
      build.onResolve({ filter: /^#dql\/sdk$/ }, (args) =>
        keepAll() ? undefined : { path: 'sdk', namespace: NAMESPACE, pluginData: args.resolveDir },
      )
      build.onLoad({ filter: /^sdk$/, namespace: NAMESPACE }, (args) => {
        const { uses } = table
        const operations = [
          ...READ_OPERATIONS,
          ...(uses.scans ? ['Scan'] : []),
          ...(uses.writes ? WRITE_OPERATIONS : []),
          ...(uses.describe ? ['DescribeTable'] : []),
          ...(uses.loadTables ? ['ListTables'] : []),
        ]
        return {
          contents: sdkModule(operations),
          loader: 'js',
          resolveDir: typeof args.pluginData === 'string' ? args.pluginData : '.',
        }
      })
    },
  }
}

/**
 * Where dql's own module behind a package import is (`#dql/grammar`, `#dql/planner`), resolved
 * from the importing file's directory (`pluginData` of the module being loaded), past this
 * plugin's own resolution.
 */
async function realPath(
  build: PluginBuild,
  specifier: string,
  args: { readonly pluginData?: unknown },
): Promise<string> {
  const resolveDir = typeof args.pluginData === 'string' ? args.pluginData : ''
  const resolved = await build.resolve(specifier, {
    kind: 'import-statement',
    resolveDir,
    pluginData: NAMESPACE,
  })
  return resolved.path
}

interface Statements {
  /** Each statement read, by its key (see `keyOf`). */
  readonly readings: Map<string, Reading>
  /** The plans of the read statements planned at build time, by the same key. */
  readonly plans: Map<string, BuildPlan>
  /** Whether some read statement was not planned at build time (so the planner stays). */
  readonly unplanned: boolean
  /** Why read statements naming their table were not planned: one per table, where first. */
  readonly unplannedAt: {
    readonly reason: string
    readonly location: Location
    /** Whether a defineTable call in the files names the table (written otherwise than as a literal). */
    readonly defined: boolean
  }[]
  /** The statements the plugin cannot read, with where they are. */
  readonly unseen: { readonly reason: string; readonly location: Location }[]
  /** Whether a bundled file may ask for the lean transport (`MAYBE_LEAN`). */
  readonly mentionsLean: boolean
  /** The parts that `features: 'auto'` keeps: those a statement or a call needs. */
  readonly uses: {
    readonly writes: boolean
    readonly cursors: boolean
    readonly scans: boolean
    readonly loadTables: boolean
    /** DescribeTable: a statement names a table that no definition names. */
    readonly describe: boolean
  }
}

/**
 * Every statement in the files the build bundles. A first build of the same entries, without
 * this plugin and writing nothing, lists them (its metafile), so that the table is whole before
 * the grammar's module is asked for. dql's own files are left out.
 */
async function readStatements(
  build: PluginBuild,
  given: readonly TableInput[],
): Promise<Statements> {
  const initial = build.initialOptions
  const listing = await build.esbuild.build({
    ...initial,
    plugins: (initial.plugins ?? []).filter((plugin) => plugin.name !== 'dql-precompile'),
    write: false,
    metafile: true,
    minify: false,
    sourcemap: false,
    logLevel: 'silent',
  })
  const cwd = initial.absWorkingDir ?? process.cwd()
  // dql's own files (its own statements, if any, are not the application's): dist/, and src/
  // where dql is bundled from its sources (its repository's measurements).
  const root = dirname(createRequire(import.meta.url).resolve('dql/package.json'))
  const own = [join(root, 'dist'), join(root, 'src')]
  const readings = new Map<string, Reading>()
  /** Each reading's text and how many holes it has, for planning it. */
  const texts = new Map<string, { text: string; holes: number; location: Location }>()
  const definitions: unknown[] = []
  const unseen: Statements['unseen'] = []
  const grammar = loadGrammar()
  let mentionsLean = false
  const uses = { writes: false, cursors: false, scans: false, loadTables: false, describe: false }
  /** The tables the statements name, and those the definitions name. */
  const named = new Set<string>()
  const defined = new Set<string>()
  for (const input of Object.keys(listing.metafile.inputs)) {
    const json = JSON_FILE.test(input)
    if ((!SCRIPT.test(input) && !json) || NAMESPACED.test(input)) continue
    const file = isAbsolute(input) ? input : join(cwd, input)
    if (own.some((dir) => !relative(dir, file).startsWith('..'))) continue
    const source = await readFile(file, 'utf8')
    mentionsLean ||= MAYBE_LEAN.test(source)
    uses.writes ||= MAYBE_TRANSACT.test(source)
    uses.cursors ||= MAYBE_PAGE.test(source)
    uses.loadTables ||= MAYBE_LOAD_TABLES.test(source)
    const defines = source.includes('defineTable')
    if (defines) {
      for (const [, , name = ''] of source.matchAll(DEFINED_NAME)) defined.add(name)
    }
    if (json || (!defines && !MAYBE_STATEMENTS.test(source))) continue
    const commonJs = file.endsWith('.cjs') || file.endsWith('.cts')
    const parsed = parseSync(file, source, { sourceType: commonJs ? 'commonjs' : 'module' })
    if (parsed.errors.length > 0) continue
    if (defines) definitions.push(...literalDefinitions(parsed.program))
    const dependency = input.includes('node_modules/')
    for (const found of findStatements(parsed.program, source)) {
      const statement = statementOf(found)
      if (statement === undefined) {
        // A library's own `.prepare(x)` or `.run(x)` is most likely not dql's: not a reason to
        // keep the parser; were it dql's, it fails with parse.not-precompiled, naming its text.
        if (found.kind === 'skipped' && !dependency) {
          unseen.push({ reason: found.reason, location: locationOf(input, source, found.at) })
        }
        continue
      }
      const key = keyOf(statement.text, statement.holes)
      if (!readings.has(key)) {
        const reading = grammar.readStatement(statement.text, statement.holes)
        readings.set(key, reading)
        texts.set(key, {
          text: statement.text,
          holes: statement.holes?.size ?? 0,
          location: locationOf(input, source, found.at),
        })
        if ('ast' in reading) {
          const { kind, table } = reading.ast
          if (kind === 'scan') uses.scans = true
          else if (kind !== 'read') uses.writes = true
          if (table.kind === 'name') named.add(table.name)
        }
      }
    }
  }
  uses.describe = uses.loadTables || [...named].some((name) => !defined.has(name))
  const tables = new BuildTables(given, definitions)
  const plans = new Map<string, BuildPlan>()
  const unplannedAt = new Map<string, Statements['unplannedAt'][number]>()
  let unplanned = false
  for (const [key, reading] of readings) {
    const found = texts.get(key)
    if (found === undefined) continue
    const plan = planAtBuild(reading, found.text, found.holes, tables)
    if (plan !== undefined) plans.set(key, plan)
    else if ('ast' in reading && (reading.ast.kind === 'read' || reading.ast.kind === 'scan')) {
      unplanned = true
      // A `FROM ${table}` statement names its table when it runs, by the application's choice:
      // the planner stays for it, unsaid.
      const ref = reading.ast.table
      if (ref.kind !== 'name' || unplannedAt.has(ref.name)) continue
      const named = defined.has(ref.name)
      const reason =
        `table ${ref.name} has no one definition the build can read: ` +
        (named
          ? 'the defineTable call naming it is not written as a literal (a variable, a ' +
            'spread or a computed name in its options), or two different ones name it'
          : 'no defineTable call in a bundled file names it, nor dqlPrecompile({ tables })')
      unplannedAt.set(ref.name, { reason, location: found.location, defined: named })
    }
  }
  return {
    readings,
    plans,
    unplanned,
    unplannedAt: [...unplannedAt.values()],
    unseen,
    mentionsLean,
    uses,
  }
}

/** A found statement's text and hole offsets, as src/parse/parse-cache.ts makes them. */
function statementOf(
  found: Found,
): { text: string; holes: Map<number, number> | null } | undefined {
  if (found.kind === 'skipped') return undefined
  if (found.kind === 'text') return { text: found.text, holes: null }
  const holes = new Map<number, number>()
  let text = ''
  for (let i = 0; i < found.cooked.length; i++) {
    const part = found.cooked[i]
    // An invalid escape fails before the grammar is asked (parse.bad-template).
    if (part === undefined) return undefined
    if (i > 0) {
      holes.set(text.length, i - 1)
      text += HOLE
    }
    text += part
  }
  return { text, holes }
}

/** The table's key of a statement: its text, and where its holes are (none for a text). */
function keyOf(text: string, holes: ReadonlyMap<number, number> | null): string {
  return `${holes === null ? 't' : [...holes.keys()].join(',')}\u0000${text}`
}

function locationOf(file: string, source: string, offset: number): Location {
  const before = source.slice(0, offset)
  const line = before.split('\n').length
  const start = before.lastIndexOf('\n') + 1
  const end = source.indexOf('\n', offset)
  return {
    file,
    namespace: 'file',
    line,
    column: offset - start,
    length: 1,
    lineText: source.slice(start, end === -1 ? undefined : end),
    suggestion: '',
  }
}

function warningsOf(unseen: Statements['unseen'], mode: PrecompileOptions['parser']): Message[] {
  if (mode === 'keep') return []
  return unseen.map(({ reason, location }) =>
    warning(
      location,
      mode === 'drop'
        ? 'dqlPrecompile left the parser out: this statement is not written where it can be ' +
            `read at build time, and will fail with parse.not-precompiled: ${reason}.`
        : 'dqlPrecompile keeps the parser (Chevrotain) in the bundle: a statement here is not ' +
            `written where it can be read at build time: ${reason}. Write it as a dql template ` +
            "or db.prepare('literal'), or pass dqlPrecompile({ parser: 'drop' }) to leave the " +
            'parser out anyway (such a statement then fails with parse.not-precompiled).',
    ),
  )
}

/** One of the plugin's build warnings, at a statement of the application. */
function warning(location: Location, text: string): Message {
  return { id: '', pluginName: 'dql-precompile', text, location, notes: [], detail: undefined }
}

/** The module of the statements read at build time: each reading, by its key (`keyOf`). */
function statementsModule(readings: ReadonlyMap<string, Reading>): string {
  const entries = [...readings].map(([key, reading]) => `[${sourceOf(key)},${sourceOf(reading)}]`)
  return `export const readings = new Map([
${entries.join(',\n')}
])
`
}

/** Why the planner stays in a bundle where the build planned other statements. */
function plannerWarnings(unplanned: Statements['unplannedAt']): Message[] {
  return unplanned.map(({ reason, location }) =>
    warning(
      location,
      'dqlPrecompile keeps the planner of reads in the bundle: this statement was not planned ' +
        `at build time, because ${reason}. It is planned when it first runs. Define the table ` +
        'with a literal defineTable({ … }) or pass it in dqlPrecompile({ tables }) to leave the ' +
        "planner out, or pass dqlPrecompile({ planner: 'keep' }) to keep it without this warning.",
    ),
  )
}

/**
 * The module bundled in place of the grammar's loader: the statements read at build time, and
 * for any other statement the real grammar (`parser`, its loader's path) or the error saying
 * it was not read.
 */
function grammarModule(parser: string | undefined): string {
  const fallback =
    parser === undefined
      ? `({ problem: { code: 'parse.not-precompiled', offset: 0, suggestions: [], reason:
    'This statement was not read when the application was bundled with dqlPrecompile, and ' +
    'the bundle has no parser: ' + text + ". Write it as a dql template or db.prepare('literal') " +
    "where the plugin can read it, or bundle with dqlPrecompile({ parser: 'keep' })." } })`
      : 'parser().readStatement(text, holes)'
  return `${parser === undefined ? '' : `import { loadGrammar as parser } from ${sourceOf(parser)}\n`}import { readings } from ${sourceOf(STATEMENTS)}
const keyOf = (text, holes) => (holes === null ? 't' : [...holes.keys()].join(',')) + '\\u0000' + text
const grammar = {
  readStatement(text, holes) {
    return readings.get(keyOf(text, holes)) ?? ${fallback}
  },
}
export function loadGrammar() {
  return grammar
}
`
}

/**
 * The module bundled in place of the SDK's loader (load-sdk.ts) when parts are left out: the
 * client class, and a sender for each operation of `operations` only, so that the bundle holds
 * only those commands of the SDK. The SDK transport refuses any other (`usage.not-bundled`).
 */
function sdkModule(operations: readonly string[]): string {
  const commands = operations.map((operation) => `${operation}Command`)
  const senders = operations.map(
    (operation) =>
      `  ${operation}: (client, input, options) => client.send(new ${operation}Command(input), options),`,
  )
  return `import { DynamoDBClient, ${commands.join(', ')} } from '@aws-sdk/client-dynamodb'
const senders = {
${senders.join('\n')}
}
export function clientClass() {
  return DynamoDBClient
}
export function loadSenders() {
  return senders
}
`
}
