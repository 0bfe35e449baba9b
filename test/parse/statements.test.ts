import { describe, expect, test } from 'vitest'
import type { Statement } from '../../src/ast/nodes.js'
import { parseText } from '../../src/parse/parse-text.js'
import { ast, path, pos, readAst } from './helpers.js'

describe('reads', () => {
  test('FROM alone reads every attribute', () => {
    const text = 'FROM bins'
    expect(ast(text)).toEqual({
      kind: 'read',
      explain: false,
      projection: { kind: 'all', at: 0 },
      table: { kind: 'name', name: 'bins', at: 5 },
      index: undefined,
      where: undefined,
      orderBy: undefined,
      limit: undefined,
      consistent: false,
      at: 0,
    } satisfies Statement)
  })

  test('the case dql exists for: a full key by attribute names', () => {
    const text = "FROM bins WHERE card_bin = '411111' AND card_bin_extended = ';'"
    expect(ast(text)).toEqual({
      kind: 'read',
      explain: false,
      projection: { kind: 'all', at: 0 },
      table: { kind: 'name', name: 'bins', at: 5 },
      index: undefined,
      where: {
        kind: 'and',
        operands: [
          {
            kind: 'compare',
            operator: '=',
            left: path(16, 'card_bin'),
            right: { kind: 'string', value: '411111', at: 27 },
            at: 16,
          },
          {
            kind: 'compare',
            operator: '=',
            left: path(40, 'card_bin_extended'),
            right: { kind: 'string', value: ';', at: 60 },
            at: 40,
          },
        ],
        at: 16,
      },
      orderBy: undefined,
      limit: undefined,
      consistent: false,
      at: 0,
    } satisfies Statement)
  })

  test('every clause at once, with EXPLAIN, SELECT paths and a trailing semicolon', () => {
    const text =
      'EXPLAIN SELECT issuer, meta.tags[2] FROM bins USE INDEX (byIssuer) ' +
      "WHERE issuer = 'ACME' ORDER BY card_bin DESC LIMIT 25 CONSISTENT;"
    expect(ast(text)).toEqual({
      kind: 'read',
      explain: true,
      projection: {
        kind: 'paths',
        paths: [path(15, 'issuer'), path(23, 'meta', 'tags', 2)],
        at: 15,
      },
      table: { kind: 'name', name: 'bins', at: pos(text, 'bins') },
      index: { kind: 'name', name: 'byIssuer', at: pos(text, 'byIssuer') },
      where: {
        kind: 'compare',
        operator: '=',
        left: path(pos(text, 'issuer', 2), 'issuer'),
        right: { kind: 'string', value: 'ACME', at: pos(text, "'ACME'") },
        at: pos(text, 'issuer', 2),
      },
      orderBy: {
        path: path(pos(text, 'card_bin'), 'card_bin'),
        descending: true,
        at: pos(text, 'ORDER'),
      },
      limit: { value: 25, at: pos(text, 'LIMIT') },
      consistent: true,
      consistentAt: pos(text, 'CONSISTENT'),
      at: 0,
    } satisfies Statement)
  })

  test('ORDER BY is ascending unless DESC; ASC may be written', () => {
    for (const [text, descending] of [
      ['FROM t ORDER BY k', false],
      ['FROM t ORDER BY k ASC', false],
      ['FROM t ORDER BY k desc', true],
    ] as const) {
      expect((ast(text) as { orderBy: unknown }).orderBy).toEqual({
        path: path(16, 'k'),
        descending,
        at: 7,
      })
    }
  })

  test('SELECT COUNT(*), in any case', () => {
    const text = 'select Count(*) from t'
    expect(ast(text)).toEqual({
      kind: 'read',
      explain: false,
      projection: { kind: 'count', at: 7 },
      table: { kind: 'name', name: 't', at: 21 },
      index: undefined,
      where: undefined,
      orderBy: undefined,
      limit: undefined,
      consistent: false,
      at: 0,
    } satisfies Statement)
  })

  test('SELECT * is the same as no SELECT', () => {
    expect(ast('SELECT * FROM t')).toEqual({
      kind: 'read',
      explain: false,
      projection: { kind: 'all', at: 7 },
      table: { kind: 'name', name: 't', at: 14 },
      index: undefined,
      where: undefined,
      orderBy: undefined,
      limit: undefined,
      consistent: false,
      at: 0,
    } satisfies Statement)
  })

  test('count, size and other function names stay usable as attribute names', () => {
    const text = 'SELECT count, size, contains FROM t WHERE size = 1'
    expect(ast(text)).toEqual({
      kind: 'read',
      explain: false,
      projection: {
        kind: 'paths',
        paths: [path(7, 'count'), path(14, 'size'), path(20, 'contains')],
        at: 7,
      },
      table: { kind: 'name', name: 't', at: 34 },
      index: undefined,
      where: {
        kind: 'compare',
        operator: '=',
        left: path(42, 'size'),
        right: { kind: 'number', text: '1', at: 49 },
        at: 42,
      },
      orderBy: undefined,
      limit: undefined,
      consistent: false,
      at: 0,
    } satisfies Statement)
  })

  test('DynamoDB reserved words that are not DQL keywords need no quoting', () => {
    const text = 'SELECT name, status, year FROM t WHERE status = 1'
    expect(ast(text)).toMatchObject({
      projection: {
        kind: 'paths',
        paths: [path(7, 'name'), path(13, 'status'), path(21, 'year')],
        at: 7,
      },
    })
  })
})

describe('scans', () => {
  test('SCAN with nothing else', () => {
    expect(ast('SCAN FROM t')).toEqual({
      kind: 'scan',
      explain: false,
      projection: { kind: 'all', at: 5 },
      table: { kind: 'name', name: 't', at: 10 },
      index: undefined,
      where: undefined,
      limit: undefined,
      consistent: false,
      at: 0,
    } satisfies Statement)
  })

  test('EXPLAIN SCAN with every clause', () => {
    const text = 'explain scan a, b FROM t USE INDEX (i) WHERE x <> 1 LIMIT 4 CONSISTENT'
    expect(ast(text)).toEqual({
      kind: 'scan',
      explain: true,
      projection: { kind: 'paths', paths: [path(13, 'a'), path(16, 'b')], at: 13 },
      table: { kind: 'name', name: 't', at: 23 },
      index: { kind: 'name', name: 'i', at: 36 },
      where: {
        kind: 'compare',
        operator: '<>',
        left: path(45, 'x'),
        right: { kind: 'number', text: '1', at: 50 },
        at: 45,
      },
      limit: { value: 4, at: 52 },
      consistent: true,
      consistentAt: pos(text, 'CONSISTENT'),
      at: 0,
    } satisfies Statement)
  })

  test('SCAN COUNT(*) and SCAN *', () => {
    expect(readAst('SCAN COUNT(*) FROM t').projection).toEqual({ kind: 'count', at: 5 })
    expect(readAst('SCAN * FROM t').projection).toEqual({ kind: 'all', at: 5 })
  })
})

describe('names and paths', () => {
  test('back-quoted names hold any character, `` is one back-quote', () => {
    const text = 'SELECT `a.b`, `from`, `x``y` FROM `bin-lookup`'
    expect(ast(text)).toMatchObject({
      projection: {
        kind: 'paths',
        paths: [path(7, 'a.b'), path(14, 'from'), path(22, 'x`y')],
      },
      table: { kind: 'name', name: 'bin-lookup', at: 34 },
    })
  })

  test('nested paths with list indexes and keywords after a dot', () => {
    const text = 'SELECT a.b[0][12].`c d`.from.order FROM t'
    expect(readAst(text).projection).toEqual({
      kind: 'paths',
      paths: [path(7, 'a', 'b', 0, 12, 'c d', 'from', 'order')],
      at: 7,
    })
  })

  test('a path can start with a back-quoted name in a condition', () => {
    const text = 'FROM t WHERE `weird name`.x[1] = 2'
    expect(ast(text).where).toEqual({
      kind: 'compare',
      operator: '=',
      left: path(13, 'weird name', 'x', 1),
      right: { kind: 'number', text: '2', at: 33 },
      at: 13,
    })
  })

  test('a table named by a template hole', () => {
    // Holes only exist in templates; parseText is given their offsets.
    const text = 'FROM ${…} WHERE k = ${…}'
    expect(
      parseText(
        text,
        new Map([
          [5, 0],
          [20, 1],
        ]),
      ).ast,
    ).toMatchObject({
      table: { kind: 'table-hole', hole: 0, at: 5 },
      where: {
        kind: 'compare',
        operator: '=',
        left: path(16, 'k'),
        right: { kind: 'hole', hole: 1, at: 20 },
        at: 16,
      },
    })
  })
})

describe('values', () => {
  test('every literal form', () => {
    const text =
      "FROM t WHERE a IN ('it''s', '', 42, -7, 3.25, 1e3, -2.5E-4, true, FALSE, null, :p)"
    expect(ast(text).where).toEqual({
      kind: 'in',
      operand: path(13, 'a'),
      list: {
        kind: 'items',
        at: pos(text, '('),
        items: [
          { kind: 'string', value: "it's", at: pos(text, "'it") },
          { kind: 'string', value: '', at: pos(text, "''", 2) },
          { kind: 'number', text: '42', at: pos(text, '42') },
          { kind: 'number', text: '-7', at: pos(text, '-7') },
          { kind: 'number', text: '3.25', at: pos(text, '3.25') },
          { kind: 'number', text: '1e3', at: pos(text, '1e3') },
          { kind: 'number', text: '-2.5E-4', at: pos(text, '-2.5E-4') },
          { kind: 'boolean', value: true, at: pos(text, 'true') },
          { kind: 'boolean', value: false, at: pos(text, 'FALSE') },
          { kind: 'null', at: pos(text, 'null') },
          { kind: 'param', name: 'p', at: pos(text, ':p') },
        ],
      },
      at: 13,
    })
  })

  test('a string keeps newlines, quotes and comment markers as they are', () => {
    const text = "FROM t WHERE a = 'line 1\nline -- 2 ''q'''"
    expect(ast(text).where).toEqual({
      kind: 'compare',
      operator: '=',
      left: path(13, 'a'),
      right: { kind: 'string', value: "line 1\nline -- 2 'q'", at: 17 },
      at: 13,
    })
  })

  test('IN takes a list, one :param holding an array, or one hole', () => {
    expect(ast('FROM t WHERE k IN :keys').where).toEqual({
      kind: 'in',
      operand: path(13, 'k'),
      list: { kind: 'param', name: 'keys', at: 18 },
      at: 13,
    })
    expect(parseText('FROM t WHERE k IN ${…}', new Map([[18, 0]])).ast.where).toEqual({
      kind: 'in',
      operand: path(13, 'k'),
      list: { kind: 'hole', hole: 0, at: 18 },
      at: 13,
    })
  })
})

describe('conditions', () => {
  const cmp = (at: number, name: string, operator: string, value: string) => ({
    kind: 'compare',
    operator,
    left: path(at, name),
    right: { kind: 'number', text: value, at: at + name.length + operator.length + 2 },
    at,
  })

  test('every comparison operator, and != as <>', () => {
    for (const operator of ['=', '<>', '<', '<=', '>', '>=']) {
      expect(ast(`FROM t WHERE a ${operator} 1`).where).toEqual(cmp(13, 'a', operator, '1'))
    }
    expect(ast('FROM t WHERE a != 1').where).toEqual({
      ...cmp(13, 'a', '<>', '1'),
      right: { kind: 'number', text: '1', at: 18 },
    })
  })

  test('AND binds tighter than OR; chains are flat', () => {
    const text = 'FROM t WHERE a = 1 OR b = 2 AND c = 3 AND d = 4 OR e = 5'
    expect(ast(text).where).toEqual({
      kind: 'or',
      operands: [
        cmp(13, 'a', '=', '1'),
        {
          kind: 'and',
          operands: [cmp(22, 'b', '=', '2'), cmp(32, 'c', '=', '3'), cmp(42, 'd', '=', '4')],
          at: 22,
        },
        cmp(51, 'e', '=', '5'),
      ],
      at: 13,
    })
  })

  test('parentheses regroup; NOT binds tightest; NOT NOT nests', () => {
    const text = 'FROM t WHERE NOT (a = 1 OR b = 2) AND NOT NOT c = 3'
    expect(ast(text).where).toEqual({
      kind: 'and',
      operands: [
        {
          kind: 'not',
          operand: {
            kind: 'or',
            operands: [cmp(18, 'a', '=', '1'), cmp(27, 'b', '=', '2')],
            at: 18,
          },
          at: 13,
        },
        {
          kind: 'not',
          operand: { kind: 'not', operand: cmp(46, 'c', '=', '3'), at: 42 },
          at: 38,
        },
      ],
      at: 13,
    })
  })

  test('BETWEEN, NOT BETWEEN, NOT IN', () => {
    const text = 'FROM t WHERE a BETWEEN 1 AND 9 AND b NOT BETWEEN x AND y AND c NOT IN (1)'
    expect(ast(text).where).toEqual({
      kind: 'and',
      operands: [
        {
          kind: 'between',
          operand: path(13, 'a'),
          low: { kind: 'number', text: '1', at: 23 },
          high: { kind: 'number', text: '9', at: 29 },
          at: 13,
        },
        {
          kind: 'not',
          operand: {
            kind: 'between',
            operand: path(35, 'b'),
            low: path(49, 'x'),
            high: path(55, 'y'),
            at: 35,
          },
          at: 37,
        },
        {
          kind: 'not',
          operand: {
            kind: 'in',
            operand: path(61, 'c'),
            list: { kind: 'items', items: [{ kind: 'number', text: '1', at: 71 }], at: 70 },
            at: 61,
          },
          at: 63,
        },
      ],
      at: 13,
    })
  })

  test('every function', () => {
    const text =
      "FROM t WHERE begins_with(sk, 'a#') AND contains(tags, 'red') AND attribute_exists(a.b) " +
      "AND attribute_not_exists(c[0]) AND attribute_type(d, 'S') AND size(e) >= 3 AND 2 < SIZE(f)"
    expect(ast(text).where).toEqual({
      kind: 'and',
      operands: [
        {
          kind: 'begins-with',
          path: path(25, 'sk'),
          prefix: { kind: 'string', value: 'a#', at: 29 },
          at: 13,
        },
        {
          kind: 'contains',
          path: path(pos(text, 'tags'), 'tags'),
          operand: { kind: 'string', value: 'red', at: pos(text, "'red'") },
          at: pos(text, 'contains'),
        },
        {
          kind: 'attribute-exists',
          path: path(pos(text, 'a.b'), 'a', 'b'),
          at: pos(text, 'attribute_exists'),
        },
        {
          kind: 'attribute-not-exists',
          path: path(pos(text, 'c[0]'), 'c', 0),
          at: pos(text, 'attribute_not_exists'),
        },
        {
          kind: 'attribute-type',
          path: path(pos(text, 'd,'), 'd'),
          type: { kind: 'string', value: 'S', at: pos(text, "'S'") },
          at: pos(text, 'attribute_type'),
        },
        {
          kind: 'compare',
          operator: '>=',
          left: { kind: 'size', path: path(pos(text, 'e)'), 'e'), at: pos(text, 'size') },
          right: { kind: 'number', text: '3', at: pos(text, '3') },
          at: pos(text, 'size'),
        },
        {
          kind: 'compare',
          operator: '<',
          left: { kind: 'number', text: '2', at: pos(text, '2 <') },
          right: { kind: 'size', path: path(pos(text, 'f)'), 'f'), at: pos(text, 'SIZE') },
          at: pos(text, '2 <'),
        },
      ],
      at: 13,
    })
  })

  test('comments and any whitespace are ignored; keywords in any case', () => {
    const text = 'from t -- the table\n\twhere\r\n  a = 1 -- done'
    expect(ast(text)).toEqual({
      kind: 'read',
      explain: false,
      projection: { kind: 'all', at: 0 },
      table: { kind: 'name', name: 't', at: 5 },
      index: undefined,
      where: {
        kind: 'compare',
        operator: '=',
        left: path(pos(text, 'a ='), 'a'),
        right: { kind: 'number', text: '1', at: pos(text, '1') },
        at: pos(text, 'a ='),
      },
      orderBy: undefined,
      limit: undefined,
      consistent: false,
      at: 0,
    } satisfies Statement)
  })
})
