/**
 * What a handle does with one call: refuse a statement the call cannot run, find the table
 * (reading it from DynamoDB first when no one defined it), take the plan from the cache or
 * plan and compile it, bind this call's values and hand the command to the executor.
 */
import { bind } from '../compile/compile.js'
import { explain, type Explanation } from '../compile/explain.js'
import type { BoundWrite, PreparedWrite } from '../compile/prepared-write.js'
import type { BindArgs, BoundCommand, PreparedCommand } from '../compile/prepared.js'
import { DqlError } from '../errors.js'
import { countItems, iterateItems, readItems, readPage } from '../execute/read.js'
import type { NumberMode } from '../execute/map-item.js'
import type { RetryOptions, RunContext } from '../execute/send.js'
import type { Transport } from '../execute/transport.js'
import type { WriteResult } from '../execute/write.js'
import type { OnParse } from '../parse/parse-cache.js'
import type { ParsedStatement } from '../parse/parse-text.js'
import type { ResultShape } from '../plan/plan.js'
import type { WriteStatement } from '../ast/nodes.js'
import { resolveTable } from '../plan/resolve-table.js'
import type { Settings } from './options.js'
import type { TransactResult } from './transact.js'
import { leftOut } from './left-out.js'
import { PlanCache } from './plan-cache.js'
import { planner, precompiled, type Outcome } from './planner-support.js'
import { refuse, refuseRun, shapeOf } from './refuse.js'
import { TableRegistry } from './table-registry.js'
import { differenceOf } from '../schema/same-table.js'
import type { TableDefinition } from '../schema/define-table.js'
import { writeSupport, type WriteSupport } from './write-support.js'

type Item = Record<string, unknown>

/** The write support, or its error where dqlPrecompile left it out of the bundle. */
function writes(): WriteSupport {
  if (writeSupport === undefined) {
    throw leftOut('Writes (INSERT, REPLACE, UPDATE, UPSERT, DELETE) and db.transact are')
  }
  return writeSupport
}

/** One call: the statement, its values, and what may cancel it. */
export interface Call {
  readonly parsed: ParsedStatement
  /** The values to bind: template values, or a text statement's named parameters. */
  readonly args: BindArgs
  /** Template values, for `FROM ${table}`; undefined for a text statement. */
  readonly values: readonly unknown[] | undefined
  readonly signal?: AbortSignal | undefined
}

/** One page of a read: the matching items of one DynamoDB response and where to go on. */
export interface ResultPage<Item> {
  readonly items: Item[]
  /** Pass to the next `page` call; undefined on the last page. */
  readonly cursor: string | undefined
}

/** What any statement gives, by kind: what `db.execute` returns, for shells and tools. */
export type ExecuteResult =
  | { readonly kind: 'items'; readonly items: Item[] }
  | { readonly kind: 'count'; readonly count: number }
  | { readonly kind: 'explain'; readonly explanation: Explanation }
  | { readonly kind: 'write'; readonly result: WriteResult }

export class Runtime {
  readonly registry: TableRegistry
  /** What the parse caches tell of each statement they lex and parse for this handle. */
  readonly onParse: OnParse | undefined
  private readonly cache = new PlanCache()
  private readonly writes = new PlanCache<PreparedWrite>()

  constructor(private readonly settings: Settings) {
    const { transport, retry, requestTimeoutMs } = settings
    this.registry = new TableRegistry({ transport, retry, requestTimeoutMs }, settings.tables)
    const log = settings.log
    this.onParse = log && ((text) => log({ kind: 'parse', text }))
  }

  async first(call: Call): Promise<Item | undefined> {
    refuse(call.parsed, 'first')
    const { bound, context } = await this.bound(call, 'items')
    return (await readItems(bound, context, 1))[0]
  }

  async all(call: Call): Promise<Item[]> {
    refuse(call.parsed, 'all')
    const { bound, context } = await this.bound(call, 'items')
    return readItems(bound, context)
  }

  async *iterate(call: Call): AsyncGenerator<Item> {
    refuse(call.parsed, 'iterate')
    const { bound, context } = await this.bound(call, 'items')
    yield* iterateItems(bound, context)
  }

  async count(call: Call): Promise<number> {
    refuse(call.parsed, 'count')
    const { bound, context } = await this.bound(call, 'count')
    return countItems(bound, context)
  }

  async page(call: Call, cursor: string | undefined): Promise<ResultPage<Item>> {
    refuse(call.parsed, 'page')
    const { bound, context } = await this.bound(call, 'items')
    return readPage(bound, context, call.parsed.text, cursor, this.settings.cursorSecret)
  }

  /**
   * A write: INSERT, REPLACE, UPDATE, UPSERT or DELETE (db.run). A cached plan is bound and
   * sent in the call itself, with no step awaited first (the values are read when the call is
   * made, as a read's are); a statement or argument it cannot take throws, which the handle
   * turns into a rejection.
   */
  run(call: Call): Promise<WriteResult> {
    const { parsed } = call
    refuseRun(parsed)
    const { runWrite, bindWrite } = writes()
    const cached = this.cachedWrite(call, parsed.ast)
    if (cached === undefined) return this.planAndRun(call, parsed.ast)
    return runWrite(bindWrite(cached, call.args), this.context(cached.plan.table, call))
  }

  private async planAndRun(call: Call, ast: WriteStatement): Promise<WriteResult> {
    const { runWrite, bindWrite } = writes()
    const prepared = await this.preparedWrite(call, ast)
    return runWrite(bindWrite(prepared, call.args), this.context(prepared.plan.table, call))
  }

  /**
   * A write statement planned, compiled and bound for this call, without sending: what
   * `db.transact` takes apart into its TransactWriteItems. Loads an unknown table first.
   */
  async boundWrite(call: Call): Promise<{ prepared: PreparedWrite; bound: BoundWrite }> {
    const ast = call.parsed.ast
    if (ast.kind === 'read' || ast.kind === 'scan') {
      throw new DqlError('usage.wrong-call', 'This statement reads; it is not a write.', {
        position: { text: call.parsed.text, offset: ast.at },
      })
    }
    const prepared = await this.preparedWrite(call, ast)
    return { prepared, bound: writes().bindWrite(prepared, call.args) }
  }

  private async preparedWrite(call: Call, ast: WriteStatement): Promise<PreparedWrite> {
    const cached = this.cachedWrite(call, ast)
    if (cached !== undefined) return cached
    await this.registry.ensure(ast.table)
    return this.planWrite(call, ast)
  }

  private cachedWrite(call: Call, ast: WriteStatement): PreparedWrite | undefined {
    const { parsed } = call
    return ast.table.kind === 'name'
      ? this.writes.get(parsed, 'items')
      : this.writes.getFor(parsed, resolveTable(parsed, this.registry, call.values), 'items')
  }

  private planWrite(call: Call, ast: WriteStatement): PreparedWrite {
    const { parsed } = call
    const table = resolveTable(parsed, this.registry, call.values)
    this.settings.log?.({ kind: 'plan', text: parsed.text })
    const { compileWrite, planWrite } = writes()
    const prepared = compileWrite(planWrite(parsed, ast, table), parsed.text)
    this.writes.set(parsed, ast.table.kind === 'name' ? undefined : table, 'items', prepared)
    return prepared
  }

  private context(table: RunContext['table'], call: Call): RunContext {
    const { transport, numbers, retry, concurrency, requestTimeoutMs } = this.settings
    return { transport, table, numbers, retry, concurrency, signal: call.signal, requestTimeoutMs }
  }

  /** The plan and SDK input, without I/O: the table must be known already. */
  explain(call: Call): Explanation {
    const ast = call.parsed.ast
    if (ast.kind !== 'read' && ast.kind !== 'scan') {
      const { parsed } = call
      const table = resolveTable(parsed, this.registry, call.values)
      const cached =
        ast.table.kind === 'name'
          ? this.writes.get(parsed, 'items')
          : this.writes.getFor(parsed, table, 'items')
      const { explainWrite, bindWrite } = writes()
      const prepared = cached ?? this.planWrite(call, ast)
      return explainWrite(prepared, bindWrite(prepared, call.args))
    }
    const prepared = this.prepared(call, shapeOf(call.parsed))
    return explain(prepared, bind(prepared, call.args))
  }

  /** The SDK input(s) a call would send, without I/O: the table must be known already. */
  bind(call: Call, shape: ResultShape): BoundCommand {
    return bind(this.prepared(call, shape), call.args)
  }

  /** Any statement, by what it says: EXPLAIN gives the plan, COUNT(*) the count, else items. */
  async execute(call: Call): Promise<ExecuteResult> {
    const ast = call.parsed.ast
    if (ast.explain) {
      await this.registry.ensure(ast.table)
      return { kind: 'explain', explanation: this.explain(call) }
    }
    if (ast.kind !== 'read' && ast.kind !== 'scan') {
      return { kind: 'write', result: await this.run(call) }
    }
    if (ast.projection.kind === 'count') return { kind: 'count', count: await this.count(call) }
    return { kind: 'items', items: await this.all(call) }
  }

  /** Runs `calls` as one transaction: see transact.ts. */
  transact(calls: readonly Call[], signal: AbortSignal | undefined): Promise<TransactResult> {
    return writes().transact(this, calls, signal)
  }

  /** What every request of this handle is sent with. */
  sendContext(): {
    transport: Transport
    numbers: NumberMode
    retry: RetryOptions
    requestTimeoutMs: number | undefined
  } {
    const { transport, numbers, retry, requestTimeoutMs } = this.settings
    return { transport, numbers, retry, requestTimeoutMs }
  }

  /** The call's SDK input(s) and what to send them with, planning the statement if needed. */
  async bound(
    call: Call,
    shape: ResultShape,
  ): Promise<{ bound: BoundCommand; context: RunContext }> {
    let prepared = this.cached(call, shape)
    if (prepared === undefined) {
      await this.registry.ensure(call.parsed.ast.table)
      prepared = this.plan(call, shape)
    }
    const { transport, numbers, retry, concurrency, requestTimeoutMs } = this.settings
    const context: RunContext = {
      transport,
      table: prepared.plan.table,
      numbers,
      retry,
      concurrency,
      signal: call.signal,
      requestTimeoutMs,
    }
    return { bound: bind(prepared, call.args), context }
  }

  private prepared(call: Call, shape: ResultShape): PreparedCommand {
    return this.cached(call, shape) ?? this.plan(call, shape)
  }

  private cached(call: Call, shape: ResultShape): PreparedCommand | undefined {
    const { parsed } = call
    if (parsed.ast.table.kind === 'name') return this.cache.get(parsed, shape)
    return this.cache.getFor(parsed, resolveTable(parsed, this.registry, call.values), shape)
  }

  /** Plans and compiles a statement for its table, and caches the result. */
  private plan(call: Call, shape: ResultShape): PreparedCommand {
    const { parsed } = call
    const table = resolveTable(parsed, this.registry, call.values)
    this.settings.log?.({ kind: 'plan', text: parsed.text })
    const prepared = planRead(parsed, table, shape)
    this.cache.set(parsed, parsed.ast.table.kind === 'name' ? undefined : table, shape, prepared)
    return prepared
  }
}

/**
 * A read statement planned and compiled for `table`: the plan made at build time when
 * dqlPrecompile made one for this statement and a definition the same as `table`, else the
 * planner's, else (the planner left out of the bundle) the error saying why there is none.
 */
function planRead(parsed: ParsedStatement, table: TableDefinition, shape: ResultShape) {
  const made = precompiled?.get(parsed.ast)
  const difference = made && differenceOf(made.table, table, ['when bundled', 'in this handle'])
  if (made !== undefined && difference === undefined) return outcome(parsed, made[shape])
  if (planner !== undefined) return planner(parsed, table, shape)
  throw new DqlError(
    'usage.not-bundled',
    made === undefined
      ? 'This statement was not planned when the application was bundled, and dqlPrecompile ' +
          'left the planner out of the bundle. Bundle with dqlPrecompile({ planner: ' +
          "'keep' }) to keep it."
      : `This statement was planned when the application was bundled, for table ${made.table.name} ` +
          `as defined then, and this handle's definition differs (${difference}); ` +
          'dqlPrecompile left the planner out of the bundle. Give the plugin the definition ' +
          "the handle uses, or bundle with dqlPrecompile({ planner: 'keep' }).",
    { position: { text: parsed.text, offset: parsed.ast.table.at } },
  )
}

/** A plan made at build time, or its refusal thrown again as the planner threw it. */
function outcome(parsed: ParsedStatement, made: Outcome) {
  if ('prepared' in made) return made.prepared
  const { code, reason, offset, suggestions } = made.error
  throw new DqlError(code, reason, {
    ...(offset === undefined ? {} : { position: { text: parsed.text, offset } }),
    suggestions: [...suggestions],
  })
}

/**
 * An iteration that fails on its first `next()` with `error`: what `iterate` returns for a
 * call it cannot make, so that it fails where a failure to plan or send would, never at the
 * call itself.
 */
export async function* failing(error: unknown): AsyncGenerator<never> {
  throw error
}
