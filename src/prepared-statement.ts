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
import {
  failing,
  type Call,
  type ExecuteResult,
  type ResultPage,
  type Runtime,
} from './runtime/runtime.js'

/** Named parameter values of a text statement. */
export type Params = Readonly<Record<string, unknown>>

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
 */
export class PreparedStatement<Item = Record<string, unknown>> {
  readonly #runtime: Runtime
  readonly #parsed: ParsedStatement

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

  // Each item-reading call has one signature and an implementation returning unknown: the
  // item type is the caller's word about the text, which carries no type of its own.
  first(params?: Params, options?: PreparedCallOptions): Promise<Item | undefined>
  first(params?: Params, options?: PreparedCallOptions): Promise<unknown> {
    try {
      return this.#runtime.first(this.#call(params, options))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  all(params?: Params, options?: PreparedCallOptions): Promise<Item[]>
  all(params?: Params, options?: PreparedCallOptions): Promise<unknown[]> {
    try {
      return this.#runtime.all(this.#call(params, options))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  iterate(params?: Params, options?: PreparedCallOptions): AsyncIterable<Item>
  iterate(params?: Params, options?: PreparedCallOptions): AsyncIterable<unknown> {
    let call: Call
    try {
      call = this.#call(params, options)
    } catch (error) {
      return failing(error)
    }
    return this.#runtime.iterate(call)
  }

  count(params?: Params, options?: PreparedCallOptions): Promise<number> {
    try {
      return this.#runtime.count(this.#call(params, options))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  page(
    params?: Params,
    options?: PreparedCallOptions & { cursor?: string },
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
  explain(params?: Params): Explanation {
    return this.#runtime.explain(this.#call(params, undefined))
  }

  /** The statement run as it says: items, a count (COUNT(*)) or a plan (EXPLAIN). */
  execute(params?: Params, options?: PreparedCallOptions): Promise<ExecuteResult> {
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
