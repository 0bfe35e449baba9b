/**
 * The order BETWEEN bounds are checked in: DynamoDB's own. Strings by their UTF-8 bytes,
 * numbers by exact decimal value, binaries by unsigned bytes. The references here are written
 * independently: Buffer's UTF-8 encoder and BigInt arithmetic.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { compareScalars } from '../../src/compile/operand-checks.js'
import { failure } from '../parse/helpers.js'
import { db, spot } from '../plan/fixtures.js'

const S = (value: string): AttributeValue => ({ S: value })
const N = (value: string): AttributeValue => ({ N: value })
const B = (...bytes: number[]): AttributeValue => ({ B: new Uint8Array(bytes) })

describe('strings compare by their UTF-8 bytes', () => {
  test.each([
    ['a', 'b', -1],
    ['ab', 'a', 1],
    ['', 'a', -1],
    ['same', 'same', 0],
    // UTF-16 puts a surrogate pair (U+10000 and up) below U+E000–U+FFFF; UTF-8 puts it above.
    ['\uFF01', '😀', -1],
    ['😀', '\uFF01', 1],
    ['\uFFFF', '\u{10000}', -1],
    ['\uE000', '\uD7FF', 1],
    ['😀', '😁', -1],
    ['\u{10FFFF}', '\uFFFD', 1],
    ['a😀b', 'a😀a', 1],
    // An unpaired surrogate is not a character: DynamoDB encodes it as `?` (0x3F).
    ['\uD800', '?', 0],
    ['\uD800', '>', 1],
    ['\uDC00x', '?y', -1],
    ['a\uD83D', 'a\uD83D\uDE00', -1],
    ['\uDE00\uD83D', '??', 0],
  ])('%j vs %j: %i', (a, b, sign) => {
    expect(compareScalars(S(a), S(b))).toBe(sign)
  })

  test('any two strings of Unicode characters, as Buffer orders their UTF-8 bytes', () => {
    const text = fc.string({ unit: 'binary', maxLength: 6 })
    fc.assert(
      fc.property(text, text, (a, b) => {
        const bytes = Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')))
        expect(compareScalars(S(a), S(b))).toBe(bytes)
      }),
      { seed: 41, numRuns: 5000 },
    )
  })
})

describe('numbers compare by exact decimal value', () => {
  test.each([
    // Past 2^53 and in the 20th and 38th significant digits, where a double cannot tell.
    ['9007199254740993', '9007199254740992', 1],
    ['9007199254740992', '9007199254740993', -1],
    ['0.10000000000000000002', '0.10000000000000000001', 1],
    ['1.0000000000000000000000000000000000002', '1.0000000000000000000000000000000000001', 1],
    ['-0.10000000000000000002', '-0.10000000000000000001', -1],
    ['12345678901234567890123456789012345678', '12345678901234567890123456789012345677', 1],
    // The same value written differently.
    ['1', '1.0', 0],
    ['100', '1e2', 0],
    ['12', '120e-1', 0],
    ['0.001', '1e-3', 0],
    ['1.5e-7', '0.00000015', 0],
    ['-0', '0', 0],
    ['-1e0', '-1.0', 0],
    ['-0.10000000000000000001', '-1.0000000000000000001e-1', 0],
    ['0.000', '0e5', 0],
    ['1e+21', '1000000000000000000000', 0],
    ['1e+21', '999999999999999999999', 1],
    // Signs and magnitudes.
    ['-1', '0', -1],
    ['0', '-1e-130', 1],
    ['-2', '-10', 1],
    ['-1E-130', '1E-130', -1],
    ['9.9999999999999999999999999999999999999E+125', '1E-130', 1],
    ['-9.9999999999999999999999999999999999999E+125', '-1E+125', -1],
    ['0.5', '0.49999999999999999999999999999999999999', 1],
    ['5', '0.5', 1],
    // Exponents a double cannot hold exactly still order (DynamoDB refuses such numbers).
    ['1e99999999999999999999', '1e99999999999999999998', 1],
    ['1e-99999999999999999999', '1e-99999999999999999998', -1],
    ['1e0000000000000000005', '100000', 0],
    ['2e0000000000000000005', '100000', 1],
  ])('%s vs %s: %i', (a, b, sign) => {
    expect(compareScalars(N(a), N(b))).toBe(sign)
  })

  test('any two decimals, as BigInt arithmetic orders them', () => {
    // A decimal as digits × 10^exponent, written in one of the forms a statement or a JS
    // value gives: plain, with a fraction, or with an exponent.
    const decimal = fc
      .record({
        negative: fc.boolean(),
        digits: fc.stringMatching(/^\d{1,40}$/),
        exponent: fc.integer({ min: -60, max: 60 }),
        form: fc.constantFrom('e', 'E', 'fraction'),
      })
      .map(({ negative, digits, exponent, form }) => {
        const sign = negative ? '-' : ''
        let text: string
        if (form === 'fraction' && exponent < 0) {
          const padded = digits.padStart(-exponent + 1, '0')
          text = `${padded.slice(0, exponent)}.${padded.slice(exponent)}`
        } else if (form === 'fraction') {
          text = digits + '0'.repeat(exponent)
        } else {
          text = `${digits}${form}${form === 'E' && exponent >= 0 ? '+' : ''}${exponent}`
        }
        return { text: sign + text, value: (negative ? -1n : 1n) * BigInt(digits), exponent }
      })
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        const low = Math.min(a.exponent, b.exponent)
        const x = a.value * 10n ** BigInt(a.exponent - low)
        const y = b.value * 10n ** BigInt(b.exponent - low)
        expect(compareScalars(N(a.text), N(b.text))).toBe(x < y ? -1 : x > y ? 1 : 0)
      }),
      { seed: 38, numRuns: 5000 },
    )
  })
})

describe('binaries compare by unsigned bytes', () => {
  test.each([
    [B(0x7f), B(0x80), -1],
    [B(0xff), B(0x00, 0x00), 1],
    [B(1, 2), B(1, 2, 0), -1],
    [B(), B(0), -1],
    [B(9, 9), B(9, 9), 0],
  ])('%#', (a, b, sign) => {
    expect(compareScalars(a, b)).toBe(sign)
  })
})

test('values of two types have no order', () => {
  expect(compareScalars(S('1'), N('1'))).toBeUndefined()
  expect(compareScalars(N('1'), B(1))).toBeUndefined()
  expect(compareScalars({ BOOL: true }, { BOOL: false })).toBeUndefined()
})

describe('bind sends the bounds DynamoDB takes and refuses those it would reject', () => {
  const reversed =
    'BETWEEN takes its low bound first: here the first bound is greater than the second.'
  const refusal = (fn: () => unknown) => {
    const { code, line, column, error } = failure(fn)
    return { code, line, column, reason: error.reason }
  }
  const hole = 'FROM posts WHERE Id = ${…} AND ReplyDateTime BETWEEN ${…} AND ${…}'

  test('U+FF01 up to 😀 is in order (though not in UTF-16)', () => {
    const explained = db.explain`FROM posts WHERE Id = ${'t'} AND ReplyDateTime BETWEEN ${'\uFF01'} AND ${'😀'}`
    expect(explained.input).toMatchObject({
      KeyConditionExpression: '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2',
      ExpressionAttributeValues: { ':v0': { S: 't' }, ':v1': { S: '\uFF01' }, ':v2': { S: '😀' } },
    })
  })

  test('😀 up to U+FF01 is reversed (though not in UTF-16)', () => {
    expect(
      refusal(
        () =>
          db.explain`FROM posts WHERE Id = ${'t'} AND ReplyDateTime BETWEEN ${'😀'} AND ${'\uFF01'}`,
      ),
    ).toEqual({ code: 'bind.bad-value', ...spot(hole, '${…}', 2), reason: reversed })
  })

  test.each([
    "FROM posts WHERE Id = 't' AND Views BETWEEN 9007199254740993 AND 9007199254740992",
    "FROM posts WHERE Id = 't' AND Views BETWEEN 0.10000000000000000002 AND 0.10000000000000000001",
    "FROM posts WHERE Id = 't' AND Views BETWEEN -0.10000000000000000001 AND -0.10000000000000000002",
  ])('reversed in a digit a double does not hold: %s', (text) => {
    const low = text.slice(
      text.indexOf('BETWEEN ') + 8,
      text.indexOf(' AND', text.indexOf('BETWEEN')),
    )
    expect(refusal(() => db.prepare(text).explain())).toEqual({
      code: 'bind.bad-value',
      ...spot(text, low),
      reason: reversed,
    })
  })

  test('bigint holes reversed past 2^53', () => {
    const text = 'FROM posts WHERE Id = ${…} AND Views BETWEEN ${…} AND ${…}'
    expect(
      refusal(
        () =>
          db.explain`FROM posts WHERE Id = ${'t'} AND Views BETWEEN ${9007199254740993n} AND ${9007199254740992n}`,
      ),
    ).toEqual({ code: 'bind.bad-value', ...spot(text, '${…}', 2), reason: reversed })
  })

  test('bounds in order past 2^53 and in the 20th digit pass', () => {
    expect(
      db.explain`FROM posts WHERE Id = ${'t'} AND Views BETWEEN ${9007199254740992n} AND ${9007199254740993n}`
        .operation,
    ).toBe('Query')
    const text =
      "FROM posts WHERE Id = 't' AND Views BETWEEN 0.10000000000000000001 AND 0.10000000000000000002"
    expect(db.prepare(text).explain().operation).toBe('Query')
  })
})
