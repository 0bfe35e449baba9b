/**
 * Parser and planner fuzzing: arbitrary strings, arbitrary token sequences and mutated valid
 * statements either parse, plan and compile, or fail with a DqlError — never another
 * exception type, never a hang (vitest's timeout would catch one).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import fc from 'fast-check'
import { afterAll, describe, expect, test } from 'vitest'
import { createDql } from '../../src/db.js'
import { DqlError } from '../../src/errors.js'
import { parseStatementText } from '../../src/parse/parse-cache.js'
import { defineTable } from '../../src/schema/define-table.js'
import {
  FUNCTIONS,
  KEYWORDS,
  PROJECTION_FUNCTION,
  UPDATE_FUNCTIONS,
  WRITE_KEYWORDS,
} from '../../src/language/vocabulary.js'

const SEED = 20261124
const RUNS = 2000

const tables = [
  defineTable({
    name: 'bins',
    tableName: 'bin-lookup',
    partitionKey: 'card_bin',
    sortKey: 'card_bin_extended',
    fields: { cardBin: 'card_bin', cardBinExtended: 'card_bin_extended', issuer: 'issuer_name' },
    indexes: {
      byIssuer: { type: 'global', partitionKey: 'issuer_name', sortKey: 'card_bin' },
      byCountry: { type: 'global', partitionKey: 'country', projection: 'KEYS_ONLY' },
      byLevel: { type: 'local', sortKey: 'level', projection: ['brand'] },
    },
  }),
  defineTable({ name: 'users', partitionKey: 'userId' }),
]
const db = createDql({ client: new DynamoDBClient({ region: 'us-east-1' }), tables })

const counts = { inputs: 0, parsed: 0, planned: 0, refused: 0, crashes: 0 }
afterAll(() => {
  console.log(
    `fuzz: ${counts.inputs} inputs, ${counts.parsed} parsed, ${counts.planned} planned, ` +
      `${counts.refused} refused with a DqlError, ${counts.crashes} crashes`,
  )
})

/** Parses, plans and binds `text`; true when it went through, false for a DqlError. */
function attempt(text: string, params: Record<string, unknown>): boolean {
  counts.inputs++
  try {
    const statement = parseStatementText(text)
    counts.parsed++
    const values: Record<string, unknown> = {}
    for (const name of statement.params) values[name] = params[name] ?? 'x'
    db.prepare(text).explain(values)
    counts.planned++
    return true
  } catch (error) {
    if (error instanceof DqlError) {
      counts.refused++
      // A statement error always says where.
      if (error.code.startsWith('parse.')) {
        expect(error.line).toBeGreaterThanOrEqual(1)
        expect(error.column).toBeGreaterThanOrEqual(1)
        expect(error.excerpt).toContain('^')
      }
      return false
    }
    counts.crashes++
    throw error
  }
}

/** The language's own words, then the tables' names: what random token sequences are made of. */
const VOCABULARY = [
  ...KEYWORDS,
  ...WRITE_KEYWORDS,
  ...FUNCTIONS,
  ...UPDATE_FUNCTIONS,
  '{',
  '}',
  ':',
  '+',
  '-',
  `${PROJECTION_FUNCTION}(*)`,
  'count',
  'bins',
  'users',
  'card_bin',
  'cardBin',
  'card_bin_extended',
  'issuer',
  'issuer_name',
  'country',
  'level',
  'brand',
  'userId',
  'byIssuer',
  'byCountry',
  'byLevel',
  '`odd name`',
  '`',
  "'",
  "'str'",
  "''",
  '42',
  '-1',
  '1.5',
  '1e400',
  ':p',
  ':q',
  '${…}',
  '(',
  ')',
  '[',
  ']',
  '[0]',
  ',',
  '.',
  '*',
  ';',
  '=',
  '<>',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '--',
  '\n',
  '\t',
  '#',
  '"',
  '\\',
  '\u0000',
  'é',
  '😀',
]

const VALID = [
  "FROM bins WHERE card_bin = '411111' AND card_bin_extended = ';'",
  'SELECT cardBin, issuer FROM bins WHERE issuer = :p ORDER BY card_bin DESC LIMIT 5',
  "EXPLAIN SELECT COUNT(*) FROM bins WHERE card_bin IN ('1', '2', :p) AND brand = 'VISA'",
  'SELECT brand, level FROM bins USE INDEX (byLevel) WHERE card_bin = :p AND level BETWEEN 1 AND 3 CONSISTENT',
  "SCAN a.b[2], c FROM users WHERE NOT (x = 1 OR size(tags) > 2) AND begins_with(name, 'A')",
  "FROM users WHERE userId = :p AND attribute_type(meta, 'M') AND contains(tags, 'x')",
  "SELECT card_bin FROM bins WHERE country = 'US' LIMIT 10",
  "INSERT INTO bins VALUE { 'card_bin': :p, 'card_bin_extended': ';', 'm': { 'l': [1, :q] } }",
  "REPLACE INTO bins VALUES { 'card_bin': :p, 'card_bin_extended': :q } WHERE issuer = 'x'",
  "UPDATE bins SET a = a + 1, b = if_not_exists(b, :p) REMOVE c ADD d :q WHERE cardBin = :p AND card_bin_extended = ';' RETURNING ALL NEW",
  "UPSERT users SET l = list_append(l, [:p]) DELETE s :q WHERE userId = 'u'",
  "DELETE FROM bins WHERE card_bin IN ('1', :p) AND card_bin_extended = ';'",
  'CHECK users WHERE userId = :p AND attribute_exists(x)',
]

const values = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 120 }),
  fc.uint8Array({ maxLength: 8 }),
  fc.object({ maxDepth: 2 }),
)
const params = fc.dictionary(fc.constantFrom('p', 'q'), values)

describe('no input makes the parser or planner throw anything but a DqlError', () => {
  test('arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), params, (text, p) => {
        attempt(text, p)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  test('arbitrary token sequences', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 40 }),
        fc.constantFrom(' ', '', '\n'),
        params,
        (tokens, separator, p) => {
          attempt(tokens.join(separator), p)
        },
      ),
      { seed: SEED + 1, numRuns: RUNS },
    )
  })

  test('mutated valid statements', () => {
    const mutation = fc.oneof(
      fc.record({
        kind: fc.constant('delete' as const),
        at: fc.nat(),
        length: fc.integer({ min: 1, max: 12 }),
      }),
      fc.record({
        kind: fc.constant('insert' as const),
        at: fc.nat(),
        token: fc.constantFrom(...VOCABULARY),
      }),
      fc.record({
        kind: fc.constant('repeat' as const),
        at: fc.nat(),
        length: fc.integer({ min: 1, max: 20 }),
      }),
      fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
    )
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        params,
        (base, mutations, p) => {
          let text = base
          for (const m of mutations) {
            const at = text.length === 0 ? 0 : m.at % text.length
            switch (m.kind) {
              case 'delete':
                text = text.slice(0, at) + text.slice(at + m.length)
                break
              case 'insert':
                text = `${text.slice(0, at)} ${m.token} ${text.slice(at)}`
                break
              case 'repeat':
                text =
                  text.slice(0, at) +
                  text.slice(at, at + m.length).repeat(2) +
                  text.slice(at + m.length)
                break
              case 'swap': {
                const other = text.length === 0 ? 0 : m.other % text.length
                const chars = [...text]
                ;[chars[at], chars[other]] = [chars[other]!, chars[at]!]
                text = chars.join('')
                break
              }
            }
          }
          attempt(text, p)
        },
      ),
      { seed: SEED + 2, numRuns: RUNS },
    )
  })

  test('the valid statements themselves plan', () => {
    expect(VALID.filter((text) => !attempt(text, { p: 'x' }))).toEqual([])
  })

  test('bounded size and nesting have their own codes', () => {
    const deep = 'FROM users WHERE ' + '('.repeat(5000) + 'a = 1' + ')'.repeat(5000)
    const long = 'FROM users WHERE a IN (' + '1,'.repeat(60_000) + '1)'
    for (const [text, code] of [
      [deep, 'parse.too-deep'],
      [long, 'parse.too-long'],
    ] as const) {
      counts.inputs++
      counts.refused++
      expect(() => parseStatementText(text)).toThrow(expect.objectContaining({ code }))
    }
  })
})
