import { describe, expect, test } from 'vitest'
import type { Statement } from '../../src/ast/nodes.js'
import { parseTemplate } from '../../src/parse/parse-cache.js'
import { ast, parseFailure, path, pos } from './helpers.js'

const name = (n: string, at: number) => ({ kind: 'name', name: n, at }) as const
const str = (value: string, at: number) => ({ kind: 'string', value, at }) as const
const num = (text: string, at: number) => ({ kind: 'number', text, at }) as const

describe('INSERT and REPLACE', () => {
  test('INSERT INTO t VALUE { … } with nested maps and lists', () => {
    const text =
      "INSERT INTO bins VALUE { 'card_bin': '4111', 'meta': { 'tags': [1, 'a', {}], 'on': true } }"
    expect(ast(text)).toEqual({
      kind: 'put',
      mode: 'insert',
      explain: false,
      table: name('bins', 12),
      values: {
        plural: false,
        items: [
          {
            kind: 'map',
            entries: [
              {
                name: 'card_bin',
                value: str('4111', pos(text, "'4111'")),
                at: pos(text, "'card_bin'"),
              },
              {
                name: 'meta',
                value: {
                  kind: 'map',
                  entries: [
                    {
                      name: 'tags',
                      value: {
                        kind: 'list',
                        items: [
                          num('1', pos(text, '1,')),
                          str('a', pos(text, "'a'")),
                          { kind: 'map', entries: [], at: pos(text, '{}') },
                        ],
                        at: pos(text, '['),
                      },
                      at: pos(text, "'tags'"),
                    },
                    {
                      name: 'on',
                      value: { kind: 'boolean', value: true, at: pos(text, 'true') },
                      at: pos(text, "'on'"),
                    },
                  ],
                  at: pos(text, '{', 2),
                },
                at: pos(text, "'meta'"),
              },
            ],
            at: pos(text, '{'),
          },
        ],
        at: pos(text, 'VALUE'),
      },
      where: undefined,
      at: 0,
    } satisfies Statement)
  })

  test('REPLACE … VALUES of parameters, with WHERE', () => {
    const text = 'REPLACE INTO bins VALUES :a, :b WHERE version = 3'
    expect(ast(text)).toEqual({
      kind: 'put',
      mode: 'replace',
      explain: false,
      table: name('bins', 13),
      values: {
        plural: true,
        items: [
          { kind: 'param', name: 'a', at: pos(text, ':a') },
          { kind: 'param', name: 'b', at: pos(text, ':b') },
        ],
        at: pos(text, 'VALUES'),
      },
      where: {
        kind: 'compare',
        operator: '=',
        left: path(pos(text, 'version'), 'version'),
        right: num('3', pos(text, '3')),
        at: pos(text, 'version'),
      },
      at: 0,
    } satisfies Statement)
  })

  test('VALUES ${array} in a template is one hole item; keywords in any case', () => {
    const parsed = parseTemplate(Object.assign(['insert into ', ' values ', ''], { raw: [] }))
    expect(parsed.ast).toMatchObject({
      kind: 'put',
      mode: 'insert',
      table: { kind: 'table-hole', hole: 0 },
      values: { plural: true, items: [{ kind: 'hole', hole: 1 }] },
    })
  })
})

describe('UPDATE and UPSERT', () => {
  test('every action and expression, RETURNING ALL NEW', () => {
    const text =
      'UPDATE bins SET a = a + 1, b.c[2] = if_not_exists(b, 0) - :d, e = list_append(e, [1]) ' +
      "REMOVE f, g[0] ADD h 1 DELETE i :s WHERE card_bin = 'x' RETURNING ALL NEW"
    expect(ast(text)).toEqual({
      kind: 'update',
      upsert: false,
      explain: false,
      table: name('bins', 7),
      actions: [
        {
          kind: 'set',
          path: path(16, 'a'),
          value: {
            kind: 'arithmetic',
            operator: '+',
            left: path(20, 'a'),
            right: num('1', 24),
            at: 20,
          },
          at: 16,
        },
        {
          kind: 'set',
          path: path(27, 'b', 'c', 2),
          value: {
            kind: 'arithmetic',
            operator: '-',
            left: {
              kind: 'if-not-exists',
              path: path(pos(text, 'b,'), 'b'),
              fallback: num('0', pos(text, '0)')),
              at: pos(text, 'if_not_exists'),
            },
            right: { kind: 'param', name: 'd', at: pos(text, ':d') },
            at: pos(text, 'if_not_exists'),
          },
          at: 27,
        },
        {
          kind: 'set',
          path: path(pos(text, 'e ='), 'e'),
          value: {
            kind: 'list-append',
            left: path(pos(text, 'e, ['), 'e'),
            right: { kind: 'list', items: [num('1', pos(text, '1]'))], at: pos(text, '[1]') },
            at: pos(text, 'list_append'),
          },
          at: pos(text, 'e ='),
        },
        { kind: 'remove', path: path(pos(text, 'f,'), 'f'), at: pos(text, 'f,') },
        { kind: 'remove', path: path(pos(text, 'g[0]'), 'g', 0), at: pos(text, 'g[0]') },
        {
          kind: 'add',
          path: path(pos(text, 'h 1'), 'h'),
          value: num('1', pos(text, '1 DELETE')),
          at: pos(text, 'h 1'),
        },
        {
          kind: 'delete',
          path: path(pos(text, 'i :s'), 'i'),
          value: { kind: 'param', name: 's', at: pos(text, ':s') },
          at: pos(text, 'i :s'),
        },
      ],
      where: {
        kind: 'compare',
        operator: '=',
        left: path(pos(text, 'card_bin'), 'card_bin'),
        right: str('x', pos(text, "'x'")),
        at: pos(text, 'card_bin'),
      },
      returning: { value: 'ALL_NEW', at: pos(text, 'RETURNING') },
      at: 0,
    } satisfies Statement)
  })

  test('UPSERT; n -1 is n minus 1; RETURNING UPDATED OLD', () => {
    const text = 'EXPLAIN UPSERT t SET n = n -1 WHERE k = 1 RETURNING UPDATED OLD'
    expect(ast(text)).toMatchObject({
      kind: 'update',
      upsert: true,
      explain: true,
      actions: [
        {
          kind: 'set',
          value: { kind: 'arithmetic', operator: '-', right: num('1', pos(text, '1 WHERE')) },
        },
      ],
      returning: { value: 'UPDATED_OLD' },
      at: 0,
    })
  })
})

describe('DELETE and CHECK', () => {
  test('DELETE FROM … WHERE … RETURNING ALL OLD', () => {
    const text = 'DELETE FROM t WHERE k = 1 RETURNING ALL OLD'
    expect(ast(text)).toEqual({
      kind: 'delete',
      explain: false,
      table: name('t', 12),
      where: { kind: 'compare', operator: '=', left: path(20, 'k'), right: num('1', 24), at: 20 },
      returning: { value: 'ALL_OLD', at: 26 },
      at: 0,
    } satisfies Statement)
  })

  test('CHECK t WHERE …', () => {
    expect(ast('CHECK t WHERE k = 1')).toEqual({
      kind: 'check',
      explain: false,
      table: name('t', 6),
      where: { kind: 'compare', operator: '=', left: path(14, 'k'), right: num('1', 18), at: 14 },
      at: 0,
    } satisfies Statement)
  })
})

describe('the words of writes stay names in v1 statements', () => {
  test.each([
    'SELECT value, set, new, old, all, check, values, updated FROM insert WHERE update = 1',
    'FROM delete WHERE set = 1 AND value > 2 ORDER BY all',
    'SCAN FROM replace WHERE new.old = 1 OR into IN (1, 2)',
    'FROM t WHERE begins_with(returning, :none) AND upsert <> remove AND add = check',
  ])('%s', (text) => {
    const statement = ast(text)
    expect(['read', 'scan']).toContain(statement.kind)
  })

  test('as names in writes too: UPDATE set SET value = new WHERE check = 1', () => {
    const text = 'UPDATE set SET value = new WHERE check = 1'
    expect(ast(text)).toMatchObject({
      kind: 'update',
      table: name('set', 7),
      actions: [{ kind: 'set', path: path(15, 'value'), value: path(23, 'new') }],
    })
  })
})

describe('syntax errors point at the spot', () => {
  test.each([
    ['INSERT INTO t VALUE', 'parse.unexpected-token', 1, 20],
    ["INSERT INTO t VALUE { 'a' 1 }", 'parse.unexpected-token', 1, 27],
    ['INSERT INTO t\nVALUE { a: 1 }', 'parse.unexpected-token', 2, 9],
    ['UPDATE t WHERE k = 1', 'parse.unexpected-token', 1, 10],
    ['UPDATE t SET a = 1', 'parse.unexpected-token', 1, 19],
    ['UPDATE t SET a = b + WHERE k = 1', 'parse.unexpected-token', 1, 22],
    ['UPDATE t SET a = nope(a, 1) WHERE k = 1', 'parse.unknown-function', 1, 18],
    ['UPDATE t SET a = if_not_exists(1, 2) WHERE k = 1', 'parse.bad-arguments', 1, 32],
    ['UPDATE t SET a = list_append(a) WHERE k = 1', 'parse.bad-arguments', 1, 18],
    ['DELETE FROM t WHERE k = 1 RETURNING ALL NEW', 'parse.unexpected-token', 1, 27],
    ['DELETE FROM t', 'parse.unexpected-token', 1, 14],
    ['UPDATE t SET a = 1 WHERE k = 1 RETURNING ALL', 'parse.unexpected-token', 1, 45],
  ])('%s', (text, code, line, column) => {
    expect(parseFailure(text)).toEqual({ code, line, column })
  })
})
