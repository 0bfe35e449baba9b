import { EmbeddedActionsParser, LLkLookaheadStrategy } from 'chevrotain'
import fc from 'fast-check'
import { afterEach, expect, test, vi } from 'vitest'
import { computeGrammarTables } from '../../scripts/grammar-tables.js'
import { GRAMMAR_RULES, LOOKAHEAD_PATHS } from '../../src/language/grammar-tables.js'
import { DqlParser, getParser } from '../../src/language/parser.js'
import { SyntaxProblem } from '../../src/language/syntax-problem.js'
import { lexer } from '../../src/language/tokens.js'
import {
  FUNCTIONS,
  KEYWORDS,
  UPDATE_FUNCTIONS,
  WRITE_KEYWORDS,
} from '../../src/language/vocabulary.js'

/**
 * The parser of the process is built from tables computed from the grammar ahead of time
 * (src/language/grammar-tables.ts): the grammar's structure and the lookahead paths of every
 * decision. These tests keep the tables true: a grammar change that is not followed by
 * `npm run grammar-tables` fails here.
 */

afterEach(() => {
  vi.restoreAllMocks()
})

test('the checked-in tables are the ones computed from the grammar now', () => {
  const fresh = computeGrammarTables()
  expect({ GRAMMAR_RULES, LOOKAHEAD_PATHS }).toEqual({
    GRAMMAR_RULES: fresh.rules,
    LOOKAHEAD_PATHS: fresh.lookahead,
  })
})

test("the production parser's grammar structure is the one Chevrotain records", () => {
  const recorded = new DqlParser({ validate: true }).getGAstProductions()
  expect(getParser().getGAstProductions()).toStrictEqual(recorded)
})

test('building the parser of the process records no grammar and computes no lookahead', () => {
  // Internal to Chevrotain: the start of its recording phase.
  const prototype = EmbeddedActionsParser.prototype as unknown as { enableRecording(): void }
  const recording = vi.spyOn(prototype, 'enableRecording')
  const alternation = vi.spyOn(LLkLookaheadStrategy.prototype, 'buildLookaheadForAlternation')
  const optional = vi.spyOn(LLkLookaheadStrategy.prototype, 'buildLookaheadForOptional')
  new DqlParser({ validate: false })
  expect([
    recording.mock.calls.length,
    alternation.mock.calls.length,
    optional.mock.calls.length,
  ]).toEqual([0, 0, 0])
  // The spies do see Chevrotain's own analysis, so the zeros above mean something.
  new DqlParser({ validate: true })
  expect(recording.mock.calls.length).toBe(1)
  expect(alternation.mock.calls.length).toBeGreaterThan(10)
  expect(optional.mock.calls.length).toBeGreaterThan(10)
})

// Random token sequences through the production parser (precomputed lookahead) and a parser
// with Chevrotain's own analysis: the same syntax tree, or the same error at the same place.
const WORDS = [
  ...KEYWORDS,
  ...WRITE_KEYWORDS,
  ...FUNCTIONS,
  ...UPDATE_FUNCTIONS,
  'SEGMENTS',
  'COUNT(*)',
  'count',
  'bins',
  'a',
  'b',
  '`odd name`',
  "'s'",
  '1',
  '-2',
  '1.5',
  ':p',
  '${…}',
  '(',
  ')',
  '[',
  ']',
  '[0]',
  '{',
  '}',
  ':',
  ',',
  '.',
  '*',
  ';',
  '=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
]
// Valid statements of every kind, split into words that the test mutates.
const STATEMENTS = [
  "FROM bins WHERE a = 1 AND b BETWEEN 'x' AND :p ORDER BY b DESC LIMIT 5 CONSISTENT",
  'SELECT a, b.c[0], `odd name` FROM bins USE INDEX ( byB ) WHERE a IN ( 1 , :p ) ;',
  'EXPLAIN SELECT COUNT(*) FROM bins WHERE NOT ( a = 1 OR size ( b ) > 2 ) AND begins_with ( c , :p )',
  'SCAN a FROM bins WHERE attribute_exists ( a.b ) LIMIT 3 CONSISTENT SEGMENTS 4',
  "INSERT INTO bins VALUE { 'a' : 1 , 'b' : [ 1 , :p , { 'c' : NULL } ] } WHERE attribute_not_exists ( a )",
  "REPLACE INTO ${…} VALUES { 'a' : ${…} } , { 'a' : 2 }",
  'UPDATE bins SET a = a + 1 , b = if_not_exists ( b , :p ) REMOVE c ADD d :p DELETE e :p WHERE a = 1 RETURNING ALL NEW',
  'UPSERT bins SET l = list_append ( l , [ :p ] ) , m = - 2 WHERE a = TRUE RETURNING UPDATED OLD',
  'DELETE FROM bins WHERE a = 1 AND b <> FALSE RETURNING ALL OLD',
  'CHECK bins WHERE a = 1 AND b >= 2 AND c <= 3 AND d < 4',
]

function outcome(parser: DqlParser, text: string, holes: ReadonlyMap<number, number> | null) {
  const lexed = lexer.tokenize(text)
  if (lexed.errors.length > 0) return { lexError: true }
  try {
    return { ast: parser.parseStatement(lexed.tokens, holes) }
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error
    return { problem: { ...error } }
  }
}

test('the production parser gives the fully analysed parser’s results on random statements', () => {
  const reference = new DqlParser({ validate: true })
  const counts = { parsed: 0, refused: 0 }
  const mutation = fc.tuple(
    fc.constantFrom('insert', 'delete', 'replace'),
    fc.nat(),
    fc.constantFrom(...WORDS),
  )
  fc.assert(
    fc.property(
      fc.constantFrom(...STATEMENTS),
      fc.array(mutation, { maxLength: 3 }),
      (statement, mutations) => {
        const words = statement.split(' ')
        for (const [kind, at, word] of mutations) {
          const i = at % (words.length + 1)
          if (kind === 'insert') words.splice(i, 0, word)
          else if (kind === 'delete') words.splice(i, 1)
          else words.splice(i, 1, word)
        }
        const text = words.join(' ')
        // Every `${…}` of the text is a real hole, so hole statements parse too.
        const holes = new Map<number, number>()
        for (let at = text.indexOf('${…}'); at >= 0; at = text.indexOf('${…}', at + 1)) {
          holes.set(at, holes.size)
        }
        const expected = outcome(reference, text, holes)
        expect(outcome(getParser(), text, holes)).toEqual(expected)
        if ('ast' in expected) counts.parsed++
        else counts.refused++
      },
    ),
    { seed: 20261201, numRuns: 4000 },
  )
  // Both kinds of outcome were compared, many times.
  expect(counts.parsed).toBeGreaterThan(500)
  expect(counts.refused).toBeGreaterThan(1500)
})
