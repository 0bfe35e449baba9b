/**
 * `db.prepare(text)`: a statement from a string, parsed once per text (an LRU shared with
 * templates), whose calls take the `:name` parameters. The same runtime as the handle's own
 * calls: the same plan cache, the same executor.
 */
import type { Explanation } from './compile/explain.js'
import { DqlError } from './errors.js'
import { BoundStatement } from './parse/bound-statement.js'
import type { WriteResult } from './execute/write.js'
import { parseStatementText } from './parse/parse-cache.js'
import type { ParsedStatement } from './parse/parse-text.js'
import type { TableDefinition } from './schema/table-types.js'
import type { ReadStatement, ReadText } from './typed/parse-text.js'
import type { ParamsOf, ResultItem, TableNamed } from './typed/result-item.js'
import {
  failing,
  type Call,
  type ExecuteResult,
  type ResultPage,
  type Runtime,
} from './runtime/runtime.js'

/** Named parameter values of a text statement. */
export type Params = Readonly<Record<string, unknown>>

/** What a statement gives: items, a count (`SELECT COUNT(*)`), a plan (`EXPLAIN`) or a write's result. */
export type StatementResult = 'items' | 'count' | 'explain' | 'write'

/**
 * The statement `db.prepare(text)` returns, typed from `Text` when it is a literal read
 * statement that names one of `Tables` by a name its type knows (a definition made by the
 * curried `defineTable<Item>()({ … })`); otherwise the untyped `PreparedStatement`.
 */
export type PreparedStatementFor<Text extends string, Tables> = string extends Text
  ? PreparedStatement
  : Typed<ReadStatement<Text>, Tables>

type Typed<Read, Tables> = [Read] extends [never]
  ? PreparedStatement
  : Read extends ReadText
    ? WithTable<Read, TableNamed<Tables, Read['table']>>
    : PreparedStatement

type WithTable<Read extends ReadText, Table> = [Table] extends [never]
  ? PreparedStatement
  : Table extends TableDefinition<unknown>
    ? PreparedStatement<
        ResultItem<Table, Read['projection']>,
        ParamsOf<Read['params']>,
        Read['result']
      >
    : PreparedStatement

/** The arguments of a call: the parameters are required when the statement uses some. */
type Args<P, Options> = {} extends P
  ? [params?: P, options?: Options]
  : [params: P, options?: Options]
type ParamsArg<P> = {} extends P ? [params?: P] : [params: P]

// The `this` of the calls a statement cannot run: the message is what the compiler shows.
type ItemsCall<Result> = [Result] extends ['count']
  ? 'SELECT COUNT(*) gives a number, not items: call count() or execute()'
  : [Result] extends ['explain']
    ? 'EXPLAIN gives a plan, not items: call explain() or execute()'
    : unknown
type CountCall<Result> = [Result] extends ['explain']
  ? 'EXPLAIN gives a plan, not a count: call explain() or execute()'
  : unknown

/** What `execute` gives for each kind of statement. */
type ExecuteResultOf<Result, Item> = Result extends 'items'
  ? { readonly kind: 'items'; readonly items: Item[] }
  : Result extends 'count'
    ? { readonly kind: 'count'; readonly count: number }
    : Result extends 'explain'
      ? { readonly kind: 'explain'; readonly explanation: Explanation }
      : { readonly kind: 'write'; readonly result: WriteResult }

/** Options of one call of a prepared statement. */
export interface PreparedCallOptions {
  /** Stops sending and rejects (or ends the iteration) when aborted. */
  readonly signal?: AbortSignal
}

/**
 * A statement from text, with named `:parameters`. `db.prepare` throws for a text it cannot
 * read; after that, as on the handle, a call that returns a Promise rejects rather than throws
 * (parameters that are not an object too), `iterate` fails on its first `next()`, and
 * `explain` throws.
 *
 * Its type parameters are what a typed text statement knows (see `PreparedStatementFor`): the
 * item, the parameters object `P`, and what the statement gives, which rules out at compile
 * time the calls that would refuse it (`first` of a COUNT(*), `count` of an EXPLAIN).
 */
export class PreparedStatement<
  Item = Record<string, unknown>,
  P extends Params = Params,
  Result extends StatementResult = StatementResult,
> {
  readonly #runtime: Runtime
  readonly #parsed: ParsedStatement
  /** Only carries `Result` for the type checker. */
  declare readonly __result?: Result

  constructor(runtime: Runtime, text: string) {
    this.#runtime = runtime
    this.#parsed = parseStatementText(text, runtime.onParse)
  }

  /** The statement text. */
  get text(): string {
    return this.#parsed.text
  }

  /** The `:name` parameters it takes, in order of first use. */
  get params(): readonly string[] {
    return this.#parsed.params
  }

  // Each call has one signature and an implementation over unknown items: the types are the
  // text's, read by the compiler, or the caller's word about the text.
  first(this: ItemsCall<Result>, ...args: Args<P, PreparedCallOptions>): Promise<Item | undefined>
  first(params?: Params, options?: PreparedCallOptions): Promise<unknown> {
    try {
      return this.#runtime.first(this.#call(params, options))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  all(this: ItemsCall<Result>, ...args: Args<P, PreparedCallOptions>): Promise<Item[]>
  all(params?: Params, options?: PreparedCallOptions): Promise<unknown[]> {
    try {
      return this.#runtime.all(this.#call(params, options))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  iterate(this: ItemsCall<Result>, ...args: Args<P, PreparedCallOptions>): AsyncIterable<Item>
  iterate(params?: Params, options?: PreparedCallOptions): AsyncIterable<unknown> {
    let call: Call
    try {
      call = this.#call(params, options)
    } catch (error) {
      return failing(error)
    }
    return this.#runtime.iterate(call)
  }

  count(this: CountCall<Result>, ...args: Args<P, PreparedCallOptions>): Promise<number>
  count(params?: Params, options?: PreparedCallOptions): Promise<number> {
    try {
      return this.#runtime.count(this.#call(params, options))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  page(
    this: ItemsCall<Result>,
    ...args: Args<P, PreparedCallOptions & { cursor?: string }>
  ): Promise<ResultPage<Item>>
  page(
    params?: Params,
    options?: PreparedCallOptions & { cursor?: string },
  ): Promise<ResultPage<unknown>> {
    try {
      return this.#runtime.page(this.#call(params, options), options?.cursor)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /** A write (INSERT, REPLACE, UPDATE, UPSERT, DELETE) with these parameter values. */
  run(params?: Params, options?: PreparedCallOptions): Promise<WriteResult> {
    try {
      return this.#runtime.run(this.#call(params, options))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /** The plan and SDK input for these parameter values, without I/O. */
  explain(...args: ParamsArg<P>): Explanation
  explain(params?: Params): Explanation {
    return this.#runtime.explain(this.#call(params, undefined))
  }

  /** The statement run as it says: items, a count (COUNT(*)) or a plan (EXPLAIN). */
  execute(...args: Args<P, PreparedCallOptions>): Promise<ExecuteResultOf<Result, Item>>
  execute(params?: Params, options?: PreparedCallOptions): Promise<unknown> {
    try {
      return this.#runtime.execute(this.#call(params, options))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /**
   * The statement with these parameter values, as a `BoundStatement`: for `db.transact`, or
   * any call that takes a `dql` statement.
   */
  bind(params?: Params): BoundStatement<Item> {
    const { args } = this.#call(params, undefined)
    return new BoundStatement<Item>(this.#parsed, [], args)
  }

  #call(params: Params = {}, options: PreparedCallOptions | undefined): Call {
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      throw new DqlError('usage.bad-argument', 'Parameters are an object: { name: value }.')
    }
    return { parsed: this.#parsed, args: params, values: undefined, signal: options?.signal }
  }
}
