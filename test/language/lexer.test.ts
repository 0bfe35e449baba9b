import { Lexer, type ILexingResult } from 'chevrotain'
import fc from 'fast-check'
import { afterEach, expect, test, vi } from 'vitest'
import { allTokens, buildLexer, lexer } from '../../src/language/tokens.js'

/**
 * The lexer of the process is src/language/scanner.ts, Chevrotain's lexing algorithm without
 * building Chevrotain's Lexer; it finds its candidates by each token's possible first characters
 * (`start_chars_hint`), and so does Chevrotain's Lexer, which then analyses no regular
 * expression. A wrong hint would make a lexer skip a token where the pattern matches, so these
 * tests hold both to Chevrotain's safe mode: no first-character table, every pattern tried in
 * order — same tokens, same errors, same offsets.
 */

afterEach(() => {
  vi.restoreAllMocks()
})

test("the lexer of the process does not run Chevrotain's Lexer", () => {
  const chevrotain = vi.spyOn(Lexer.prototype, 'tokenize')
  expect(lexer.tokenize('FROM bins').tokens.map((token) => token.image)).toEqual(['FROM', 'bins'])
  expect(chevrotain).not.toHaveBeenCalled()
})

test('every token with a regular-expression pattern says which characters it starts with', () => {
  const missing = allTokens
    .filter((type) => type.PATTERN instanceof RegExp && !Array.isArray(type.START_CHARS_HINT))
    .map((type) => type.name)
  expect(missing).toEqual([])
})

const reference = new Lexer([...allTokens], { positionTracking: 'onlyOffset', safeMode: true })
const chevrotain = buildLexer({ validate: true })

function summary(result: ILexingResult) {
  return {
    tokens: result.tokens.map((token) => [token.tokenType.name, token.startOffset, token.image]),
    errors: result.errors.map((error) => [error.offset, error.length, error.message]),
  }
}

// Pieces of every token kind, keyword spellings in any case, and characters no token takes.
const PIECES = [
  'from',
  'FROM',
  'FrOm',
  'fromage',
  'insert',
  'INTO',
  'in',
  'segments',
  'Segments9',
  'set',
  'value',
  'values',
  'name_1',
  '_x',
  "'it''s'",
  "'open",
  "''",
  '`odd name`',
  '`a``b`',
  '`open',
  '12',
  '-3.5',
  '1e3',
  '2.5E-4',
  '5CONSISTENT',
  '1e',
  '0x1F',
  ':param',
  ':',
  '${…}',
  '$',
  '-- a comment',
  '--',
  ' ',
  '\t',
  '\n',
  '\r\n',
  '\f',
  '\v',
  '\u00a0',
  '\ufeff',
  '<=',
  '>=',
  '<>',
  '!=',
  '!',
  '<',
  '>',
  '=',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  '.',
  '*',
  ';',
  '+',
  '-',
  '#',
  '"',
  '\\',
  '@',
  'é',
  'ſ',
  'K',
  'İ',
  '😀',
  '\u0000',
]

test('the lexer of the process gives the safe-mode lexer’s tokens and errors', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...PIECES) },
          { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
        ),
        { maxLength: 30 },
      ),
      fc.constantFrom('', ' ', '\n'),
      (pieces, separator) => {
        const text = pieces.join(separator)
        const expected = summary(reference.tokenize(text))
        expect(summary(lexer.tokenize(text))).toEqual(expected)
        expect(summary(chevrotain.tokenize(text))).toEqual(expected)
      },
    ),
    { seed: 20261202, numRuns: 2000 },
  )
})

test('every character code a statement can start with lexes the same as in safe mode', () => {
  // Each UTF-16 code unit alone and followed by a name, a digit and a quote.
  for (let code = 0; code <= 0xffff; code++) {
    const char = String.fromCharCode(code)
    for (const text of [char, `${char}a`, `${char}1`, `${char}'`]) {
      const expected = summary(reference.tokenize(text))
      for (const lexed of [lexer.tokenize(text), chevrotain.tokenize(text)]) {
        const got = summary(lexed)
        if (JSON.stringify(got) !== JSON.stringify(expected)) {
          expect({ code, got }).toEqual({ code, got: expected })
        }
      }
    }
  }
})
