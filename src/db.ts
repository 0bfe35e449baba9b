/**
 * `createDql`: a database handle over one DynamoDB client and a set of tables. Each call
 * turns its arguments into one Call and hands it to the runtime, which plans (once), binds
 * and runs it.
 */
// The SDK transport; the dql/lean entry is built without it (scripts/build.mjs).
import './runtime/sdk-support.js'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { Explanation } from './compile/explain.js'
import { DqlError } from './errors.js'
import type { WriteResult } from './execute/write.js'
import { argsOf, BoundStatement, isTemplate, parsedOf } from './parse/bound-statement.js'
import { parseTemplate } from './parse/parse-cache.js'
import { PreparedStatement, type PreparedStatementFor } from './prepared-statement.js'
import { settingsOf, type DqlOptions } from './runtime/options.js'
import type { TransactResult } from './runtime/transact.js'
import {
  failing,
  Runtime,
  type Call,
  type ExecuteResult,
  type ResultPage,
} from './runtime/runtime.js'
import type { TableDefinition } from './schema/define-table.js'

/** Options of one call. */
export interface CallOptions {
  /** Stops sending and rejects (or ends the iteration) when aborted. */
  readonly signal?: AbortSignal
}

/** The item type a call returns: an explicit type argument, else that of `FROM ${table}`. */
export type ResultItem<Explicit, Values extends readonly unknown[]> = [Explicit] extends [never]
  ? TableItem<Values>
  : Explicit

type TableItem<Values extends readonly unknown[]> = [
  Extract<Values[number], TableDefinition<unknown>>,
] extends [never]
  ? Record<string, unknown>
  : Extract<Values[number], TableDefinition<unknown>> extends TableDefinition<infer Item>
    ? Item
    : Record<string, unknown>

type StatementArg = BoundStatement<unknown> | TemplateStringsArray

/**
 * A database handle: see `createDql`. A call that returns a Promise never throws: a statement
 * it cannot read or an argument it cannot take rejects it, as a failure to plan or send would;
 * `iterate` fails on its first `next()`. `explain` and `prepare`, which return no Promise,
 * throw (docs/execution.md, "Errors").
 */
export class Dql<Tables extends readonly TableDefinition<unknown>[] = readonly TableDefinition[]> {
  /**
   * The DynamoDBClient this handle sends with (the SDK transport), or whose settings the lean
   * transport took; undefined for a lean transport built from options, or a Transport object.
   */
  readonly client: DynamoDBClient | undefined
  readonly #runtime: Runtime

  constructor(options: DqlOptions<Tables>) {
    const settings = settingsOf(options)
    this.client = settings.client
    this.#runtime = new Runtime(settings)
  }

  /** The tables statements may name. */
  get tables(): readonly TableDefinition[] {
    return this.#runtime.registry.tables()
  }

  /** The first matching item, or undefined: ``await db.first`FROM bins WHERE card_bin = ${x}` ``. */
  first<Item>(statement: BoundStatement<Item>, options?: CallOptions): Promise<Item | undefined>
  first<Item = never, V extends unknown[] = unknown[]>(
    strings: TemplateStringsArray,
    ...values: V
  ): Promise<ResultItem<Item, V> | undefined>
  first(first: StatementArg, ...rest: unknown[]): Promise<unknown> {
    try {
      return this.#runtime.first(this.#call(first, rest))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /** Every matching item: ``await db.all`FROM posts WHERE Id = ${id}` ``. */
  all<Item>(statement: BoundStatement<Item>, options?: CallOptions): Promise<Item[]>
  all<Item = never, V extends unknown[] = unknown[]>(
    strings: TemplateStringsArray,
    ...values: V
  ): Promise<ResultItem<Item, V>[]>
  all(first: StatementArg, ...rest: unknown[]): Promise<unknown[]> {
    try {
      return this.#runtime.all(this.#call(first, rest))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /** The matching items one at a time, pages fetched lazily: `for await (const x of db.iterate`…`)`. */
  iterate<Item>(statement: BoundStatement<Item>, options?: CallOptions): AsyncIterable<Item>
  iterate<Item = never, V extends unknown[] = unknown[]>(
    strings: TemplateStringsArray,
    ...values: V
  ): AsyncIterable<ResultItem<Item, V>>
  iterate(first: StatementArg, ...rest: unknown[]): AsyncIterable<unknown> {
    let call: Call
    try {
      call = this.#call(first, rest)
    } catch (error) {
      return failing(error)
    }
    return this.#runtime.iterate(call)
  }

  /** How many items match, summed over every page: ``await db.count`FROM posts WHERE Id = ${id}` ``. */
  count(statement: BoundStatement<unknown>, options?: CallOptions): Promise<number>
  count(strings: TemplateStringsArray, ...values: unknown[]): Promise<number>
  count(first: StatementArg, ...rest: unknown[]): Promise<number> {
    try {
      return this.#runtime.count(this.#call(first, rest))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /**
   * One page: the matching items of one DynamoDB response and a cursor for the next page.
   * `db.page(dql`…`, { cursor })`; the cursor is an opaque string (see docs/execution.md).
   */
  page<Item>(
    statement: BoundStatement<Item>,
    options?: CallOptions & { cursor?: string },
  ): Promise<ResultPage<Item>>
  page(statement: BoundStatement<unknown>, options?: CallOptions & { cursor?: string }) {
    try {
      return this.#runtime.page(this.#call(statement, [options]), options?.cursor)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /**
   * The plan of a statement and the exact SDK input it would send, without I/O:
   * ``db.explain`FROM bins WHERE card_bin = ${x}` `` or `db.explain(dql`…`)`.
   */
  explain(statement: BoundStatement<unknown>): Explanation
  explain(strings: TemplateStringsArray, ...values: unknown[]): Explanation
  explain(first: StatementArg, ...rest: unknown[]): Explanation {
    return this.#runtime.explain(this.#call(first, rest))
  }

  /**
   * A write: ``await db.run`UPDATE bins SET issuer = ${x} WHERE card_bin = ${b}` ``. Returns
   * `{ count, item?, current? }` (docs/execution.md, "Writes"); a read is refused.
   */
  run(statement: BoundStatement<unknown>, options?: CallOptions): Promise<WriteResult>
  run(strings: TemplateStringsArray, ...values: unknown[]): Promise<WriteResult>
  run(first: StatementArg, ...rest: unknown[]): Promise<WriteResult> {
    try {
      return this.#runtime.run(this.#call(first, rest))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /**
   * Any statement, run as it says: `EXPLAIN …` gives its plan, `SELECT COUNT(*) …` its
   * count, any other read its items; the result says which (`kind`). For shells and tools
   * that run statements they did not write.
   */
  execute(statement: BoundStatement<unknown>, options?: CallOptions): Promise<ExecuteResult>
  execute(strings: TemplateStringsArray, ...values: unknown[]): Promise<ExecuteResult>
  execute(first: StatementArg, ...rest: unknown[]): Promise<ExecuteResult> {
    try {
      return this.#runtime.execute(this.#call(first, rest))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /**
   * A statement from text (REPL, dynamic use), cached by text, with `:name` parameters. A
   * string literal that names a table of `createDql({ tables })` defined by the curried
   * `defineTable<Item>()({ … })` is typed from its text: the items (`Pick` of `Item` for a
   * SELECT list), exactly its parameters, and which calls can run it. A type argument is the
   * caller's word for the item type instead.
   */
  prepare<Item = never, Text extends string = string>(
    text: Text,
  ): [Item] extends [never] ? PreparedStatementFor<Text, Tables[number]> : PreparedStatement<Item>
  prepare(text: string): PreparedStatement {
    return new PreparedStatement(this.#runtime, text)
  }

  /**
   * Reads table definitions from DynamoDB (DescribeTable; every table when no names are
   * given) and adds them, so statements can name those tables by their DynamoDB names.
   * Tables already defined keep their definitions.
   */
  loadTables(names?: readonly string[]): Promise<TableDefinition[]> {
    return this.#runtime.registry.load(names)
  }

  /**
   * Runs statements as one transaction, all or nothing: reads by full key (one
   * TransactGetItems) give `{ items }`, in order, `undefined` for a missing item; writes (one
   * TransactWriteItems) give `{ count }`. Statements are `dql` statements, or
   * `db.prepare(text).bind(params)`. See docs/execution.md#transactions.
   */
  transact(
    statements: readonly BoundStatement<unknown>[],
    options?: CallOptions,
  ): Promise<TransactResult> {
    try {
      if (!Array.isArray(statements)) {
        throw new DqlError(
          'usage.bad-argument',
          'db.transact takes an array of statements: db.transact([dql`…`, dql`…`]).',
        )
      }
      const calls = statements.map((statement: unknown) => {
        if (statement instanceof BoundStatement) return this.#call(statement, [])
        throw new DqlError(
          'usage.bad-argument',
          'db.transact takes dql`…` statements, or db.prepare(text).bind(params).',
        )
      })
      return this.#runtime.transact(calls, signalOf(options))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  #call(first: StatementArg, rest: unknown[]): Call {
    if (first instanceof BoundStatement) {
      const signal = signalOf(rest[0])
      const values = first.values
      const args = argsOf(first)
      // A text statement bound with PreparedStatement.bind has parameters, and no values.
      return { parsed: parsedOf(first), args, values: args === values ? values : undefined, signal }
    }
    if (isTemplate(first)) {
      const parsed = parseTemplate(first, this.#runtime.onParse)
      return { parsed, args: rest, values: rest }
    }
    throw new DqlError(
      'usage.bad-argument',
      'Pass a tagged template (db.all`FROM …`) or a dql`…` statement; for text, use db.prepare(text).',
    )
  }
}

/** The `signal` of call options, checked. */
function signalOf(options: unknown): AbortSignal | undefined {
  const signal =
    typeof options === 'object' && options !== null && 'signal' in options
      ? options.signal
      : undefined
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new DqlError('usage.bad-argument', 'signal is an AbortSignal.')
  }
  return signal
}

/**
 * Creates a database handle: `createDql({ client, tables: [bins] })`, or
 * `createDql({ region, tables })` to have dql build its recommended client (`createClient`),
 * or `createDql({ transport: 'lean', region, tables })` to send without the SDK.
 */
export function createDql<
  Tables extends readonly TableDefinition<unknown>[] = readonly TableDefinition[],
>(options: DqlOptions<Tables>): Dql<Tables> {
  return new Dql(options)
}
