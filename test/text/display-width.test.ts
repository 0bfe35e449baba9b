import { describe, expect, test } from 'vitest'
import { displayWidth, truncateToWidth } from '../../src/text/display-width.js'

describe('display width: the terminal cells a text takes', () => {
  test.each([
    ['', 0],
    ['abc', 3],
    ['東京', 4],
    ['한국어', 6],
    ['ｶﾀｶﾅ', 4], // halfwidth katakana
    ['ＡＢ', 4], // fullwidth Latin
    ['e\u0301', 1], // e + combining acute
    ['a\u200bb', 2], // zero-width space
    ['👍', 2],
    ['👍🏽', 2], // with a skin tone
    ['👨\u200d👩\u200d👧', 2], // a ZWJ family is one glyph
    ['🇯🇵', 2],
    ['❤\ufe0f', 2], // emoji presentation selector
    ['❤', 1], // text presentation
    ['€½', 2],
    ['𠮷', 2], // CJK extension B, outside the BMP
  ])('%j is %i cells', (text, width) => {
    expect(displayWidth(text)).toBe(width)
  })

  test('truncating keeps whole characters and ends with an ellipsis within the width', () => {
    expect(truncateToWidth('abcdef', 4)).toBe('abc…')
    expect(truncateToWidth('abcd', 4)).toBe('abcd')
    expect(truncateToWidth('東京都庁', 6)).toBe('東京…')
    expect(truncateToWidth('東京都庁', 5)).toBe('東京…')
    expect(truncateToWidth('ab👨\u200d👩\u200d👧cd', 5)).toBe('ab👨\u200d👩\u200d👧…')
    expect(truncateToWidth('ab👍👍', 4)).toBe('ab…')
  })
})
