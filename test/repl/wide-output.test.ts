import { describe, expect, test } from 'vitest'
import { DqlError } from '../../src/errors.js'
import { formatTable } from '../../src/repl/format.js'

describe('wide characters line up', () => {
  test('table columns are padded by display width with CJK and emoji', () => {
    const items = [
      { city: '東京', note: 'ok 👍', id: 1 },
      { city: 'Paris', note: 'café', id: 2 },
      { city: '서울특별시', note: '👨\u200d👩\u200d👧 family', id: 3 },
    ]
    expect(formatTable(items)).toBe(
      [
        'city       │ note      │ id',
        '───────────┼───────────┼───',
        '東京       │ ok 👍     │ 1',
        'Paris      │ café      │ 2',
        '서울특별시 │ 👨\u200d👩\u200d👧 family │ 3',
      ].join('\n'),
    )
  })

  test('a cell is cut at 40 cells, not 40 code units, and never inside a character', () => {
    const long = '東'.repeat(30)
    const [, , row] = formatTable([{ name: long }]).split('\n')
    expect(row).toBe(`${'東'.repeat(19)}…`)
  })

  test('a header wider than its cells sets the width by cells', () => {
    expect(formatTable([{ 名前: 'a', x: 1 }])).toBe(['名前 │ x', '─────┼──', 'a    │ 1'].join('\n'))
  })

  test('the caret of an error excerpt sits under the spot after CJK text', () => {
    const text = "FROM t WHERE city = '東京' WHRE"
    const error = new DqlError('parse.unexpected-token', 'Bad.', {
      position: { text, offset: text.indexOf('WHRE') },
    })
    expect(error.excerpt).toBe(
      `  FROM t WHERE city = '東京' WHRE\n  ${' '.repeat("FROM t WHERE city = '".length + 4 + "' ".length)}^`,
    )
  })
})
