import { describe, expect, test } from 'vitest'
import { dql } from '../../src/parse/bound-statement.js'
import { MAX_NESTING } from '../../src/language/checks.js'
import { MAX_STATEMENT_LENGTH, parseText } from '../../src/parse/parse-text.js'
import { parseStatementText } from '../../src/parse/parse-cache.js'
import { failure, parseFailure } from './helpers.js'

describe('bad input is a DqlError with a code and a position', () => {
  test.each([
    // [statement, code, line, column]
    ['', 'parse.empty', 1, 1],
    ['   \n  -- only a comment', 'parse.empty', 1, 1],
    ["FROM t WHERE a = 'abc", 'parse.unterminated-string', 1, 18],
    ["FROM t WHERE a = 'it''s", 'parse.unterminated-string', 1, 22],
    ['FROM `bins WHERE a = 1', 'parse.unterminated-name', 1, 6],
    ['SELECT `` FROM t', 'parse.empty-name', 1, 8],
    ['FROM t WHERE order = 1', 'parse.keyword-as-name', 1, 14],
    ['SELECT a, index FROM t', 'parse.keyword-as-name', 1, 11],
    ['FROM limit', 'parse.keyword-as-name', 1, 6],
    ['FROM t ORDER BY desc', 'parse.keyword-as-name', 1, 17],
    ['SELECT :x FROM t', 'parse.param-as-name', 1, 8],
    ['FROM t USE INDEX (:i)', 'parse.param-as-name', 1, 19],
    ['FROM t WHERE a = 1 garbage', 'parse.unexpected-token', 1, 20],
    ['FROM t;;', 'parse.unexpected-token', 1, 8],
    ['FROM t LIMIT -1', 'parse.bad-limit', 1, 14],
    ['FROM t LIMIT 1.5', 'parse.bad-limit', 1, 14],
    ['FROM t LIMIT 0', 'parse.bad-limit', 1, 14],
    ['FROM t LIMIT 99999999999999999999', 'parse.bad-limit', 1, 14],
    ['FROM t LIMIT', 'parse.unexpected-token', 1, 13],
    ['FROM t LIMIT :n', 'parse.unexpected-token', 1, 14],
    ['FROM t WHERE a[1.5] = 1', 'parse.bad-index', 1, 16],
    ['FROM t WHERE a[-1] = 1', 'parse.bad-index', 1, 16],
    ['FROM t WHERE a = #', 'parse.unexpected-character', 1, 18],
    ['FROM t LIMIT 5CONSISTENT', 'parse.bad-number', 1, 14],
    ['FROM t WHERE a = 1AND b = 2', 'parse.bad-number', 1, 18],
    ['FROM t WHERE a = 0x1F', 'parse.bad-number', 1, 18],
    ['FROM t WHERE a = 1e', 'parse.bad-number', 1, 18],
    ['FROM t WHERE a = "x"', 'parse.unexpected-character', 1, 18],
    ['FROM t WHERE a = ${…}', 'parse.hole-in-text', 1, 18],
    ['FROM t WHERE', 'parse.unexpected-token', 1, 13],
    ['FROM t WHERE a', 'parse.unexpected-token', 1, 15],
    ['FROM t WHERE a =', 'parse.unexpected-token', 1, 17],
    ['FROM t WHERE (a = 1', 'parse.unexpected-token', 1, 20],
    ['FROM t WHERE a = 1)', 'parse.unexpected-token', 1, 19],
    ['FROM t WHERE a BETWEEN 1', 'parse.unexpected-token', 1, 25],
    ['FROM t WHERE a IN ()', 'parse.unexpected-token', 1, 20],
    ['FROM t WHERE a IN 1', 'parse.unexpected-token', 1, 19],
    ["FROM t WHERE foo(a, 'x')", 'parse.unknown-function', 1, 14],
    ['FROM t WHERE count(a) = 1', 'parse.unknown-function', 1, 14],
    ['SELECT total(*) FROM t', 'parse.unknown-function', 1, 8],
    ['SELECT COUNT(a) FROM t', 'parse.unexpected-token', 1, 14],
    ["FROM t WHERE begins_with(a) = 'x'", 'parse.bad-arguments', 1, 14],
    ["FROM t WHERE begins_with('x', a)", 'parse.bad-arguments', 1, 26],
    ['FROM t WHERE size(a, b) > 1', 'parse.bad-arguments', 1, 22],
    ["FROM t WHERE begins_with(a, 'x') = true", 'parse.not-comparable', 1, 14],
    ['FROM t WHERE attribute_exists(a)\n  AND a = ', 'parse.unexpected-token', 2, 10],
    ['SELECT\nFROM t', 'parse.unexpected-token', 2, 1],
    ['FROM t\nWHERE a = 1\nORDER a', 'parse.unexpected-token', 3, 7],
    ['WHERE a = 1', 'parse.unexpected-token', 1, 1],
  ])('%j → %s at %i:%i', (text, code, line, column) => {
    expect(parseFailure(text)).toEqual({ code, line, column })
  })

  test('misspelled keywords get a "did you mean"', () => {
    for (const [text, suggestion, column] of [
      ['FORM bins', 'FROM', 1],
      ['SELCT * FROM bins', 'SELECT', 1],
      ['FROM bins WHRE a = 1', 'WHERE', 11],
      ['FROM bins WHERE a = 1 ADN b = 2', 'AND', 23],
      ['FROM bins ORDER BY a DSC', 'DESC', 22],
      ['FROM bins LIMT 5', 'LIMIT', 11],
      ['FROM bins CONSISTNT', 'CONSISTENT', 11],
    ] as const) {
      const { code, column: col, error } = failure(() => parseText(text, null))
      expect({ text, code, col, best: error.suggestions[0] }).toEqual({
        text,
        code: 'parse.unexpected-token',
        col: column,
        best: suggestion,
      })
      expect(error.message).toContain(`Did you mean ${suggestion}?`)
    }
  })

  test('misspelled functions get a "did you mean"', () => {
    const { error } = failure(() => parseText("FROM t WHERE begins_wth(a, 'x')", null))
    expect(error.suggestions).toEqual(['begins_with'])
    expect(error.message).toContain('Did you mean begins_with?')
  })

  test('the message names the problem, the position and shows a caret under the spot', () => {
    const { error } = failure(() => parseText('FROM bins\nWHERE card_bin = 1 ADN x = 2', null))
    expect(error.message).toBe(
      "Expected AND, OR, ORDER, LIMIT, CONSISTENT, ';' or the end of the statement after `1`, " +
        'found `ADN`. Did you mean AND? (line 2, column 20)\n\n' +
        '  WHERE card_bin = 1 ADN x = 2\n' +
        '                     ^',
    )
    expect(error.reason).toBe(
      "Expected AND, OR, ORDER, LIMIT, CONSISTENT, ';' or the end of the statement after `1`, " +
        'found `ADN`. Did you mean AND?',
    )
    expect(error.statement).toBe('FROM bins\nWHERE card_bin = 1 ADN x = 2')
    expect(error.name).toBe('DqlError')
  })

  test('a keyword used as a name says how to quote it', () => {
    const { error } = failure(() => parseText('FROM t WHERE order = 1', null))
    expect(error.reason).toBe('`order` is a keyword; to use it as a name, back-quote it: `order`.')
  })

  test('tabs stay tabs in the caret line so that it lines up', () => {
    const { error } = failure(() => parseText('FROM t\n\tWHERE\ta =', null))
    expect(error.excerpt).toBe('  \tWHERE\ta =\n  \t     \t   ^')
  })
})

describe('hostile input never crashes, overflows or hangs', () => {
  test('a 1 MB statement is parse.too-long at the limit', () => {
    const text = 'FROM t WHERE a IN (' + '1,'.repeat(500_000) + '1)'
    expect(text.length).toBeGreaterThan(1_000_000)
    const { code, line, column, error } = failure(() => parseText(text, null))
    expect({ code, line, column }).toEqual({
      code: 'parse.too-long',
      line: 1,
      column: MAX_STATEMENT_LENGTH + 1,
    })
    // The excerpt of a huge line is clipped around the caret.
    expect(error.excerpt!.length).toBeLessThan(200)
  })

  test('10,000 nested parentheses are parse.too-deep, not a stack overflow', () => {
    const text = 'FROM t WHERE ' + '('.repeat(10_000) + 'a = 1' + ')'.repeat(10_000)
    expect(parseFailure(text)).toEqual({
      code: 'parse.too-deep',
      line: 1,
      column: 13 + MAX_NESTING + 1,
    })
  })

  test('a long run of NOT is parse.too-deep too', () => {
    const text = 'FROM t WHERE ' + 'NOT '.repeat(20_000) + 'a = 1'
    expect(parseFailure(text)).toEqual({
      code: 'parse.too-deep',
      line: 1,
      column: 14 + 4 * MAX_NESTING,
    })
  })

  test('nesting up to the limit parses', () => {
    const depth = MAX_NESTING
    const text = 'FROM t WHERE ' + '('.repeat(depth) + 'a = 1' + ')'.repeat(depth)
    expect(parseText(text, null).ast.where).toEqual({
      kind: 'compare',
      operator: '=',
      left: { kind: 'path', segments: ['a'], at: 13 + depth },
      right: { kind: 'number', text: '1', at: 17 + depth },
      at: 13 + depth,
    })
  })

  test('a long flat AND chain under the length limit parses without recursion', () => {
    const terms = Array.from({ length: 5000 }, (_, i) => `a${i} = ${i}`)
    const where = parseText(`FROM t WHERE ${terms.join(' AND ')}`, null).ast.where
    expect(where?.kind === 'and' && where.operands.length).toBe(5000)
  })

  test('the parser is usable again after every kind of failure', () => {
    for (const bad of ['FROM', 'FROM t WHERE ((((', "FROM t WHERE a = 'x", 'FROM t LIMIT 0']) {
      failure(() => parseText(bad, null))
      expect(parseText('FROM t', null).ast.table).toEqual({ kind: 'name', name: 't', at: 5 })
    }
  })

  test('a statement that is not a string is a DqlError', () => {
    const { code } = failure(() => parseStatementText(42 as unknown as string))
    expect(code).toBe('usage.bad-argument')
  })
})

describe('positions in templates count holes as ${…}', () => {
  test('a hole where a name is required', () => {
    const column = (fn: () => unknown) => {
      const { code, line, column } = failure(fn)
      return { code, line, column }
    }
    const x = 'issuer'
    expect(column(() => dql`SELECT ${x} FROM t`)).toEqual({
      code: 'parse.hole-as-name',
      line: 1,
      column: 8,
    })
    expect(column(() => dql`FROM t WHERE ${1} = 1 AND a.${x} = 2`)).toEqual({
      code: 'parse.hole-as-name',
      line: 1,
      column: 29,
    })
    expect(column(() => dql`FROM t USE INDEX (${x})`)).toEqual({
      code: 'parse.hole-as-name',
      line: 1,
      column: 19,
    })
    expect(column(() => dql`FROM t ORDER BY ${x}`)).toEqual({
      code: 'parse.hole-as-name',
      line: 1,
      column: 17,
    })
  })

  test('an error after a hole points past it as the text shows it', () => {
    const { error } = failure(() => dql`FROM t WHERE a = ${'a long value'} ADN b = 1`)
    expect(error.message).toBe(
      "Expected AND, OR, ORDER, LIMIT, CONSISTENT, ';' or the end of the statement after `${…}`, " +
        'found `ADN`. Did you mean AND? (line 1, column 23)\n\n' +
        '  FROM t WHERE a = ${…} ADN b = 1\n' +
        '                        ^',
    )
  })

  test('a literal ${…} spelled out inside a template is not a hole', () => {
    const { code } = failure(() => dql`FROM t WHERE a = \${…}`)
    expect(code).toBe('parse.hole-in-text')
  })

  test('a template with an invalid escape is a DqlError', () => {
    const tag = (strings: TemplateStringsArray) => dql(strings)
    const { code } = failure(() => tag`FROM t WHERE a = '\unicode'`)
    expect(code).toBe('parse.bad-template')
  })

  test('calling the tag as a function is a DqlError that says how to use it', () => {
    const { code, error } = failure(() => dql('FROM t' as unknown as TemplateStringsArray))
    expect(code).toBe('usage.bad-argument')
    expect(error.message).toContain('db.prepare(text)')
  })
})
