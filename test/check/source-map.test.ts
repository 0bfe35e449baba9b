/**
 * Statement offsets back to source offsets through escapes and line ends: each case's source
 * offsets are counted by hand, and the cooked text is what JavaScript itself makes of it.
 */
import { expect, test } from 'vitest'
import { decode } from '../../src/check/source-map.js'

test.each([
  // source body, expected source offset of each cooked character and then of the end
  ['ab', [0, 1, 2]],
  ['a\\nb', [0, 1, 3, 4]],
  ['a\r\nb', [0, 1, 3, 4]],
  ['a\\\r\nb', [0, 4, 5]],
  ['\\x41\\u0042\\u{43}', [0, 4, 10, 16]],
  ['\\u{1F600}x', [0, 0, 9, 10]],
  ['😀\\`', [0, 1, 2, 4]],
])('%j cooks with these source offsets', (body, offsets) => {
  expect(decode(body, 0, body.length)).toEqual(offsets)
  // The oracle for the cooked length: JavaScript's own reading of the same template body.
  const cooked: unknown = new Function(`return \`${body}\``)()
  expect(typeof cooked === 'string' ? cooked.length : -1).toBe(offsets.length - 1)
})
