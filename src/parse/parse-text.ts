/**
 * Statement text → AST. The only place that runs the lexer and the parser; everything else
 * reaches it through the caches in parse-cache.ts.
 */
import type { IToken } from 'chevrotain'
import { getParser } from '../language/parser.js'
import { SyntaxProblem } from '../language/syntax-problem.js'
import * as t from '../language/tokens.js'
import type { Statement } from '../ast/nodes.js'
import { DqlError } from '../errors.js'

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
  const lexed = t.lexer.tokenize(text)
  const lexError = lexed.errors[0]
  if (lexError) {
    const char = text.slice(lexError.offset, lexError.offset + 1)
    throw fail(
      'parse.unexpected-character',
      `Unexpected character \`${char}\`; names are letters, digits and _ (back-quote any other ` +
        'name), strings are in single quotes.',
      lexError.offset,
    )
  }
  const tokens = lexed.tokens
  const last = tokens.at(-1)
  if (last?.tokenType === t.UnterminatedString) {
    throw fail(
      'parse.unterminated-string',
      "This string has no closing quote; end it with ' (write '' for a quote inside it).",
      last.startOffset,
    )
  }
  if (last?.tokenType === t.UnterminatedName) {
    throw fail(
      'parse.unterminated-name',
      'This back-quoted name has no closing back-quote; end it with ` (write `` for one inside it).',
      last.startOffset,
    )
  }
  if (holeOffsets !== null) {
    const misplaced = misplacedHole(tokens, holeOffsets)
    if (misplaced !== undefined) {
      throw fail('parse.quoted-hole', QUOTED_HOLE[misplaced.within], misplaced.offset)
    }
  }
  const bad = tokens.find((token) => token.tokenType === t.BadNumber)
  if (bad !== undefined) {
    throw fail(
      'parse.bad-number',
      `\`${bad.image}\` is not a number: a number ends before any letter (put a space between a number and a keyword).`,
      bad.startOffset,
    )
  }
  if (last === undefined) {
    throw fail(
      'parse.empty',
      'The statement is empty; write one such as FROM <table> WHERE <key> = <value>.',
      0,
    )
  }

  let ast: Statement
  try {
    ast = getParser().parseStatement(tokens, holeOffsets)
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error
    const offset = Number.isNaN(error.offset) ? endOfStatement(text) : error.offset
    throw fail(error.code, error.reason, offset, [...error.suggestions])
  }
  const holes = holeOffsets?.size ?? 0
  const params = tokens.filter((token) => token.tokenType === t.Param)
  const first = params[0]
  if (holes > 0 && first !== undefined) {
    throw fail(
      'parse.mixed-values',
      `${first.image} is a named parameter, and this template also has \${…} holes: a statement ` +
        'takes holes (in a template) or :name parameters (in db.prepare text), not both. ' +
        `Write this value as \${…} too.`,
      first.startOffset,
    )
  }
  return { text, ast, holes, params: [...new Set(params.map((token) => token.image.slice(1)))] }
}

/** What a template hole that is not a value was swallowed by, and what to do about it. */
/** What swallowed a hole: a string, a back-quoted name or a comment. */
type HoleCover = 'string' | 'name' | 'comment'

const QUOTED_HOLE: Readonly<Record<HoleCover, string>> = {
  string:
    'A ${…} hole inside quotes is not a value: the string would hold the characters ${…}, ' +
    "not the hole's value. Remove the quotes around the hole (write = ${x}, not = '${x}'); to " +
    'build a string from parts, join them in JavaScript and pass the result as one hole.',
  name:
    'A ${…} hole inside back-quotes is not part of the name: a hole is always a value, never a ' +
    'name. Remove the back-quotes to pass a value, or write the name itself in the statement.',
  comment:
    'A ${…} hole in a -- comment is not a value: the comment runs to the end of the line and ' +
    'hides it. Remove the hole, or end the comment (start a new line) before it.',
}

/**
 * The first template hole that did not become a Hole token: the lexer took its `${…}` into a
 * string, a back-quoted name or (between tokens, where only whitespace and comments are
 * skipped) a comment. Left alone, its value would be dropped and the characters `${…}` used.
 * The tokens are in offset order, and so are the holes of a template, so one walk finds it.
 */
function misplacedHole(
  tokens: readonly IToken[],
  holeOffsets: ReadonlyMap<number, number>,
): { offset: number; within: HoleCover } | undefined {
  let i = 0
  let previous = -1
  for (const offset of holeOffsets.keys()) {
    if (offset < previous) i = 0
    previous = offset
    let token = tokens[i]
    while (token !== undefined && token.startOffset + token.image.length <= offset) {
      token = tokens[++i]
    }
    if (token === undefined || token.startOffset > offset) return { offset, within: 'comment' }
    if (token.startOffset === offset && token.tokenType === t.Hole) continue
    return { offset, within: token.tokenType === t.QuotedName ? 'name' : 'string' }
  }
  return undefined
}

/** Where "the end of the statement" is: just after its last non-blank character. */
function endOfStatement(text: string): number {
  return text.trimEnd().length
}
