import { describe, expect, test } from 'vitest'
import { dql } from '../../src/parse/bound-statement.js'
import { parseTemplate } from '../../src/parse/parse-cache.js'
import { failure } from './helpers.js'

/** What a user reads of a failing template: code, position, the sentence and the excerpt. */
function refusal(fn: () => unknown) {
  const { code, line, column, error } = failure(fn)
  return { code, line, column, reason: error.reason, excerpt: error.excerpt }
}

const inString =
  'A ${…} hole inside quotes is not a value: the string would hold the characters ${…}, ' +
  "not the hole's value. Remove the quotes around the hole (write = ${x}, not = '${x}'); to " +
  'build a string from parts, join them in JavaScript and pass the result as one hole.'
const inName =
  'A ${…} hole inside back-quotes is not part of the name: a hole is always a value, never a ' +
  'name. Remove the back-quotes to pass a value, or write the name itself in the statement.'
const inComment =
  'A ${…} hole in a -- comment is not a value: the comment runs to the end of the line and ' +
  'hides it. Remove the hole, or end the comment (start a new line) before it.'

describe('a hole inside quotes, back-quotes or a comment is parse.quoted-hole, at the hole', () => {
  test('inside a string', () => {
    const id = 'u1'
    expect(refusal(() => dql`FROM t WHERE id = '${id}'`)).toEqual({
      code: 'parse.quoted-hole',
      line: 1,
      column: 20,
      reason: inString,
      excerpt: "  FROM t WHERE id = '${…}'\n                     ^",
    })
  })

  test('inside a string, among other text, and the first such hole is the one reported', () => {
    const prefix = 'ab'
    expect(
      refusal(() => dql`FROM t WHERE k = ${1} AND begins_with(s, 'x-${prefix}-${prefix}')`),
    ).toEqual({
      code: 'parse.quoted-hole',
      line: 1,
      column: 45,
      reason: inString,
      excerpt:
        "  FROM t WHERE k = ${…} AND begins_with(s, 'x-${…}-${…}')\n" +
        '                                              ^',
    })
  })

  test('inside a back-quoted name', () => {
    const x = 'status'
    expect(refusal(() => dql`SELECT \`${x}\` FROM t`)).toEqual({
      code: 'parse.quoted-hole',
      line: 1,
      column: 9,
      reason: inName,
      excerpt: '  SELECT `${…}` FROM t\n          ^',
    })
    expect(refusal(() => dql`FROM t WHERE \`a${x}\` = 1`).column).toBe(16)
  })

  test('in a -- comment, on the last line or before the next', () => {
    const x = 1
    expect(refusal(() => dql`FROM t WHERE a = 1 -- was ${x}`)).toEqual({
      code: 'parse.quoted-hole',
      line: 1,
      column: 27,
      reason: inComment,
      excerpt: '  FROM t WHERE a = 1 -- was ${…}\n                            ^',
    })
    expect(
      refusal(
        () => dql`FROM t
          WHERE a = ${x} -- and b = ${x}
          AND c = 2`,
      ),
    ).toEqual({
      code: 'parse.quoted-hole',
      line: 2,
      column: 37,
      reason: inComment,
      excerpt:
        '            WHERE a = ${…} -- and b = ${…}\n                                      ^',
    })
  })

  test('is reported before a syntax error later in the statement', () => {
    expect(refusal(() => dql`FROM t WHERE a = '${1}' garbage`).code).toBe('parse.quoted-hole')
  })

  test('a hole in a string that never closes is that unterminated string', () => {
    expect(refusal(() => dql`FROM t WHERE a = '${1}`).code).toBe('parse.unterminated-string')
  })

  test('the characters ${…} spelled out in a string or a comment are text, beside a real hole', () => {
    const tag = (strings: TemplateStringsArray, ..._values: unknown[]) => parseTemplate(strings)
    const parsed = tag`FROM t WHERE a = '\${…}' AND b = ${2} -- \${…}`
    expect(parsed.text).toBe("FROM t WHERE a = '${…}' AND b = ${…} -- ${…}")
    expect(parsed.holes).toBe(1)
    expect(parsed.ast.where).toEqual({
      kind: 'and',
      at: 13,
      operands: [
        {
          kind: 'compare',
          at: 13,
          operator: '=',
          left: { kind: 'path', segments: ['a'], at: 13 },
          right: { kind: 'string', value: '${…}', at: 17 },
        },
        {
          kind: 'compare',
          at: 28,
          operator: '=',
          left: { kind: 'path', segments: ['b'], at: 28 },
          right: { kind: 'hole', hole: 0, at: 32 },
        },
      ],
    })
  })
})
