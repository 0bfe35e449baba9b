/**
 * Statement text → AST. The only place that asks the grammar (grammar.ts, through
 * load-grammar.ts) to read a statement; everything else reaches it through the caches in
 * parse-cache.ts.
 */
import type { Statement } from '../ast/nodes.js'
import { DqlError } from '../errors.js'
import { loadGrammar } from './load-grammar.js'

/** Longest statement accepted, in characters; longer is `parse.too-long`. */
export const MAX_STATEMENT_LENGTH = 100_000

/** A statement read once, shared by every call that uses the same text. */
export interface ParsedStatement {
  /** The statement text, each template hole shown as `${…}`. */
  readonly text: string
  readonly ast: Statement
  /** How many template holes the statement has. */
  readonly holes: number
  /** The `:name` parameters it uses, in order of first use. */
  readonly params: readonly string[]
}

/**
 * Lexes and parses `text`. `holeOffsets` maps the offset of each real template hole to its
 * index; `null` means a text statement, where `${…}` is not allowed.
 */
export function parseText(
  text: string,
  holeOffsets: ReadonlyMap<number, number> | null,
): ParsedStatement {
  const fail = (code: DqlError['code'], reason: string, offset: number, suggestions?: string[]) =>
    new DqlError(code, reason, { position: { text, offset }, suggestions: suggestions ?? [] })

  if (text.length > MAX_STATEMENT_LENGTH) {
    throw fail(
      'parse.too-long',
      `The statement is ${text.length} characters long; the limit is ${MAX_STATEMENT_LENGTH}. ` +
        'Pass long lists and values as ${…} holes or :name parameters.',
      MAX_STATEMENT_LENGTH,
    )
  }
  const reading = loadGrammar().readStatement(text, holeOffsets)
  if ('problem' in reading) {
    const { code, reason, offset, suggestions } = reading.problem
    throw fail(code, reason, offset, [...suggestions])
  }
  const holes = holeOffsets?.size ?? 0
  return { text, ast: reading.ast, holes, params: reading.params }
}
