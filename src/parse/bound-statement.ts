/**
 * The `dql` tag: a template becomes a bound statement, the cached AST plus this call's values.
 * Values never become statement text; they are bound into the request when it is sent.
 */
import { DqlError } from '../errors.js'
import { parseTemplate } from './parse-cache.js'
import type { ParsedStatement } from './parse-text.js'

/**
 * A statement with its values: what `dql\`…\`` returns. Pass it to `db.first`, `db.all`,
 * `db.iterate`, `db.count` or `db.explain`. `Item` is the type of the items it reads.
 */
export class BoundStatement<Item = Record<string, unknown>> {
  /** The parsed statement, shared by every call from the same template or text. */
  readonly parsed: ParsedStatement
  /** The template's values, one per `${…}` hole, in order. */
  readonly values: readonly unknown[]
  /** Only carries `Item` for the type checker. */
  declare readonly __item?: Item

  constructor(parsed: ParsedStatement, values: readonly unknown[]) {
    this.parsed = parsed
    this.values = values
  }

  /** The statement text, each hole shown as `${…}`. */
  get text(): string {
    return this.parsed.text
  }
}

/**
 * Tags a DQL statement: ``dql`FROM bins WHERE card_bin = ${x}` ``. The template is parsed
 * once per call site; each later call only pairs the cached AST with the new values.
 */
export function dql<Item = Record<string, unknown>>(
  strings: TemplateStringsArray,
  ...values: unknown[]
): BoundStatement<Item> {
  if (!Array.isArray(strings) || !Array.isArray((strings as TemplateStringsArray).raw)) {
    throw new DqlError(
      'usage.bad-argument',
      'dql is a template tag: write dql`FROM table WHERE …`, not dql(…). ' +
        'For a statement in a string, use db.prepare(text).',
    )
  }
  return new BoundStatement<Item>(parseTemplate(strings), values)
}
