/**
 * The `dql` tag: a template becomes a bound statement, the cached AST plus this call's values.
 * Values never become statement text; they are bound into the request when it is sent.
 */
import { DqlError } from '../errors.js'
import { parseTemplate } from './parse-cache.js'
import type { ParsedStatement } from './parse-text.js'

/** The parsed form inside a BoundStatement, for the handle; not part of the public API. */
export let parsedOf: (statement: BoundStatement<unknown>) => ParsedStatement

/**
 * The values a BoundStatement binds: its template values, or the named parameters of a text
 * statement bound with `PreparedStatement.bind`. For the handle; not part of the public API.
 */
export let argsOf: (statement: BoundStatement<unknown>) => BindArgs

/** Template values, or a text statement's named parameters. */
type BindArgs = readonly unknown[] | Readonly<Record<string, unknown>>

/**
 * A statement with its values: what `dql\`…\`` returns. Pass it to `db.first`, `db.all`,
 * `db.iterate`, `db.count`, `db.page` or `db.explain`. `Item` is the type of the items it reads.
 */
export class BoundStatement<Item = Record<string, unknown>> {
  readonly #parsed: ParsedStatement
  readonly #args: BindArgs
  /** The template's values, one per `${…}` hole, in order. */
  readonly values: readonly unknown[]
  /** Only carries `Item` for the type checker. */
  declare readonly __item?: Item

  static {
    parsedOf = (statement) => statement.#parsed
    argsOf = (statement) => statement.#args
  }

  /**
   * `values` are a template's values; a text statement has none, and binds `params`, its named
   * parameters, instead.
   */
  constructor(parsed: ParsedStatement, values: readonly unknown[], params?: BindArgs) {
    this.#parsed = parsed
    this.values = values
    this.#args = params ?? values
  }

  /** The statement text, each hole shown as `${…}`. */
  get text(): string {
    return this.#parsed.text
  }
}

/** True for the strings of a tagged template (an array with its `raw` strings). */
export function isTemplate(value: unknown): value is TemplateStringsArray {
  return Array.isArray(value) && 'raw' in value && Array.isArray(value.raw)
}

/**
 * Tags a DQL statement: ``dql`FROM bins WHERE card_bin = ${x}` ``. The template is parsed
 * once per call site; each later call only pairs the cached AST with the new values.
 */
export function dql<Item = Record<string, unknown>>(
  strings: TemplateStringsArray,
  ...values: unknown[]
): BoundStatement<Item> {
  if (!isTemplate(strings)) {
    throw new DqlError(
      'usage.bad-argument',
      'dql is a template tag: write dql`FROM table WHERE …`, not dql(…). ' +
        'For a statement in a string, use db.prepare(text).',
    )
  }
  return new BoundStatement<Item>(parseTemplate(strings), values)
}
