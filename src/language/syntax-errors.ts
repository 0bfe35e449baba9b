/**
 * The wording of syntax errors: what Chevrotain saw (the tokens it expected, the one it found)
 * becomes one clear sentence, with "did you mean" for a misspelt keyword and a precise code
 * for the common slips (a keyword, a hole or a parameter where a name belongs).
 */
import { EOF, type IToken, type TokenType } from 'chevrotain'
import { didYouMean } from '../text/did-you-mean.js'
import { SyntaxProblem } from './syntax-problem.js'
import * as t from './tokens.js'

/** Tokens that may follow a name: used to tell "a keyword used as a name" from other slips. */
const FOLLOWS_A_NAME = new Set<TokenType>([
  t.Dot,
  t.LBracket,
  t.Equal,
  t.NotEqual,
  t.Less,
  t.LessEqual,
  t.Greater,
  t.GreaterEqual,
  t.Comma,
  t.RParen,
  t.Between,
  t.In,
  t.From,
  t.Where,
  t.Use,
  t.Order,
  t.Limit,
  t.Consistent,
  t.Asc,
  t.Desc,
  t.And,
  t.Or,
  t.Semicolon,
  EOF,
])

const KEYWORDS = new Set(t.keywords)
/** The words a misspelling may be suggested as: the keywords, and SEGMENTS where it fits. */
const WORDS = new Set([...t.keywords, t.Segments])

/** What the parser knew when it failed. */
export interface Mismatch {
  /** The token types that would have fitted; null when a whole statement was read already. */
  readonly expected: readonly TokenType[] | null
  readonly actual: IToken
  readonly previous: IToken | undefined
  /** Every token of the statement. */
  readonly tokens: readonly IToken[]
  /** The token types that may follow `preceding` in a statement (Chevrotain's content assist). */
  readonly next: (preceding: IToken[]) => TokenType[]
}

/** Turns a mismatch into a SyntaxProblem with a clear sentence. */
export function describeMismatch(mismatch: Mismatch): SyntaxProblem {
  const { actual, tokens } = mismatch
  const index = tokens.indexOf(actual)
  const following = index >= 0 ? tokens[index + 1] : undefined
  const before = mismatch.previous ?? (index > 0 ? tokens[index - 1] : undefined)
  let expected = mismatch.expected
  let endOk = false
  if (expected === null) {
    // Input left over after a whole statement: ask the grammar what could have come next.
    expected = mismatch.next(index >= 0 ? tokens.slice(0, index) : [...tokens])
    endOk = true
  }
  const types = [...new Set(expected)]
  const wantsName = types.includes(t.Identifier) || types.includes(t.QuotedName)
  const offset = isNaN(actual.startOffset) ? Number.NaN : actual.startOffset
  const kind = actual.tokenType
  if (wantsName && KEYWORDS.has(kind) && FOLLOWS_A_NAME.has(following?.tokenType ?? EOF)) {
    return new SyntaxProblem(
      'parse.keyword-as-name',
      `\`${actual.image}\` is a keyword; to use it as a name, back-quote it: \`${actual.image}\`.`,
      offset,
    )
  }
  if (wantsName && kind === t.Hole) {
    return new SyntaxProblem(
      'parse.hole-as-name',
      'A ${…} hole is always a value, never a name; write the name in the statement ' +
        '(back-quote it if it has unusual characters).',
      offset,
    )
  }
  if (wantsName && kind === t.Param) {
    return new SyntaxProblem(
      'parse.param-as-name',
      `${actual.image} is a value parameter, never a name; write the name in the statement.`,
      offset,
    )
  }
  const labels = types.map(label)
  if (endOk) labels.push('the end of the statement')
  const wanted = [...new Set(labels)]
  const list =
    wanted.length <= 1
      ? (wanted[0] ?? 'nothing more')
      : `${wanted.slice(0, -1).join(', ')} or ${wanted.at(-1)}`
  const after = before && !isNaN(before.startOffset) ? ` after \`${clip(before.image)}\`` : ''
  const words = types.filter((type) => WORDS.has(type)).map(label)
  const suggestions =
    kind === t.Identifier || KEYWORDS.has(kind) ? didYouMean(actual.image, words) : []
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions[0]}?` : ''
  return new SyntaxProblem(
    'parse.unexpected-token',
    `Expected ${list}${after}, found ${found(actual)}.${hint}`,
    offset,
    suggestions,
  )
}

/** "Expected a comparison after …": a path or value with nothing to compare it to. */
export function missingComparison(described: string, next: IToken): SyntaxProblem {
  return new SyntaxProblem(
    'parse.unexpected-token',
    `Expected a comparison after ${described}: =, <>, <, <=, >, >=, BETWEEN or IN; ` +
      `found ${found(next)}.`,
    next.startOffset,
  )
}

function label(type: TokenType): string {
  return type.LABEL ?? type.name
}

function found(token: IToken): string {
  return token.tokenType === EOF ? 'the end of the statement' : `\`${clip(token.image)}\``
}

function clip(image: string): string {
  return image.length > 30 ? `${image.slice(0, 27)}…` : image
}
