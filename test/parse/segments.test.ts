import { describe, expect, test } from 'vitest'
import type { Statement } from '../../src/ast/nodes.js'
import { parseText } from '../../src/parse/parse-text.js'
import { ast, failure, parseFailure, path } from './helpers.js'

describe('SCAN … SEGMENTS n', () => {
  test('the clause comes last and holds the number of segments', () => {
    const text = 'SCAN FROM t WHERE x = 1 LIMIT 10 CONSISTENT SEGMENTS 4'
    expect(ast(text)).toEqual({
      kind: 'scan',
      explain: false,
      projection: { kind: 'all', at: 5 },
      table: { kind: 'name', name: 't', at: 10 },
      index: undefined,
      where: {
        kind: 'compare',
        operator: '=',
        left: path(18, 'x'),
        right: { kind: 'number', text: '1', at: 22 },
        at: 18,
      },
      limit: { value: 10, at: 24 },
      consistent: true,
      consistentAt: 33,
      segments: { value: 4, at: 44 },
      at: 0,
    } satisfies Statement)
  })

  test('any letter case, from 1 to 1,000,000 (leading zeros allowed)', () => {
    expect(ast('scan from t segments 1')).toMatchObject({ segments: { value: 1, at: 12 } })
    expect(ast('SCAN FROM t Segments 1000000')).toMatchObject({ segments: { value: 1_000_000 } })
    expect(ast('SCAN FROM t SEGMENTS 007')).toMatchObject({ segments: { value: 7 } })
  })

  test('without the clause, the syntax tree has no segments', () => {
    expect(ast('SCAN FROM t')).not.toHaveProperty('segments')
  })

  test('segments stays a name everywhere it was one', () => {
    const scan = ast('SCAN segments, a.segments FROM segments WHERE segments = 1 SEGMENTS 2')
    expect(scan).toMatchObject({
      projection: { kind: 'paths', paths: [path(5, 'segments'), path(15, 'a', 'segments')] },
      table: { kind: 'name', name: 'segments', at: 31 },
      where: { kind: 'compare', left: path(46, 'segments') },
      segments: { value: 2 },
    })
    expect(ast('SELECT segments FROM t WHERE segments > 2 ORDER BY segments')).toMatchObject({
      kind: 'read',
      projection: { kind: 'paths', paths: [path(7, 'segments')] },
      where: { left: path(29, 'segments') },
      orderBy: { path: path(51, 'segments') },
    })
    expect(ast('FROM t WHERE size(segments) > 1 AND contains(segments, 2)')).toMatchObject({
      where: { kind: 'and' },
    })
    // A longer word is a plain name, as with keywords.
    expect(ast('SCAN FROM segmentsx')).toMatchObject({ table: { name: 'segmentsx' } })
  })

  test.each([
    // [statement, code, line, column]
    ['SCAN FROM t SEGMENTS 0', 'parse.bad-segments', 1, 22],
    ['SCAN FROM t SEGMENTS -2', 'parse.bad-segments', 1, 22],
    ['SCAN FROM t SEGMENTS 1.5', 'parse.bad-segments', 1, 22],
    ['SCAN FROM t SEGMENTS 4e2', 'parse.bad-segments', 1, 22],
    ['SCAN FROM t SEGMENTS 1000001', 'parse.bad-segments', 1, 22],
    ['SCAN FROM t\n  SEGMENTS 99999999999999999999', 'parse.bad-segments', 2, 12],
    ['SCAN FROM t SEGMENTS', 'parse.unexpected-token', 1, 21],
    ['SCAN FROM t SEGMENTS :n', 'parse.unexpected-token', 1, 22],
    ['SCAN FROM t SEGMENTS 4 LIMIT 2', 'parse.unexpected-token', 1, 24],
    ['FROM t SEGMENTS 4', 'parse.segments-not-scan', 1, 8],
    ['SELECT a FROM t WHERE b = 1 LIMIT 3\nSEGMENTS 4', 'parse.segments-not-scan', 2, 1],
    ['EXPLAIN FROM t WHERE a = 1 SEGMENTS 2', 'parse.segments-not-scan', 1, 28],
  ])('%j → %s at %i:%i', (text, code, line, column) => {
    expect(parseFailure(text)).toEqual({ code, line, column })
  })
})

test('a misspelt SEGMENTS gets a "did you mean"', () => {
  const { code, column, error } = failure(() => parseText('SCAN FROM bins SEGMENT 4', null))
  expect({ code, column, suggestions: error.suggestions }).toEqual({
    code: 'parse.unexpected-token',
    column: 16,
    suggestions: ['SEGMENTS'],
  })
  expect(error.reason).toBe(
    "Expected USE, WHERE, LIMIT, CONSISTENT, SEGMENTS, ';' or the end of the statement after " +
      '`bins`, found `SEGMENT`. Did you mean SEGMENTS?',
  )
})
