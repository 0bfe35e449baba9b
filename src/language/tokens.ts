/**
 * The DQL tokens, built from the vocabulary. Keywords are case-insensitive and use `longer_alt: Identifier`, so that
 * `fromage` is a name and not FROM followed by `age`. Function names (`begins_with`, `size`,
 * `COUNT`, …) are deliberately not keywords: `size` or `count` stay usable as attribute names.
 */
import { createToken, Lexer, type ILexingResult, type TokenType } from 'chevrotain'
import { Scanner } from './scanner.js'
import {
  CONTEXTUAL_KEYWORD,
  KEYWORDS,
  WRITE_KEYWORDS,
  type Keyword,
  type WriteKeyword,
} from './vocabulary.js'

/*
 * Every token whose pattern is a regular expression lists the characters it can start with
 * (`start_chars_hint`): the lexer of the process (scanner.ts) finds its candidates by them, and
 * Chevrotain's Lexer builds its first-character table from them instead of analysing each
 * pattern. test/language/lexer.test.ts holds the lists to a lexer that uses no such table.
 */
const WHITESPACE_CHARS = [' ', '\t', '\r', '\n', '\f', '\v', '\u00a0', '\ufeff']
const LETTERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz']
const DIGITS = [...'0123456789']

/** A case-insensitive word starts with its first letter in either case. */
const eitherCase = (word: string) => [word[0]?.toUpperCase() ?? '', word[0]?.toLowerCase() ?? '']

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/,
  start_chars_hint: WHITESPACE_CHARS,
  group: Lexer.SKIPPED,
  line_breaks: true,
})

export const Comment = createToken({
  name: 'Comment',
  pattern: /--[^\n]*/,
  start_chars_hint: ['-'],
  group: Lexer.SKIPPED,
})

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  start_chars_hint: [...LETTERS, '_'],
  label: 'a name',
})

function keyword(word: Keyword): TokenType {
  return createToken({
    name: word,
    pattern: new RegExp(word, 'i'),
    start_chars_hint: eitherCase(word),
    longer_alt: Identifier,
    label: word,
  })
}

const byWord = new Map<Keyword, TokenType>()

/** Every keyword's token, in the order of the vocabulary (the order the lexer tries them). */
export const keywords: readonly TokenType[] = KEYWORDS.map((word) => {
  const type = keyword(word)
  byWord.set(word, type)
  return type
})

function token(word: Keyword): TokenType {
  const found = byWord.get(word)
  if (found === undefined) throw new Error(`unreachable: ${word} is in the vocabulary`)
  return found
}

/**
 * The words of writes: each is also an Identifier (its category), so that wherever a name
 * fits, `set` or `value` is read as a name, and only a write statement's rules ask for the
 * word itself.
 */
const byWriteWord = new Map<WriteKeyword, TokenType>()

export const writeKeywords: readonly TokenType[] = WRITE_KEYWORDS.map((word) => {
  const type = createToken({
    name: word,
    pattern: new RegExp(word, 'i'),
    start_chars_hint: eitherCase(word),
    longer_alt: Identifier,
    categories: [Identifier],
    label: word,
  })
  byWriteWord.set(word, type)
  return type
})

function writeToken(word: WriteKeyword): TokenType {
  const found = byWriteWord.get(word)
  if (found === undefined) throw new Error(`unreachable: ${word} is in the vocabulary`)
  return found
}

export const Insert = writeToken('INSERT')
export const Into = writeToken('INTO')
export const Replace = writeToken('REPLACE')
export const Values = writeToken('VALUES')
export const ValueWord = writeToken('VALUE')
export const Updated = writeToken('UPDATED')
export const Update = writeToken('UPDATE')
export const Upsert = writeToken('UPSERT')
export const SetWord = writeToken('SET')
export const Remove = writeToken('REMOVE')
export const Add = writeToken('ADD')
export const Delete = writeToken('DELETE')
export const Check = writeToken('CHECK')
export const Returning = writeToken('RETURNING')
export const None = writeToken('NONE')
export const All = writeToken('ALL')
export const Old = writeToken('OLD')
export const New = writeToken('NEW')

export const Explain = token('EXPLAIN')
export const Select = token('SELECT')
export const Scan = token('SCAN')
export const From = token('FROM')
export const Use = token('USE')
export const Index = token('INDEX')
export const Where = token('WHERE')
export const Order = token('ORDER')
export const By = token('BY')
export const Asc = token('ASC')
export const Desc = token('DESC')
export const Limit = token('LIMIT')
export const Consistent = token('CONSISTENT')
export const And = token('AND')
export const Or = token('OR')
export const Not = token('NOT')
export const Between = token('BETWEEN')
export const In = token('IN')
export const True = token('TRUE')
export const False = token('FALSE')
export const Null = token('NULL')

/**
 * `SEGMENTS`, a contextual keyword: a keyword only in the SCAN clause `SEGMENTS n`, a name
 * everywhere else. Its category is Identifier, so every rule that takes a name takes it too,
 * and an attribute, table or index named `segments` needs no back-quotes.
 */
export const Segments = createToken({
  name: 'Segments',
  pattern: new RegExp(CONTEXTUAL_KEYWORD, 'i'),
  start_chars_hint: eitherCase(CONTEXTUAL_KEYWORD),
  longer_alt: Identifier,
  categories: [Identifier],
  label: CONTEXTUAL_KEYWORD,
})

/** `'it''s'`: a quote inside a string is written twice. */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /'(?:[^']|'')*'/,
  start_chars_hint: ["'"],
  line_breaks: true,
  label: 'a string',
})

/** An opening quote with no closing one: lexed so the parser can say exactly that. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /'(?:[^']|'')*/,
  start_chars_hint: ["'"],
  line_breaks: true,
  label: 'an unterminated string',
})

/** `` `any name` ``: a back-quote inside is written twice. */
export const QuotedName = createToken({
  name: 'QuotedName',
  pattern: /`(?:[^`]|``)*`/,
  start_chars_hint: ['`'],
  line_breaks: true,
  label: 'a name',
})

export const UnterminatedName = createToken({
  name: 'UnterminatedName',
  pattern: /`(?:[^`]|``)*/,
  start_chars_hint: ['`'],
  line_breaks: true,
  label: 'an unterminated back-quoted name',
})

/** A number run into a name (`5CONSISTENT`, `1e`, `0x1F`): lexed so it can be refused clearly. */
export const BadNumber = createToken({
  name: 'BadNumber',
  // The exponent is taken whole when it is there, so `1e3` and `2.5E-4` stay numbers.
  pattern: /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+(?=[A-Za-z_])|(?![eE][+-]?\d))[A-Za-z_][A-Za-z0-9_]*/,
  start_chars_hint: ['-', ...DIGITS],
  label: 'a malformed number',
})

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/,
  start_chars_hint: ['-', ...DIGITS],
  label: 'a number',
})

/** `:name`, a named parameter of a text statement. */
export const Param = createToken({
  name: 'Param',
  pattern: /:[A-Za-z_][A-Za-z0-9_]*/,
  start_chars_hint: [':'],
  label: 'a :parameter',
})

/** A template hole, as the statement text shows it. */
export const Hole = createToken({
  name: 'Hole',
  pattern: /\$\{…\}/,
  start_chars_hint: ['$'],
  label: 'a ${…} value',
})

export const LParen = createToken({ name: 'LParen', pattern: '(', label: "'('" })
export const RParen = createToken({ name: 'RParen', pattern: ')', label: "')'" })
export const LBracket = createToken({ name: 'LBracket', pattern: '[', label: "'['" })
export const RBracket = createToken({ name: 'RBracket', pattern: ']', label: "']'" })
export const Comma = createToken({ name: 'Comma', pattern: ',', label: "','" })
export const Dot = createToken({ name: 'Dot', pattern: '.', label: "'.'" })
export const Star = createToken({ name: 'Star', pattern: '*', label: "'*'" })
export const Semicolon = createToken({ name: 'Semicolon', pattern: ';', label: "';'" })
export const LBrace = createToken({ name: 'LBrace', pattern: '{', label: "'{'" })
export const RBrace = createToken({ name: 'RBrace', pattern: '}', label: "'}'" })
export const Colon = createToken({ name: 'Colon', pattern: ':', label: "':'" })
export const Plus = createToken({ name: 'Plus', pattern: '+', label: "'+'" })
/** After NumberLiteral: `-1` is a number; `- 1` and `-x` are a minus sign. */
export const Minus = createToken({ name: 'Minus', pattern: '-', label: "'-'" })

export const LessEqual = createToken({ name: 'LessEqual', pattern: '<=', label: "'<='" })
export const GreaterEqual = createToken({ name: 'GreaterEqual', pattern: '>=', label: "'>='" })
/** `<>`, and `!=` as a synonym for those who type it by habit. */
export const NotEqual = createToken({
  name: 'NotEqual',
  pattern: /<>|!=/,
  start_chars_hint: ['<', '!'],
  label: "'<>'",
})
export const Less = createToken({ name: 'Less', pattern: '<', label: "'<'" })
export const Greater = createToken({ name: 'Greater', pattern: '>', label: "'>'" })
export const Equal = createToken({ name: 'Equal', pattern: '=', label: "'='" })

/** The lexer tries these in order: the first pattern that matches wins. */
export const allTokens: readonly TokenType[] = [
  WhiteSpace,
  Comment,
  // Before the v1 keywords: IN would otherwise take the start of INSERT and INTO.
  ...writeKeywords,
  ...keywords,
  Segments,
  Identifier,
  StringLiteral,
  UnterminatedString,
  QuotedName,
  UnterminatedName,
  BadNumber,
  NumberLiteral,
  Param,
  Minus,
  Plus,
  Hole,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Dot,
  Star,
  Semicolon,
  LBrace,
  RBrace,
  Colon,
  LessEqual,
  GreaterEqual,
  NotEqual,
  Less,
  Greater,
  Equal,
]

/**
 * Chevrotain's lexer of DQL's tokens: the reference of the lexer of the process (see
 * scanner.ts) in test/language, where `validate: true` also runs Chevrotain's validations of
 * the token definitions (redundant at run time: the definitions are constants).
 */
export function buildLexer(options: { readonly validate: boolean }): Lexer {
  return new Lexer([...allTokens], {
    positionTracking: 'onlyOffset',
    ensureOptimizations: true,
    skipValidations: !options.validate,
  })
}

let built: Scanner | undefined

/** The one lexer of the process, built on first use: importing dql does not build it. */
export const lexer = {
  tokenize: (text: string): ILexingResult => (built ??= new Scanner(allTokens)).tokenize(text),
}
