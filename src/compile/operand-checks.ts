/**
 * Checks on bound values that DynamoDB would otherwise refuse with a ValidationException: a
 * begins_with prefix that is no string or binary, an attribute_type name that is no type,
 * BETWEEN bounds of two types or out of order.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { ATTRIBUTE_TYPES } from '../language/vocabulary.js'
import { bindError, describeValue } from './binder.js'
import type { OperandCheck } from './expression.js'

const TYPES: ReadonlySet<string> = new Set(ATTRIBUTE_TYPES)

/** Refuses bound values that DynamoDB would reject (see OperandCheck). */
export function checkOperands(
  text: string,
  checks: readonly OperandCheck[],
  bound: Readonly<Record<string, AttributeValue>>,
): void {
  for (const check of checks) {
    if (check.kind === 'prefix') {
      const value = bound[check.placeholder]
      if (value !== undefined && value.S === undefined && value.B === undefined) {
        throw bindError(
          text,
          'bind.bad-value',
          `begins_with takes a string or binary prefix, not ${describeValue(value)}.`,
          check.at,
        )
      }
    } else if (check.kind === 'type') {
      const value = bound[check.placeholder]
      if (value !== undefined && (value.S === undefined || !TYPES.has(value.S))) {
        throw bindError(
          text,
          'bind.bad-value',
          `attribute_type takes one of ${ATTRIBUTE_TYPES.join(', ')}, not ${value.S === undefined ? describeValue(value) : JSON.stringify(value.S)}.`,
          check.at,
        )
      }
    } else {
      const low = bound[check.low]
      const high = bound[check.high]
      if (low === undefined || high === undefined) continue
      const order = compareScalars(low, high)
      if (order === undefined) {
        throw bindError(
          text,
          'bind.bad-value',
          'BETWEEN takes two bounds of one type: strings, numbers or binaries.',
          check.at,
        )
      }
      if (order > 0) {
        throw bindError(
          text,
          'bind.bad-value',
          'BETWEEN takes its low bound first: here the first bound is greater than the second.',
          check.at,
        )
      }
    }
  }
}

/**
 * Order of two scalars of one type, as DynamoDB orders them; undefined across types. Strings
 * by their UTF-8 bytes, numbers by exact decimal value, binaries by unsigned bytes.
 */
export function compareScalars(a: AttributeValue, b: AttributeValue): number | undefined {
  if (a.S !== undefined && b.S !== undefined) return compareStrings(a.S, b.S)
  if (a.N !== undefined && b.N !== undefined) return compareNumbers(a.N, b.N)
  if (a.B !== undefined && b.B !== undefined) return Math.sign(Buffer.compare(a.B, b.B))
  return undefined
}

/**
 * Code point order, which is the order of the UTF-8 bytes, without encoding either string.
 * JavaScript's `<` (UTF-16 order) agrees with it unless a string holds a surrogate: a pair
 * (U+10000 and up) sorts below U+E000–U+FFFF in UTF-16, and an unpaired one is `?` to DynamoDB.
 */
function compareStrings(a: string, b: string): number {
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0
  return compareCodePoints(a, b)
}

const SURROGATE = /[\uD800-\uDFFF]/

/** Code point by code point, for strings whose first difference involves a surrogate. */
function compareCodePoints(a: string, b: string): number {
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = codePointAt(a, i)
    const y = codePointAt(b, j)
    if (x !== y) return x < y ? -1 : 1
    i += x > 0xffff ? 2 : 1
    j += y > 0xffff ? 2 : 1
  }
  return i < a.length ? 1 : j < b.length ? -1 : 0
}

/** The code point at `i`; an unpaired surrogate is `?` (0x3F), as DynamoDB encodes it. */
function codePointAt(text: string, i: number): number {
  const unit = text.charCodeAt(i)
  if (unit < 0xd800 || unit > 0xdfff) return unit
  if (unit <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1)
    if (low >= 0xdc00 && low <= 0xdfff) return 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00)
  }
  return 0x3f
}

/**
 * A decimal number: its sign, its significant digits (no leading or trailing zero) and where
 * its first digit stands (`12.5` → `125`, 2: 0.125 × 10^2). Zero has sign 0 and no digits.
 */
interface Decimal {
  readonly sign: -1 | 0 | 1
  readonly digits: string
  readonly magnitude: number | bigint
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/** Exact order of two decimal strings, however many digits they have. */
function compareNumbers(a: string, b: string): number {
  // Turning decimal text into the nearest double is monotonic: a < b gives Number(a) <=
  // Number(b), so doubles that differ are in the order of the exact values. Only doubles that
  // are equal (digits past a double's 17, or beyond its range) need the exact comparison.
  const x = Number(a)
  const y = Number(b)
  if (x < y) return -1
  if (x > y) return 1
  const p = decimal(a)
  const q = decimal(b)
  // Not a decimal (no bound value is one): no opinion, DynamoDB decides.
  if (p === undefined || q === undefined) return 0
  if (p.sign !== q.sign) return p.sign < q.sign ? -1 : 1
  // Same sign: order the absolute values, then turn the order round for negatives.
  const order = compareAbsolute(p, q)
  return order === 0 ? 0 : order * p.sign
}

function compareAbsolute(x: Decimal, y: Decimal): number {
  // `<` and `>` compare a number with a bigint exactly (where `===` would not).
  if (x.magnitude < y.magnitude) return -1
  if (x.magnitude > y.magnitude) return 1
  return x.digits < y.digits ? -1 : x.digits > y.digits ? 1 : 0
}

function decimal(text: string): Decimal | undefined {
  const match = DECIMAL.exec(text)
  if (!match) return undefined
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match
  const all = whole + fraction
  const first = all.search(/[1-9]/)
  if (first === -1) return { sign: 0, digits: '', magnitude: 0 }
  const digits = all.slice(first).replace(/0+$/, '')
  // The first digit's place: the digits before the point, less the leading zeros, plus the
  // exponent. An exponent a double cannot hold exactly is counted in bigint.
  const place = whole.length - first
  const magnitude =
    exponent.length <= 15 ? place + Number(exponent) : BigInt(place) + BigInt(exponent)
  return { sign: sign === '-' ? -1 : 1, digits, magnitude }
}
