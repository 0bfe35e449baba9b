import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { describe, expect, test } from 'vitest'
import { createDql } from '../../src/db.js'
import { demoTables } from '../../src/repl/demo.js'
import { parseValue } from '../../src/repl/session.js'
import { complete, splitStatements } from '../../src/repl/shell.js'

const db = createDql({ client: new DynamoDBClient({ region: 'us-east-1' }), tables: demoTables })

describe('a statement ends at a ; token', () => {
  test.each([
    ["FROM bins WHERE card_bin = '411111';", true],
    ["FROM bins WHERE card_bin = '411111'", false],
    ["FROM bins WHERE card_bin = '4;1'", false],
    ["FROM bins WHERE card_bin = 'unterminated;", false],
    ['FROM bins; -- a comment after it', true],
    ['FROM bins -- not yet;', false],
    ['FROM bins\n  WHERE card_bin = 1\n;', true],
    ['FROM bins WHERE a = #;', true],
  ])('%j → %s', (text, ends) => {
    expect(splitStatements(text).rest === '').toBe(ends)
  })
})

describe('tab completion', () => {
  test('keywords and table names, case-insensitively', () => {
    expect(complete(db, 'fr')).toEqual([['FROM'], 'fr'])
    expect(complete(db, 'SELECT * FROM b')).toEqual([
      ['BETWEEN', 'BY', 'begins_with(', 'bins'],
      'b',
    ])
  })

  test('SEGMENTS, the word of a parallel SCAN', () => {
    expect(complete(db, 'SCAN FROM bins seg')).toEqual([['SEGMENTS'], 'seg'])
  })

  test('field, attribute and index names of the table after FROM', () => {
    expect(complete(db, 'FROM bins WHERE card')).toEqual([
      ['cardBin', 'cardBinExtended', 'card_bin', 'card_bin_extended'],
      'card',
    ])
    expect(complete(db, 'FROM orders USE INDEX (by')).toEqual([['BY', 'byDate', 'byStatus'], 'by'])
    // Names of another table are not offered.
    expect(complete(db, 'FROM orders WHERE card')).toEqual([[], 'card'])
  })

  test('dot-commands', () => {
    expect(complete(db, '.d')).toEqual([['.describe '], '.d'])
  })
})

describe('.set values', () => {
  test.each([
    ["'411111'", '411111'],
    ["'it''s'", "it's"],
    ['42', 42],
    ['true', true],
    ['null', null],
    ['["a","b"]', ['a', 'b']],
    ['"text"', 'text'],
    ['bare-word', 'bare-word'],
  ])('%s', (text, value) => {
    expect(parseValue(text)).toEqual(value)
  })
})

describe('typed text splits into the statements it ends', () => {
  test.each([
    ['   ', [], ''],
    [';', [], ''],
    ['  ;  ; ', [], ''],
    ['-- only a comment', [], ''],
    ['FROM a; FROM b;', ['FROM a;', ' FROM b;'], ''],
    ['FROM a; FROM', ['FROM a;'], ' FROM'],
    ["FROM a WHERE k = ';'", [], "FROM a WHERE k = ';'"],
    ['FROM a;\n-- a comment after it', ['FROM a;'], ''],
    ['FROM a WHERE b = #;', ['FROM a WHERE b = #;'], ''],
    ['#', [], '#'],
  ])('%j', (text, statements, rest) => {
    expect(splitStatements(text)).toEqual({ statements, rest })
  })

  test('text past the statement length limit is not lexed: it is one statement, refused by the parser', () => {
    const text = `'${'a'.repeat(200_000)}`
    expect(splitStatements(text)).toEqual({ statements: [text], rest: '' })
  })
})
