import { expect, test } from 'vitest'
import { DqlParser, getParser } from '../../src/language/parser.js'
import { buildLexer, lexer } from '../../src/language/tokens.js'

/**
 * The parser and the lexer of the process are built without Chevrotain's grammar validations
 * (they cost most of the construction, on every cold start). The validations run here instead,
 * so a grammar mistake (an ambiguous alternative, a left recursion, a token that can never
 * match) still fails `npm test`.
 */
test("the grammar passes Chevrotain's parser validations", () => {
  // Chevrotain throws from the constructor, listing every definition error, when one fails.
  expect(() => new DqlParser({ validate: true })).not.toThrow()
})

test("the tokens pass Chevrotain's lexer validations", () => {
  const validated = buildLexer({ validate: true })
  expect(validated.lexerDefinitionErrors).toEqual([])
})

// The same statements through the validated and the production parser: the options change
// the construction, never the result.
const statements = [
  'FROM bins WHERE card_bin = :bin',
  "SELECT a, b.c[2], `odd name` FROM orders WHERE customer_id = 'c1' AND created_at BETWEEN 1 AND 9 ORDER BY created_at DESC LIMIT 5",
  'FROM t WHERE pk = 1 AND (a = 1 OR NOT b IN (1, 2)) AND begins_with(s, :p) AND attribute_exists(meta.order)',
  "SCAN FROM t USE INDEX (by_issuer) WHERE size(tags) > 2 AND issuer_name = 'ACME'",
  'EXPLAIN SCAN COUNT(*) FROM bins',
  'FROM t WHRE x',
]

test('the production parser and lexer give the validated ones’ results', () => {
  const validatedParser = new DqlParser({ validate: true })
  const validatedLexer = buildLexer({ validate: true })
  const run = (parse: DqlParser, tokenize: (text: string) => ReturnType<typeof lexer.tokenize>) =>
    statements.map((text) => {
      const tokens = tokenize(text).tokens
      try {
        return { ast: parse.parseStatement(tokens, null) }
      } catch (error) {
        return { error: String(error) }
      }
    })
  const production = run(getParser(), (text) => lexer.tokenize(text))
  expect(production).toEqual(run(validatedParser, (text) => validatedLexer.tokenize(text)))
  expect(production.filter((result) => 'ast' in result)).toHaveLength(5)
})

test('the parser of the process is built once, on first use', () => {
  expect(getParser()).toBe(getParser())
})
