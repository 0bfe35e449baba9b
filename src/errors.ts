/**
 * The one error type of dql. Every failure a user can cause is a DqlError with a stable
 * `code`; statement errors also carry the `line`, `column` and a caret `excerpt`.
 */

import { displayWidth } from './text/display-width.js'
import { escapeControls } from './text/escape.js'

/** Every code dql can throw. Codes are stable: match on them, not on messages. */
export type DqlErrorCode =
  // reading a statement
  | 'parse.empty'
  | 'parse.too-long'
  | 'parse.too-deep'
  | 'parse.unexpected-character'
  | 'parse.unexpected-token'
  | 'parse.unterminated-string'
  | 'parse.unterminated-name'
  | 'parse.empty-name'
  | 'parse.keyword-as-name'
  | 'parse.hole-as-name'
  | 'parse.param-as-name'
  | 'parse.hole-in-text'
  | 'parse.quoted-hole'
  | 'parse.unknown-function'
  | 'parse.bad-arguments'
  | 'parse.bad-limit'
  | 'parse.bad-segments'
  | 'parse.segments-not-scan'
  | 'parse.bad-index'
  | 'parse.bad-number'
  | 'parse.bad-template'
  | 'parse.mixed-values'
  | 'parse.not-comparable'
  | 'parse.not-precompiled'
  // table definitions
  | 'schema.invalid'
  | 'schema.duplicate-table'
  | 'schema.table-not-found'
  // planning
  | 'plan.unknown-table'
  | 'plan.unknown-index'
  | 'plan.index-not-usable'
  | 'plan.key-in-filter'
  | 'plan.scan-required'
  | 'plan.sparse-index'
  | 'plan.partial-key'
  | 'plan.order-by'
  | 'plan.consistent-on-global-index'
  | 'plan.uncovered-projection'
  | 'plan.overlapping-paths'
  | 'plan.bad-table-hole'
  | 'plan.write-needs-key'
  | 'plan.key-update'
  | 'plan.bad-item'
  | 'plan.bad-write'
  // binding values
  | 'bind.bad-value'
  | 'bind.missing-param'
  | 'bind.bad-item'
  | 'bind.item-too-large'
  // running
  | 'execute.unprocessed-keys'
  | 'execute.timeout'
  | 'execute.unmatched-item'
  | 'execute.unprocessed-items'
  | 'result.unsafe-number'
  // writing
  | 'write.item-exists'
  | 'write.transaction-canceled'
  // usage of the API
  | 'usage.bad-argument'
  | 'usage.bad-cursor'
  | 'usage.wrong-call'
  | 'usage.not-bundled'

/** Where in a statement an error points. */
export interface ErrorPosition {
  /** The statement, with each template hole shown as `${…}`. */
  readonly text: string
  /** Offset of the offending spot in `text`. */
  readonly offset: number
}

export interface DqlErrorOptions {
  readonly position?: ErrorPosition
  /** "Did you mean" candidates, best first. */
  readonly suggestions?: readonly string[]
  readonly cause?: unknown
  /** `execute.unprocessed-items`: what a batch write left unwritten, and how much it wrote. */
  readonly batch?: BatchProgress
  /** For `write.item-exists`: the indexes of the items whose key existed. */
  readonly indexes?: readonly number[]
  /** `write.transaction-canceled`: why, statement by statement. */
  readonly reasons?: readonly CancellationReason[]
}

/** How far a batch write got before it failed. */
export interface BatchProgress {
  /** The keys not known to be written, in the order they were given, with field names. */
  readonly unprocessed: readonly Record<string, unknown>[]
  /** How many items (puts or deletes) DynamoDB confirmed. */
  readonly written: number
}

/** One statement's part in a cancelled transaction. */
export interface CancellationReason {
  /** The statement's position in the transaction, from 0. */
  readonly index: number
  /** DynamoDB's cancellation code: `None` for a statement that did not cause it. */
  readonly code: string
  readonly message?: string
  /** The stored item (field names), for a failed condition that asked for it, when one exists. */
  readonly current?: Record<string, unknown>
}

/** A failure the user can cause: a bad statement, a bad value, a plan that would need a Scan… */
export class DqlError extends Error {
  override readonly name = 'DqlError'
  /** Stable code, for example `parse.unexpected-token` or `plan.scan-required`. */
  readonly code: DqlErrorCode
  /** The sentence that names the problem and the fix, without position or excerpt. */
  readonly reason: string
  /** 1-based line of the offending spot, for statement errors. */
  readonly line: number | undefined
  /** 1-based column of the offending spot, for statement errors. */
  readonly column: number | undefined
  /** The offending line of the statement with a caret under the spot. */
  readonly excerpt: string | undefined
  /** The statement text (holes shown as `${…}`), for statement errors. */
  readonly statement: string | undefined
  /** "Did you mean" candidates, best first. */
  readonly suggestions: readonly string[]
  /** `execute.unprocessed-items`: the keys not known to be written, with field names. */
  readonly unprocessed: readonly Record<string, unknown>[] | undefined
  /** `execute.unprocessed-items`: how many items were written before the batch failed. */
  readonly written: number | undefined
  /** `write.transaction-canceled`: one reason per statement, in order. */
  readonly reasons: readonly CancellationReason[] | undefined
  /** For `write.item-exists`: the indexes of the items whose key existed. */
  readonly indexes: readonly number[] | undefined

  constructor(code: DqlErrorCode, reason: string, options: DqlErrorOptions = {}) {
    const where = options.position ? locate(options.position) : undefined
    const full = where
      ? `${reason} (line ${where.line}, column ${where.column})\n\n${where.excerpt}`
      : reason
    super(full, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.reason = reason
    this.line = where?.line
    this.column = where?.column
    this.excerpt = where?.excerpt
    this.statement = options.position?.text
    this.suggestions = options.suggestions ?? []
    this.unprocessed = options.batch?.unprocessed
    this.written = options.batch?.written
    this.reasons = options.reasons
    this.indexes = options.indexes
  }
}

/** Widest excerpt shown around the caret; longer lines are cut with an ellipsis. */
const EXCERPT_WIDTH = 72

/** The line, column and caret excerpt of a spot in a text: statement errors, `dql check` in source files. */
export function locate(position: ErrorPosition): { line: number; column: number; excerpt: string } {
  const { text } = position
  const offset = Math.max(0, Math.min(position.offset, text.length))
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  let lineEnd = text.indexOf('\n', lineStart)
  if (lineEnd === -1) lineEnd = text.length
  const column = offset - lineStart + 1

  // Keep the caret in view on very long lines.
  let from = lineStart
  let to = lineEnd
  if (to - from > EXCERPT_WIDTH) {
    from = Math.max(lineStart, offset - Math.floor(EXCERPT_WIDTH / 2))
    to = Math.min(lineEnd, from + EXCERPT_WIDTH)
  }
  const head = from > lineStart ? '…' : ''
  const tail = to < lineEnd ? '…' : ''
  // Control characters are shown escaped (a statement must not drive the terminal), so the
  // caret is padded by what is shown. Tabs stay tabs so that it lines up in any terminal.
  const shown = escapeControls(text.slice(from, to).replace(/\r$/, ''), true)
  const before = escapeControls(text.slice(from, offset), true)
  // Padded by display width: a CJK character or an emoji takes two cells.
  const pad =
    (head ? ' ' : '') +
    before
      .split('\t')
      .map((part) => ' '.repeat(displayWidth(part)))
      .join('\t')
  return { line, column, excerpt: `  ${head}${shown}${tail}\n  ${pad}^` }
}
