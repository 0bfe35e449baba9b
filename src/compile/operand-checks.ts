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

/** Order of two scalars of one type, as DynamoDB orders them; undefined across types. */
export function compareScalars(a: AttributeValue, b: AttributeValue): number | undefined {
  if (a.S !== undefined && b.S !== undefined) return a.S < b.S ? -1 : a.S > b.S ? 1 : 0
  if (a.N !== undefined && b.N !== undefined) {
    const x = Number(a.N)
    const y = Number(b.N)
    return x < y ? -1 : x > y ? 1 : 0
  }
  if (a.B !== undefined && b.B !== undefined) return Buffer.compare(a.B, b.B)
  return undefined
}
