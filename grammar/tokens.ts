/**
 * The DQL tokens. Keywords are case-insensitive and use `longer_alt: Identifier`, so that
 * `fromage` is a name and not FROM followed by `age`. Function names (`begins_with`, `size`,
 * `COUNT`, …) are deliberately not keywords: `size` or `count` stay usable as attribute names.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain'

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
})

export const Comment = createToken({
  name: 'Comment',
  pattern: /--[^\n]*/,
  group: Lexer.SKIPPED,
})

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  label: 'a name',
})

function keyword(word: string): TokenType {
  return createToken({
    name: word,
    pattern: new RegExp(word, 'i'),
    longer_alt: Identifier,
    label: word,
  })
}

export const Explain = keyword('EXPLAIN')
export const Select = keyword('SELECT')
export const Scan = keyword('SCAN')
export const From = keyword('FROM')
export const Use = keyword('USE')
export const Index = keyword('INDEX')
export const Where = keyword('WHERE')
export const Order = keyword('ORDER')
export const By = keyword('BY')
export const Asc = keyword('ASC')
export const Desc = keyword('DESC')
export const Limit = keyword('LIMIT')
export const Consistent = keyword('CONSISTENT')
export const And = keyword('AND')
export const Or = keyword('OR')
export const Not = keyword('NOT')
export const Between = keyword('BETWEEN')
export const In = keyword('IN')
export const True = keyword('TRUE')
export const False = keyword('FALSE')
export const Null = keyword('NULL')

/** Every keyword, in the order the lexer tries them. */
export const keywords: readonly TokenType[] = [
  Explain,
  Select,
  Scan,
  From,
  Use,
  Index,
  Where,
  Order,
  By,
  Asc,
  Desc,
  Limit,
  Consistent,
  And,
  Or,
  Not,
  Between,
  In,
  True,
  False,
  Null,
]

/** `'it''s'`: a quote inside a string is written twice. */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /'(?:[^']|'')*'/,
  line_breaks: true,
  label: 'a string',
})

/** An opening quote with no closing one: lexed so the parser can say exactly that. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /'(?:[^']|'')*/,
  line_breaks: true,
  label: 'an unterminated string',
})

/** `` `any name` ``: a back-quote inside is written twice. */
export const QuotedName = createToken({
  name: 'QuotedName',
  pattern: /`(?:[^`]|``)*`/,
  line_breaks: true,
  label: 'a name',
})

export const UnterminatedName = createToken({
  name: 'UnterminatedName',
  pattern: /`(?:[^`]|``)*/,
  line_breaks: true,
  label: 'an unterminated back-quoted name',
})

/** A number run into a name (`5CONSISTENT`, `1e`, `0x1F`): lexed so it can be refused clearly. */
export const BadNumber = createToken({
  name: 'BadNumber',
  // The exponent is taken whole when it is there, so `1e3` and `2.5E-4` stay numbers.
  pattern: /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+(?=[A-Za-z_])|(?![eE][+-]?\d))[A-Za-z_][A-Za-z0-9_]*/,
  label: 'a malformed number',
})

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/,
  label: 'a number',
})

/** `:name`, a named parameter of a text statement. */
export const Param = createToken({
  name: 'Param',
  pattern: /:[A-Za-z_][A-Za-z0-9_]*/,
  label: 'a :parameter',
})

/** A template hole, as the statement text shows it. */
export const Hole = createToken({
  name: 'Hole',
  pattern: /\$\{…\}/,
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

export const LessEqual = createToken({ name: 'LessEqual', pattern: '<=', label: "'<='" })
export const GreaterEqual = createToken({ name: 'GreaterEqual', pattern: '>=', label: "'>='" })
/** `<>`, and `!=` as a synonym for those who type it by habit. */
export const NotEqual = createToken({ name: 'NotEqual', pattern: /<>|!=/, label: "'<>'" })
export const Less = createToken({ name: 'Less', pattern: '<', label: "'<'" })
export const Greater = createToken({ name: 'Greater', pattern: '>', label: "'>'" })
export const Equal = createToken({ name: 'Equal', pattern: '=', label: "'='" })

/** The lexer tries these in order: the first pattern that matches wins. */
export const allTokens: readonly TokenType[] = [
  WhiteSpace,
  Comment,
  ...keywords,
  Identifier,
  StringLiteral,
  UnterminatedString,
  QuotedName,
  UnterminatedName,
  BadNumber,
  NumberLiteral,
  Param,
  Hole,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Dot,
  Star,
  Semicolon,
  LessEqual,
  GreaterEqual,
  NotEqual,
  Less,
  Greater,
  Equal,
]

/** The one lexer of the process. */
export const lexer = new Lexer(allTokens as TokenType[], {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
})
