/**
 * The grammar behind one seam: statement text → its syntax tree or the problem found, as plain
 * data. This module and what it imports (the lexer, the parser, Chevrotain) are the costly part
 * of dql to load, so the build gives it a file of its own that the rest of dql reaches only
 * through `loadGrammar` (load-grammar.ts), on the first statement a process reads: importing
 * dql does not load it, and the esbuild plugin (src/check/esbuild-plugin.ts) can put statements
 * read at build time in its place (docs/bundling.md). Nothing here may be a class the caller checks with `instanceof`:
 * in Node this module is loaded apart from the rest of dql.
 */
import type { ILexingResult, ISyntacticContentAssistPath, IToken } from 'chevrotain'
import type { Statement } from '../ast/nodes.js'
import type { DqlErrorCode } from '../errors.js'
import { getParser } from '../language/parser.js'
import { SyntaxProblem } from '../language/syntax-problem.js'
import * as t from '../language/tokens.js'

/** A statement read: its syntax tree and `:name` parameters, or why it is not one. */
export type Reading =
  { readonly ast: Statement; readonly params: readonly string[] } | { readonly problem: Problem }

/** What is wrong with a statement, and where (an offset into its text). */
export interface Problem {
  readonly code: DqlErrorCode
  readonly reason: string
  readonly offset: number
  readonly suggestions: readonly string[]
}

/**
 * Lexes and parses `text`. `holeOffsets` maps the offset of each real template hole to its
 * index; `null` means a text statement, where `${…}` is not allowed.
 */
export function readStatement(
  text: string,
  holeOffsets: ReadonlyMap<number, number> | null,
): Reading {
  const fail = (code: DqlErrorCode, reason: string, offset: number): Reading => ({
    problem: { code, reason, offset, suggestions: [] },
  })
  const lexed = t.lexer.tokenize(text)
  const lexError = lexed.errors[0]
  if (lexError) {
    const char = text.slice(lexError.offset, lexError.offset + 1)
    return fail(
      'parse.unexpected-character',
      `Unexpected character \`${char}\`; names are letters, digits and _ (back-quote any other ` +
        'name), strings are in single quotes.',
      lexError.offset,
    )
  }
  const tokens = lexed.tokens
  const last = tokens.at(-1)
  if (last?.tokenType === t.UnterminatedString) {
    return fail(
      'parse.unterminated-string',
      "This string has no closing quote; end it with ' (write '' for a quote inside it).",
      last.startOffset,
    )
  }
  if (last?.tokenType === t.UnterminatedName) {
    return fail(
      'parse.unterminated-name',
      'This back-quoted name has no closing back-quote; end it with ` (write `` for one inside it).',
      last.startOffset,
    )
  }
  if (holeOffsets !== null) {
    const misplaced = misplacedHole(tokens, holeOffsets)
    if (misplaced !== undefined) {
      return fail('parse.quoted-hole', QUOTED_HOLE[misplaced.within], misplaced.offset)
    }
  }
  const bad = tokens.find((token) => token.tokenType === t.BadNumber)
  if (bad !== undefined) {
    return fail(
      'parse.bad-number',
      `\`${bad.image}\` is not a number: a number ends before any letter (put a space between a number and a keyword).`,
      bad.startOffset,
    )
  }
  if (last === undefined) {
    return fail(
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
    const { code, reason } = error
    return { problem: { code, reason, offset, suggestions: [...error.suggestions] } }
  }
  const holes = holeOffsets?.size ?? 0
  const params = tokens.filter((token) => token.tokenType === t.Param)
  const first = params[0]
  if (holes > 0 && first !== undefined) {
    return fail(
      'parse.mixed-values',
      `${first.image} is a named parameter, and this template also has \${…} holes: a statement ` +
        'takes holes (in a template) or :name parameters (in db.prepare text), not both. ' +
        `Write this value as \${…} too.`,
      first.startOffset,
    )
  }
  return { ast, params: [...new Set(params.map((token) => token.image.slice(1)))] }
}

/**
 * The token types the shell looks for (splitting its input at `;`, completion), reached here
 * so that it holds no copy of the grammar: it compares a token's `tokenType` with them.
 */
export const tokens = {
  keywords: t.keywords,
  Identifier: t.Identifier,
  QuotedName: t.QuotedName,
  UnterminatedName: t.UnterminatedName,
  StringLiteral: t.StringLiteral,
  UnterminatedString: t.UnterminatedString,
  NumberLiteral: t.NumberLiteral,
  BadNumber: t.BadNumber,
  Param: t.Param,
  Hole: t.Hole,
  Semicolon: t.Semicolon,
  LParen: t.LParen,
  RBracket: t.RBracket,
  Dot: t.Dot,
  Segments: t.Segments,
}

/** `text`'s tokens and what the lexer refused: the shell's split at `;` and completion. */
export function lex(text: string): ILexingResult {
  return t.lexer.tokenize(text)
}

/**
 * The tokens the grammar allows after `tokens` (the start of a statement), each with the rules
 * it would be read in: what the shell's completion offers.
 */
export function allowedNext(tokens: IToken[]): ISyntacticContentAssistPath[] {
  return getParser().computeContentAssist('statement', tokens)
}

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
