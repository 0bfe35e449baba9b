/**
 * One REPL session: runs statements and dot-commands and returns what to print. Shared by
 * the interactive shell and `-e`. Nothing a user types escapes as an exception.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createDql, type Dql } from '../db.js'
import type { NumberMode } from '../execute/map-item.js'
import { HELP, WORDS } from './help.js'
import { parseStatementText } from '../parse/parse-cache.js'
import type { PreparedStatement } from '../prepared-statement.js'
import type { TableDefinition } from '../schema/define-table.js'
import { didYouMean } from '../text/did-you-mean.js'
import { SeenNames } from './complete.js'
import { describeDefinition } from './describe.js'
import { READS, WRITES, type Meter } from './meter.js'
import {
  absentColumnNotes,
  formatJson,
  formatTable,
  formatWrite,
  leadingColumns,
} from './format.js'
import { describeError } from './shell-errors.js'
import { isRecord, parseValue, RefusedValue, showValue } from './values.js'

export { parseValue } from './values.js'
export { describeError } from './shell-errors.js'

export type OutputFormat = 'table' | 'json'

/** The capacity a statement consumed: RCU for reads, WCU for writes (both when it did both). */
function capacity(meter: Meter): string[] {
  const wrote = meter.operations.some((operation) => WRITES.includes(operation))
  const read = !wrote || meter.capacity > 0
  return [
    ...(read ? [`${round(meter.capacity)} RCU`] : []),
    ...(wrote ? [`${round(meter.writeCapacity)} WCU`] : []),
  ]
}

/** What a run printed, and whether it succeeded. */
export interface RunResult {
  readonly output: string
  readonly ok: boolean
  /** True when the session should end (`.exit`). */
  readonly exit?: boolean
  /** For a statement: its result alone (`output` without the summary), for `-e`'s stdout. */
  readonly data?: string
  /** For a statement: items, time, requests and capacity, which `-e` writes to stderr. */
  readonly summary?: string
}

/** How one run may be cancelled, and where its progress lines go. */
export interface RunOptions {
  /** Aborting it cancels the statement: no request is sent after it. */
  readonly signal?: AbortSignal
  /** Replaces the session's progress sink for this run. */
  readonly progress?: (line: string) => void
}

export class Session {
  format: OutputFormat = 'table'
  /** Without a prototype: `.set __proto__ 1` is a parameter like any other. */
  readonly params: Record<string, unknown> = Object.create(null)
  /** Attribute names results showed, which tab completion offers besides the declared ones. */
  readonly seen = new SeenNames()
  private meter: Meter | undefined
  private ready: Promise<void> | undefined

  constructor(
    private db: Dql,
    private readonly client: DynamoDBClient,
    private readonly progress: (line: string) => void = () => {},
    /** The mode `db` was made with; `.numbers` makes a handle with another. */
    private numbers: NumberMode = 'string',
  ) {
    // Ask for consumed capacity and count what each statement sends.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const meter = this.meter
        const operation = String(context.commandName).replace(/Command$/, '')
        const input: unknown = args.input
        const reads = READS.includes(operation)
        const writes = WRITES.includes(operation)
        if (meter && (reads || writes) && isRecord(input)) input.ReturnConsumedCapacity = 'TOTAL'

        let result: Awaited<ReturnType<typeof next>>
        try {
          result = await next(args)
        } catch (error) {
          // A request DynamoDB answered with an error (a write whose condition is false) was
          // sent all the same; one cancelled or unanswered was not.
          const metadata = isRecord(error) ? error.$metadata : undefined
          if (meter && isRecord(metadata) && metadata.httpStatusCode !== undefined) {
            meter.operations.push(operation)
          }
          throw error
        }
        if (meter) {
          meter.operations.push(operation)
          const output: unknown = result.output
          const consumed = isRecord(output) ? output.ConsumedCapacity : undefined
          for (const entry of Array.isArray(consumed) ? consumed : [consumed]) {
            if (isRecord(entry) && typeof entry.CapacityUnits === 'number') {
              if (writes) meter.writeCapacity += entry.CapacityUnits
              else meter.capacity += entry.CapacityUnits
            }
          }
          if (isRecord(output) && Array.isArray(output.Items)) meter.items += output.Items.length
        }
        return result
      },
      { step: 'initialize', name: 'replMeter' },
    )
  }

  /** Runs one statement or dot-command. */
  async run(input: string, options: RunOptions = {}): Promise<RunResult> {
    const text = input.trim()
    if (text === '') return { output: '', ok: true }
    try {
      if (text.startsWith('.')) return this.command(text)
      return await this.statement(text, options)
    } catch (error) {
      return { output: describeError(error), ok: false }
    }
  }

  /** Statements wait for `ready` (the demo data, written while the prompt is up) before they run. */
  waitFor(ready: Promise<void>): void {
    // Its failure is told by the statements that wait for it, not as an unhandled rejection.
    ready.catch(() => {})
    this.ready = ready
  }

  private async statement(text: string, options: RunOptions): Promise<RunResult> {
    if (this.ready) {
      const { signal } = options
      const aborted = new Promise<'aborted'>((resolve) => {
        if (signal?.aborted) resolve('aborted')
        signal?.addEventListener('abort', () => resolve('aborted'), { once: true })
      })
      if ((await Promise.race([this.ready, aborted])) === 'aborted') {
        return { output: 'cancelled while the demo data was being written', ok: false }
      }
      this.ready = undefined
    }
    const progress = options.progress ?? this.progress
    const statement = this.db.prepare(text.replace(/;\s*$/, ''))
    const meter: Meter = { operations: [], capacity: 0, writeCapacity: 0, items: 0 }
    this.meter = meter
    const started = performance.now()
    // A statement that pages for more than a second says how far it got.
    const timer = setInterval(() => {
      progress(
        `… ${meter.operations.length} requests, ${meter.items} items read, ${seconds(started)} s`,
      )
    }, 1000)
    const summary = (what: string) =>
      [
        what,
        `${(performance.now() - started).toFixed(1)} ms`,
        `${summarise(meter.operations)}`,
        // A write shows the write capacity it consumed; a read (or a write that read) its RCU.
        ...capacity(meter),
      ].join(' · ')
    try {
      const result = await statement
        .execute(this.params, { signal: options.signal })
        .catch((error: unknown) => {
          if (options.signal?.aborted !== true) throw error
          return undefined
        })
      if (result === undefined) {
        const read = `${meter.items} item${meter.items === 1 ? '' : 's'}`
        return { output: summary(`cancelled after ${read}`), ok: false }
      }
      if (result.kind === 'explain') return { output: formatJson(result.explanation), ok: true }
      if (result.kind === 'write') {
        const { body, what } = formatWrite(result.result, this.format)
        // No item to show: the summary is the whole answer, on its own line.
        if (body === '') return { output: summary(what), ok: true }
        return printed(body, summary(what))
      }
      if (result.kind === 'count') {
        const row = { count: result.count }
        const body = this.format === 'json' ? formatJson(row) : formatTable([row])
        return printed(body, summary(`count ${result.count}`))
      }
      const { items } = result
      const { columns, table } = this.columns(statement)
      if (table) this.seen.record(table.name, items)
      const body = this.format === 'json' ? formatJson(items) : formatTable(items, columns)
      const notes = absentColumnNotes(items, columns, table)
      const counted = `${items.length} item${items.length === 1 ? '' : 's'}`
      // Notes are about the result, not part of it: with -e they go to stderr with the summary.
      return printed(body, [...notes, summary(counted)].join('\n'))
    } finally {
      clearInterval(timer)
      this.meter = undefined
    }
  }

  /** The columns a statement's table leads with (its SELECT list, or the table's keys). */
  private columns(statement: PreparedStatement): {
    columns: string[]
    table: TableDefinition | undefined
  } {
    const ast = parseStatementText(statement.text).ast
    const ref = ast.table
    const table =
      ref.kind === 'name'
        ? this.db.tables.find((t) => t.name === ref.name || t.tableName === ref.name)
        : undefined
    return { columns: leadingColumns(ast, table), table }
  }

  private command(text: string): RunResult {
    const [name = '', ...rest] = text.split(/\s+/)
    const argument = text.slice(name.length).trim()
    switch (name) {
      case '.help':
        return {
          output: HELP.replace('%FORMAT%', this.format)
            .replace('%NUMBERS%', this.numbers)
            .replace('%WORDS%', WORDS),
          ok: true,
        }
      case '.exit':
      case '.quit':
        return { output: '', ok: true, exit: true }
      case '.tables':
        return { output: this.tables(), ok: true }
      case '.describe':
        return this.describe(rest[0])
      case '.format':
        if (argument === 'table' || argument === 'json') {
          this.format = argument
          return { output: `results print as ${argument}`, ok: true }
        }
        return { output: 'usage: .format table|json', ok: false }
      case '.numbers':
        return this.setNumbers(argument)
      case '.set': {
        const match = /^([A-Za-z_][A-Za-z0-9_]*)\s+(.+)$/s.exec(argument)
        const [, name, text] = match ?? []
        if (name === undefined || text === undefined) {
          return { output: 'usage: .set <name> <value>', ok: false }
        }
        let value: unknown
        try {
          value = parseValue(text)
        } catch (error) {
          if (!(error instanceof RefusedValue)) throw error
          return {
            output: `.set: ${error.message}; :${name} is unchanged.${error.advice}`,
            ok: false,
          }
        }
        // Shown before it is kept: a value too deep to print must not stay to break .params.
        const output = `:${name} = ${showValue(value)}`
        this.params[name] = value
        return { output, ok: true }
      }
      case '.unset':
        if (!Object.hasOwn(this.params, argument)) {
          return { output: `no parameter :${argument} is set`, ok: false }
        }
        delete this.params[argument]
        return { output: `:${argument} unset`, ok: true }
      case '.params': {
        const entries = Object.entries(this.params)
        if (entries.length === 0) return { output: 'no parameters set (.set name value)', ok: true }
        return { output: entries.map(([k, v]) => `:${k} = ${showValue(v)}`).join('\n'), ok: true }
      }
      default:
        return { output: `unknown command ${name}; .help lists them`, ok: false }
    }
  }

  private setNumbers(mode: string): RunResult {
    if (mode === '') return { output: numbersLine(this.numbers), ok: true }
    if (mode !== 'number' && mode !== 'bigint' && mode !== 'string') {
      return { output: 'usage: .numbers number|bigint|string', ok: false }
    }
    // The mode is fixed per handle; a new one over the same client and tables costs nothing.
    this.db = createDql({ client: this.client, tables: this.db.tables, numbers: mode })
    this.numbers = mode
    return { output: numbersLine(mode), ok: true }
  }

  private tables(): string {
    const tables = this.db.tables
    if (tables.length === 0) return 'no tables'
    return formatTable(
      tables.map((table) => ({
        table: table.name,
        'DynamoDB name': table.tableName,
        'partition key': table.partitionKey,
        'sort key': table.sortKey ?? '',
        indexes: table.indexes.map((index) => index.name).join(', '),
      })),
    )
  }

  private describe(name: string | undefined): RunResult {
    const table = this.db.tables.find((t) => t.name === name || t.tableName === name)
    if (!table) {
      const known = this.db.tables.map((t) => t.name)
      if (name === undefined) {
        return {
          output: `usage: .describe <table>; the tables are ${known.join(', ') || 'none'}`,
          ok: false,
        }
      }
      const [nearest] = didYouMean(name, [...known, ...this.db.tables.map((t) => t.tableName)])
      const guess = nearest === undefined ? '' : `; did you mean ${nearest}?`
      return { output: `unknown table ${name}${guess} (.tables lists them)`, ok: false }
    }
    return { output: describeDefinition(table), ok: true }
  }
}

function numbersLine(mode: NumberMode): string {
  const how = {
    number: 'number (one beyond a double is an error)',
    bigint: 'bigint for integers beyond a double (other numbers beyond it are an error)',
    string: 'string (exact decimal text)',
  }
  return `numbers come back as ${how[mode]}`
}

/** A statement's result: the shell prints both parts, `-e` splits them over stdout and stderr. */
function printed(data: string, summary: string): RunResult {
  return { output: `${data}\n${summary}`, ok: true, data, summary }
}

function summarise(operations: readonly string[]): string {
  if (operations.length === 0) return 'no request'
  const counts = new Map<string, number>()
  for (const operation of operations) counts.set(operation, (counts.get(operation) ?? 0) + 1)
  return [...counts].map(([op, n]) => (n === 1 ? op : `${n} × ${op}`)).join(', ')
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1)
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1)
}
