import { describe, expect, test } from 'vitest'
import { DqlError } from '../../src/errors.js'
import { formatJson, formatTable } from '../../src/repl/format.js'
import { describeError } from '../../src/repl/session.js'

/** Every code point a terminal acts on instead of showing: C0, DEL and C1. */
const CONTROLS = [...Array(0x20).keys(), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i)]
const RAW = new RegExp('[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]')

describe('stored values never reach the terminal as control characters', () => {
  test('a table shows escapes, in values and in attribute names', () => {
    const items = [
      {
        id: 'a',
        title: '\x1b]0;pwned\x07',
        link: '\x1b]8;;http://evil\x1b\\x\x1b]8;;\x1b\\',
        'na\x1b[2Jme': 'csi \u009b2J and del \x7f',
      },
    ]
    expect(formatTable(items)).toBe(
      [
        'id │ title            │ link                                   │ na\\x1b[2Jme',
        '───┼──────────────────┼────────────────────────────────────────┼──────────────────────────',
        'a  │ \\x1b]0;pwned\\x07 │ \\x1b]8;;http://evil\\x1b\\x\\x1b]8;;\\x1b\\ │ csi \\u009b2J and del \\x7f',
      ].join('\n'),
    )
  })

  test('no control character survives in a table cell, a header or nested values', () => {
    const text = String.fromCodePoint(...CONTROLS)
    const out = formatTable([{ [text]: text, nested: { [text]: [text] }, set: new Set([text]) }])
    expect(out).not.toMatch(RAW)
    expect(out).toContain('\\x1b')
    expect(out).toContain('\\u009b')
  })

  test('JSON escapes DEL and C1 controls too, which JSON.stringify leaves raw', () => {
    const out = formatJson([{ 'k\u009b': 'a\x1b[31m\u009b\x7f' }])
    expect(out).toBe('[\n  {\n    "k\\u009b": "a\\u001b[31m\\u009b\\u007f"\n  }\n]')
    expect(JSON.parse(out)).toEqual([{ 'k\u009b': 'a\x1b[31m\u009b\x7f' }])
  })

  test("an error excerpt shows a statement's control characters escaped, the caret under the spot", () => {
    const text = "FROM t WHERE a = '\x1b[2J\u009b' WHRE"
    const error = new DqlError('parse.unexpected-token', 'Bad.', {
      position: { text, offset: text.indexOf('WHRE') },
    })
    expect(error.excerpt).toBe(
      "  FROM t WHERE a = '\\x1b[2J\\u009b' WHRE\n                                   ^",
    )
    expect(error.column).toBe(text.indexOf('WHRE') + 1)
  })

  test('tabs in an excerpt stay tabs so that the caret lines up', () => {
    const text = "FROM t\tWHERE a = '\x07' WHRE"
    const error = new DqlError('parse.unexpected-token', 'Bad.', {
      position: { text, offset: text.indexOf('WHRE') },
    })
    expect(error.excerpt).toBe("  FROM t\tWHERE a = '\\x07' WHRE\n        \t                 ^")
  })

  test('the shell prints any error message with its control characters escaped, lines kept', () => {
    const dynamo = new Error('One or more parameter values were invalid: \x1b]0;x\x07 bad')
    dynamo.name = 'ValidationException'
    expect(describeError(dynamo)).toBe(
      'error ValidationException: One or more parameter values were invalid: \\x1b]0;x\\x07 bad',
    )
    const error = new DqlError('parse.unexpected-character', 'Unexpected character `\x1b`.', {
      position: { text: 'FROM t\x1b', offset: 6 },
    })
    expect(describeError(error)).toBe(
      'error parse.unexpected-character: Unexpected character `\\x1b`. (line 1, column 7)\n\n' +
        '  FROM t\\x1b\n        ^',
    )
  })
})
