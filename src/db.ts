/**
 * `createDql`: a database handle over one DynamoDB client and a set of tables. It owns the
 * plan cache: per parsed statement (and per table, for `FROM ${table}`), the PreparedCommand
 * is built once, so a cached call does no lexing, parsing or planning — only bind and send.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { explain, type Explanation } from './compile/explain.js'
import {
  prepareCommand,
  type BindArgs,
  type BoundCommand,
  type PreparedCommand,
} from './compile/prepare-command.js'
import { DqlError } from './errors.js'
import { createClient } from './execute/create-client.js'
import { decodeCursor, encodeCursor } from './execute/cursor.js'
import { describeTable, listTableNames } from './execute/load-tables.js'
import type { NumberMode } from './execute/map-item.js'
import {
  allItems,
  countItems,
  DEFAULT_RETRY,
  getItem,
  iterateItems,
  pages,
  type RetryOptions,
  type RunContext,
} from './execute/run.js'
import { BoundStatement } from './parse/bound-statement.js'
import { parseStatementText, parseTemplate } from './parse/parse-cache.js'
import type { ParsedStatement } from './parse/parse-text.js'
import { planStatement } from './plan/plan-statement.js'
import { resolveTable, TableRegistry } from './plan/resolve-table.js'
import type { TableDefinition } from './schema/define-table.js'

/** Options of `createDql`. */
export interface DqlOptions {
  /** The DynamoDB client to send with; used as it is. */
  readonly client?: DynamoDBClient
  /**
   * Without `client`: the AWS region of the recommended client dql then builds with
   * `createClient({ region })` (cacheMiddleware and keep-alive agents; see docs/performance.md).
   */
  readonly region?: string
  /** Tables statements may name. Others are read with DescribeTable on first use. */
  readonly tables?: readonly TableDefinition<any>[]
  /**
   * How numbers come back: `number` (default; a number that a double cannot hold exactly is a
   * `result.unsafe-number` error, never rounded), `bigint` (such integers as bigint) or
   * `string` (every number as its decimal string).
   */
  readonly numbers?: NumberMode
  /** How BatchGetItem retries UnprocessedKeys: attempts, base and max delay. */
  readonly retry?: Partial<RetryOptions>
  /** Per-key Queries (IN list plus a filter) in flight at once in `all`; default 4. */
  readonly concurrency?: number
}

/** Options of one call. */
export interface CallOptions {
  /** Stops sending and rejects (or ends the iteration) when aborted. */
  readonly signal?: AbortSignal
}

/** One page of a read: the matching items of one DynamoDB response and where to go on. */
export interface ResultPage<Item> {
  readonly items: Item[]
  /** Pass to the next `page` call; undefined on the last page. */
  readonly cursor: string | undefined
}

/** A statement from text, with named `:parameters`. */
export interface PreparedStatement<Item = Record<string, unknown>> {
  /** The statement text. */
  readonly text: string
  /** The `:name` parameters it takes. */
  readonly params: readonly string[]
  first(params?: Params, options?: CallOptions): Promise<Item | undefined>
  all(params?: Params, options?: CallOptions): Promise<Item[]>
  iterate(params?: Params, options?: CallOptions): AsyncIterable<Item>
  count(params?: Params, options?: CallOptions): Promise<number>
  page(params?: Params, options?: CallOptions & { cursor?: string }): Promise<ResultPage<Item>>
  /** The plan and SDK input for these parameter values, without I/O. */
  explain(params?: Params): Explanation
}

/** Named parameter values of a text statement. */
export type Params = Readonly<Record<string, unknown>>

/** The item type a call returns: an explicit type argument, else that of `FROM ${table}`. */
export type ResultItem<Explicit, Values extends readonly unknown[]> = [Explicit] extends [never]
  ? TableItem<Values>
  : Explicit

type TableItem<Values extends readonly unknown[]> = [
  Extract<Values[number], TableDefinition<any>>,
] extends [never]
  ? Record<string, unknown>
  : Extract<Values[number], TableDefinition<any>> extends TableDefinition<infer Item>
    ? Item
    : Record<string, unknown>

/** Counts plan + compile runs, so that tests can prove a cache hit does neither. */
export const planCounter = { count: 0 }

interface Call {
  readonly parsed: ParsedStatement
  readonly args: BindArgs
  /** Template values, for `FROM ${table}`. */
  readonly values: readonly unknown[] | undefined
}

type StatementArg = BoundStatement<any> | TemplateStringsArray

/** A database handle: see `createDql`. */
export class Dql {
  readonly client: DynamoDBClient
  private readonly registry: TableRegistry
  private readonly numbers: NumberMode
  private readonly retry: RetryOptions
  private readonly concurrency: number
  private readonly cache = new WeakMap<ParsedStatement, PreparedCommand>()
  private readonly countCache = new WeakMap<ParsedStatement, PreparedCommand>()
  private readonly perTable = new WeakMap<
    ParsedStatement,
    WeakMap<TableDefinition, { read?: PreparedCommand; count?: PreparedCommand }>
  >()

  constructor(options: DqlOptions) {
    if (options === null || typeof options !== 'object') {
      throw new DqlError('usage.bad-argument', 'createDql takes { client, tables }.')
    }
    const client =
      options.client === undefined && typeof options.region === 'string'
        ? createClient({ region: options.region })
        : options.client
    if (client === undefined || typeof client?.send !== 'function') {
      throw new DqlError(
        'usage.bad-argument',
        'createDql needs { client }: a DynamoDBClient from @aws-sdk/client-dynamodb ' +
          "(or { region: 'eu-west-1' } to build the recommended client).",
      )
    }
    const numbers = options.numbers ?? 'number'
    if (numbers !== 'number' && numbers !== 'bigint' && numbers !== 'string') {
      throw new DqlError('usage.bad-argument', "numbers is 'number', 'bigint' or 'string'.")
    }
    this.client = client
    this.registry = new TableRegistry(options.tables ?? [])
    this.numbers = numbers
    this.retry = { ...DEFAULT_RETRY, ...options.retry }
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 4))
  }

  /** The tables statements may name. */
  get tables(): readonly TableDefinition[] {
    return this.registry.tables()
  }

  /**
   * The first matching item, or undefined: ``await db.first`FROM bins WHERE card_bin = ${x}` ``.
   * A COUNT(*) statement gives `{ count }`; an EXPLAIN statement gives its Explanation.
   */
  first<Item>(statement: BoundStatement<Item>, options?: CallOptions): Promise<Item | undefined>
  first<Item = never, V extends unknown[] = unknown[]>(
    strings: TemplateStringsArray,
    ...values: V
  ): Promise<ResultItem<Item, V> | undefined>
  async first(first: StatementArg, ...rest: unknown[]): Promise<unknown> {
    const { call, options } = this.callOf(first, rest)
    const items = await this.read(call, options, 1)
    return items[0]
  }

  /** Every matching item: ``await db.all`FROM posts WHERE Id = ${id}` ``. */
  all<Item>(statement: BoundStatement<Item>, options?: CallOptions): Promise<Item[]>
  all<Item = never, V extends unknown[] = unknown[]>(
    strings: TemplateStringsArray,
    ...values: V
  ): Promise<ResultItem<Item, V>[]>
  async all(first: StatementArg, ...rest: unknown[]): Promise<unknown[]> {
    const { call, options } = this.callOf(first, rest)
    return this.read(call, options, undefined)
  }

  /** The matching items one at a time, pages fetched lazily: `for await (const x of db.iterate`…`)`. */
  iterate<Item>(statement: BoundStatement<Item>, options?: CallOptions): AsyncIterable<Item>
  iterate<Item = never, V extends unknown[] = unknown[]>(
    strings: TemplateStringsArray,
    ...values: V
  ): AsyncIterable<ResultItem<Item, V>>
  iterate(first: StatementArg, ...rest: unknown[]): AsyncIterable<unknown> {
    const { call, options } = this.callOf(first, rest)
    return this.stream(call, options)
  }

  /** How many items match, summed over every page: ``await db.count`FROM posts WHERE Id = ${id}` ``. */
  count(statement: BoundStatement<any>, options?: CallOptions): Promise<number>
  count(strings: TemplateStringsArray, ...values: unknown[]): Promise<number>
  count(first: StatementArg, ...rest: unknown[]): Promise<number> {
    const { call, options } = this.callOf(first, rest)
    return this.countCall(call, options)
  }

  /**
   * One page: the matching items of one DynamoDB response and a cursor for the next page.
   * `db.page(dql`…`, { cursor })`; the cursor is an opaque string (see docs/execution.md).
   */
  page<Item>(
    statement: BoundStatement<Item>,
    options?: CallOptions & { cursor?: string },
  ): Promise<ResultPage<Item>> {
    const { call } = this.callOf(statement, [])
    return this.pageCall(call, options ?? {}) as Promise<ResultPage<Item>>
  }

  /**
   * The plan of a statement and the exact SDK input it would send, without I/O:
   * ``db.explain`FROM bins WHERE card_bin = ${x}` `` or `db.explain(dql`…`)`.
   */
  explain(statement: BoundStatement<any>): Explanation
  explain(strings: TemplateStringsArray, ...values: unknown[]): Explanation
  explain(first: StatementArg, ...rest: unknown[]): Explanation {
    const { call } = this.callOf(first, rest)
    const prepared = this.prepared(call, 'read')
    return explain(prepared, prepared.bind(call.args))
  }

  /** A statement from text (REPL, dynamic use), cached by text, with `:name` parameters. */
  prepare<Item = Record<string, unknown>>(text: string): PreparedStatement<Item> {
    const parsed = parseStatementText(text)
    const call = (params: Params = {}): Call => {
      if (params === null || typeof params !== 'object' || Array.isArray(params)) {
        throw new DqlError('usage.bad-argument', 'Parameters are an object: { name: value }.')
      }
      return { parsed, args: params, values: undefined }
    }
    return {
      text: parsed.text,
      params: parsed.params,
      first: async (params, options) => (await this.read(call(params), options, 1))[0] as Item,
      all: (params, options) => this.read(call(params), options, undefined) as Promise<Item[]>,
      iterate: (params, options) => this.stream(call(params), options) as AsyncIterable<Item>,
      count: (params, options) => this.countCall(call(params), options),
      page: (params, options) =>
        this.pageCall(call(params), options ?? {}) as Promise<ResultPage<Item>>,
      explain: (params) => {
        const bound = call(params)
        const prepared = this.prepared(bound, 'read')
        return explain(prepared, prepared.bind(bound.args))
      },
    }
  }

  /**
   * Reads table definitions from DynamoDB (DescribeTable; every table when no names are
   * given) and adds them, so statements can name those tables by their DynamoDB names.
   * Tables already defined keep their definitions.
   */
  async loadTables(names?: readonly string[]): Promise<TableDefinition[]> {
    const wanted = names ?? (await listTableNames(this.client))
    const loaded: TableDefinition[] = []
    for (const name of wanted) {
      const known = this.registry.get(name)
      if (known) {
        loaded.push(known)
        continue
      }
      const table = await describeTable(this.client, name)
      if (table === undefined) {
        throw new DqlError('plan.unknown-table', `DynamoDB has no table named ${name}.`)
      }
      this.registry.add(table)
      loaded.push(table)
    }
    return loaded
  }

  private async read(
    call: Call,
    options: CallOptions | undefined,
    limit: number | undefined,
  ): Promise<unknown[]> {
    const prepared = await this.preparedAsync(call, 'read')
    const bound = prepared.bind(call.args)
    if (call.parsed.ast.explain) return [explain(prepared, bound)]
    const context = this.context(prepared, options)
    if (prepared.plan.projection.kind === 'count')
      return [{ count: await countItems(bound, context) }]
    if (bound.operation === 'GetItem') return getItem(bound, context)
    if (limit === undefined) return allItems(bound, context)
    // Only `limit` items are wanted: without a filter, DynamoDB need not read more.
    if (bound.operation === 'Query') {
      for (const input of bound.inputs) {
        if (input.FilterExpression === undefined)
          input.Limit = Math.min(input.Limit ?? limit, limit)
      }
    } else if (bound.operation === 'Scan' && bound.input.FilterExpression === undefined) {
      bound.input.Limit = Math.min(bound.input.Limit ?? limit, limit)
    }
    const items: unknown[] = []
    for await (const item of iterateItems(bound, context)) {
      items.push(item)
      if (items.length >= limit) break
    }
    return items
  }

  private async *stream(call: Call, options: CallOptions | undefined): AsyncGenerator<unknown> {
    const prepared = await this.preparedAsync(call, 'read')
    const bound = prepared.bind(call.args)
    if (call.parsed.ast.explain) {
      yield explain(prepared, bound)
      return
    }
    const context = this.context(prepared, options)
    if (prepared.plan.projection.kind === 'count') {
      yield { count: await countItems(bound, context) }
      return
    }
    yield* iterateItems(bound, context)
  }

  private async countCall(call: Call, options: CallOptions | undefined): Promise<number> {
    if (call.parsed.ast.explain) {
      throw new DqlError(
        'usage.bad-argument',
        'count runs a statement; for its plan, use db.explain or first/all with EXPLAIN.',
      )
    }
    const prepared = await this.preparedAsync(call, 'count')
    return countItems(prepared.bind(call.args), this.context(prepared, options))
  }

  private async pageCall(
    call: Call,
    options: CallOptions & { cursor?: string },
  ): Promise<ResultPage<unknown>> {
    const prepared = await this.preparedAsync(call, 'read')
    if (prepared.plan.projection.kind === 'count' || call.parsed.ast.explain) {
      throw new DqlError(
        'usage.bad-argument',
        'page reads items; for COUNT(*) use db.count, for EXPLAIN db.explain.',
      )
    }
    const bound = prepared.bind(call.args)
    // A cursor belongs to one statement with its values: a page of another is refused.
    const identity = `${call.parsed.text}\u0000${boundValues(bound)}`
    const from =
      options.cursor === undefined
        ? { request: 0, start: undefined, taken: 0 }
        : decodeCursor(identity, options.cursor)
    const limit = 'limit' in bound ? bound.limit : undefined
    const iterator = pages(bound, this.context(prepared, options), from)
    const result = await iterator.next()
    await iterator.return(undefined)
    if (result.done) return { items: [], cursor: undefined }
    let items = result.value.items
    let next = result.value.next
    if (limit !== undefined && from.taken + items.length >= limit) {
      items = items.slice(0, limit - from.taken)
      next = undefined
    }
    const cursor = next
      ? encodeCursor(identity, { ...next, taken: from.taken + items.length })
      : undefined
    return { items, cursor }
  }

  private context(prepared: PreparedCommand, options: CallOptions | undefined): RunContext {
    return {
      client: this.client,
      table: prepared.plan.table,
      numbers: this.numbers,
      retry: this.retry,
      concurrency: this.concurrency,
      signal: options?.signal,
    }
  }

  /** Like `prepared`, but a table no one defined is read with DescribeTable first. */
  private async preparedAsync(call: Call, shape: 'read' | 'count'): Promise<PreparedCommand> {
    try {
      return this.prepared(call, shape)
    } catch (error) {
      const table = call.parsed.ast.table
      if (!(error instanceof DqlError) || error.code !== 'plan.unknown-table') throw error
      if (table.kind !== 'name') throw error
      const described = await describeTable(this.client, table.name)
      if (described === undefined) throw error
      this.registry.add(described)
      return this.prepared(call, shape)
    }
  }

  /** The PreparedCommand for a statement, from cache when planned before. */
  private prepared(call: Call, shape: 'read' | 'count'): PreparedCommand {
    const { parsed } = call
    if (parsed.ast.table.kind === 'name') {
      const cache = shape === 'read' ? this.cache : this.countCache
      let prepared = cache.get(parsed)
      if (prepared === undefined) {
        prepared = this.compile(parsed, resolveTable(parsed, this.registry, undefined), shape)
        cache.set(parsed, prepared)
      }
      return prepared
    }
    const table = resolveTable(parsed, this.registry, call.values)
    let byTable = this.perTable.get(parsed)
    if (byTable === undefined) {
      byTable = new WeakMap()
      this.perTable.set(parsed, byTable)
    }
    let entry = byTable.get(table)
    if (entry === undefined) {
      entry = {}
      byTable.set(table, entry)
    }
    return (entry[shape] ??= this.compile(parsed, table, shape))
  }

  private compile(
    parsed: ParsedStatement,
    table: TableDefinition,
    shape: 'read' | 'count',
  ): PreparedCommand {
    planCounter.count++
    if (parsed.params.length > 0 && parsed.holes > 0) {
      throw new DqlError(
        'bind.missing-param',
        'A statement takes ${…} holes (templates) or :name parameters (text), not both.',
        { position: { text: parsed.text, offset: 0 } },
      )
    }
    // db.count on any statement counts what it would read.
    const statement: ParsedStatement =
      shape === 'count' && parsed.ast.projection.kind !== 'count'
        ? {
            ...parsed,
            ast: { ...parsed.ast, projection: { kind: 'count', at: parsed.ast.projection.at } },
          }
        : parsed
    return prepareCommand(planStatement(statement, table), parsed.text)
  }

  private callOf(
    first: StatementArg,
    rest: unknown[],
  ): { call: Call; options: CallOptions | undefined } {
    if (first instanceof BoundStatement) {
      const options = rest[0] as CallOptions | undefined
      return {
        call: { parsed: first.parsed, args: first.values, values: first.values },
        options,
      }
    }
    if (Array.isArray(first) && Array.isArray((first as TemplateStringsArray).raw)) {
      const parsed = parseTemplate(first as TemplateStringsArray)
      return { call: { parsed, args: rest, values: rest }, options: undefined }
    }
    throw new DqlError(
      'usage.bad-argument',
      'Pass a tagged template (db.all`FROM …`) or a dql`…` statement; for text, use db.prepare(text).',
    )
  }
}

/** The values a bound command sends, as text: what ties a cursor to its call's values. */
function boundValues(bound: BoundCommand): string {
  switch (bound.operation) {
    case 'GetItem':
      return JSON.stringify(bound.input.Key)
    case 'Query':
      return JSON.stringify(bound.inputs.map((input) => input.ExpressionAttributeValues))
    case 'Scan':
      return JSON.stringify(bound.input.ExpressionAttributeValues ?? null)
    case 'BatchGetItem':
      return JSON.stringify(bound.keys)
  }
}

/**
 * Creates a database handle: `createDql({ client, tables: [bins] })`, or
 * `createDql({ region, tables })` to have dql build its recommended client (`createClient`).
 */
export function createDql(options: DqlOptions): Dql {
  return new Dql(options)
}
