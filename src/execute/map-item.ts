/**
 * DynamoDB item → JS object: attribute names become field names where the table declares
 * them; sets become Set, binary Uint8Array, numbers `number` unless that would lose precision.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { canonical, defineOwn } from '../compile/marshal.js'
import { DqlError } from '../errors.js'
import type { TableDefinition } from '../schema/define-table.js'

/**
 * How numbers come back: `number` (default; a number a double cannot hold exactly is a
 * `result.unsafe-number` error, never a silently rounded value), `bigint` (such integers come
 * back as bigint), or `string` (every number as its decimal string).
 */
export type NumberMode = 'number' | 'bigint' | 'string'

type Item = Record<string, AttributeValue>

/** Maps one item. `strip` names attributes read only for ordering, to leave out. */
export function mapItem(
  item: Item,
  table: TableDefinition,
  numbers: NumberMode,
  strip?: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const fieldOf = table.fieldOf
  for (const attribute in item) {
    if (strip !== undefined && strip.includes(attribute)) continue
    const value = item[attribute]
    if (value === undefined) continue
    try {
      const field = fieldOf.get(attribute) ?? attribute
      // Every name is an own property: `out.__proto__ = …` would replace the prototype.
      if (field === '__proto__') defineOwn(out, field, convert(value, numbers))
      else out[field] = convert(value, numbers)
    } catch (error) {
      if (!(error instanceof UnsafeNumber)) throw error
      throw new DqlError(
        'result.unsafe-number',
        `The number ${error.text} in ${attribute}${error.path} does not fit a JavaScript number exactly; ` +
          "create the client with createDql({ numbers: 'bigint' }) or { numbers: 'string' } to read it without loss.",
      )
    }
  }
  return out
}

/**
 * A number that would lose precision, thrown up through nested maps and lists, each adding
 * its step to `path`: the path is only built when there is an error to report.
 */
class UnsafeNumber {
  constructor(
    readonly text: string,
    public path = '',
  ) {}
}

function convert(value: AttributeValue, numbers: NumberMode): unknown {
  if (value.S !== undefined) return value.S
  if (value.N !== undefined) return number(value.N, numbers)
  if (value.BOOL !== undefined) return value.BOOL
  if (value.NULL !== undefined) return null
  if (value.M !== undefined) {
    const out: Record<string, unknown> = {}
    for (const key in value.M) {
      const entry = value.M[key]
      if (entry === undefined) continue
      try {
        if (key === '__proto__') defineOwn(out, key, convert(entry, numbers))
        else out[key] = convert(entry, numbers)
      } catch (error) {
        throw within(error, `.${key}`)
      }
    }
    return out
  }
  if (value.L !== undefined) {
    const out: unknown[] = []
    for (let i = 0; i < value.L.length; i++) {
      const element = value.L[i]
      if (element === undefined) continue
      try {
        out.push(convert(element, numbers))
      } catch (error) {
        throw within(error, `[${i}]`)
      }
    }
    return out
  }
  if (value.SS !== undefined) return new Set(value.SS)
  if (value.NS !== undefined) return new Set(value.NS.map((n) => number(n, numbers)))
  if (value.B !== undefined) return value.B
  if (value.BS !== undefined) return new Set(value.BS)
  return undefined
}

function within(error: unknown, step: string): unknown {
  if (error instanceof UnsafeNumber) error.path = step + error.path
  return error
}

/** Up to 15 significant digits always survive a round trip through a double. */
const SHORT = 15

function number(text: string, numbers: NumberMode): number | bigint | string {
  if (numbers === 'string') return text
  const value = Number(text)
  if (text.length <= SHORT || exact(text, value)) return value
  if (numbers === 'bigint' && /^-?\d+$/.test(text)) return BigInt(text)
  throw new UnsafeNumber(text)
}

/** True when `value` is exactly the decimal number `text` names (as far as digits go). */
function exact(text: string, value: number): boolean {
  if (!Number.isFinite(value)) return false
  if (/^-?\d+$/.test(text)) return BigInt(text) === BigInt(value)
  return canonical(String(value)) === canonical(text)
}
