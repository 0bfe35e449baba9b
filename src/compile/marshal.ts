/**
 * JS value → DynamoDB AttributeValue, for bound values. Written by hand (not util-dynamodb's
 * marshall) because keys are on the hot path and a value that cannot be mapped must be a
 * DqlError that says which value and why.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'

/** Why a value could not be mapped: what marshal returns instead of an AttributeValue. */
export class MarshalProblem {
  constructor(readonly reason: string) {}

  /** The same problem, inside `where` (an array item, a property). */
  within(where: string): MarshalProblem {
    return new MarshalProblem(`${where}: ${this.reason}`)
  }
}

/** Most levels of lists and maps DynamoDB takes in one value (a Set is not a level). */
export const MAX_DEPTH = 32

const TOO_DEEP = new MarshalProblem(
  `it nests arrays and objects more than ${MAX_DEPTH} levels deep; DynamoDB allows ${MAX_DEPTH} levels of nesting`,
)
const CYCLE = new MarshalProblem(
  'it contains itself (a cycle); DynamoDB takes arrays and objects nested as a tree, not a cycle',
)

/**
 * An array or object found below MAX_DEPTH levels, passed up unchanged: if one of the levels
 * above is that same object, the value is a cycle rather than a deep tree. (A cycle that
 * closes within MAX_DEPTH levels always repeats the deepest object on the way up.)
 */
class TooDeep extends MarshalProblem {
  constructor(readonly deepest: object) {
    super(TOO_DEEP.reason)
  }
}

/**
 * Maps a value: string S, number/bigint N, boolean BOOL, null NULL, Uint8Array B, array L,
 * plain object M, Set of strings/numbers/binaries SS/NS/BS. Returns a MarshalProblem saying
 * why when the value cannot be mapped, without recursing past DynamoDB's nesting limit (so a
 * cycle or a very deep value is a problem, not a stack overflow).
 */
export function marshal(value: unknown): AttributeValue | MarshalProblem {
  const mapped = marshalAt(value, 0)
  return mapped instanceof TooDeep ? TOO_DEEP : mapped
}

/** `value`, inside `depth` levels of lists and maps. */
function marshalAt(value: unknown, depth: number): AttributeValue | MarshalProblem {
  switch (typeof value) {
    case 'string':
      return { S: value }
    case 'number':
      return Number.isFinite(value)
        ? { N: String(value) }
        : new MarshalProblem(`${value} is not a number DynamoDB can store`)
    case 'bigint':
      return { N: value.toString() }
    case 'boolean':
      return { BOOL: value }
    case 'undefined':
      return new MarshalProblem('undefined has no DynamoDB type; pass null for NULL')
    case 'object':
      return marshalObject(value, depth)
    default:
      return new MarshalProblem(`a ${typeof value} has no DynamoDB type`)
  }
}

/** A problem inside `value` (at `where`), as seen from `value`. */
function inside(problem: MarshalProblem, value: object, where: string): MarshalProblem {
  if (problem instanceof TooDeep) return problem.deepest === value ? CYCLE : problem
  // Neither says where: the path down to the cycle or the depth would be long and no help.
  if (problem === CYCLE) return problem
  return problem.within(where)
}

function marshalObject(value: object | null, depth: number): AttributeValue | MarshalProblem {
  if (value === null) return { NULL: true }
  if (value instanceof Uint8Array) return { B: value }
  if (Array.isArray(value)) {
    if (depth === MAX_DEPTH) return new TooDeep(value)
    const list: AttributeValue[] = []
    for (let i = 0; i < value.length; i++) {
      const item = marshalAt(value[i], depth + 1)
      if (item instanceof MarshalProblem) return inside(item, value, `item ${i} of the array`)
      list.push(item)
    }
    return { L: list }
  }
  if (value instanceof Set) return marshalSet(value)
  const proto = Object.getPrototypeOf(value)
  if (proto === Object.prototype || proto === null) {
    if (depth === MAX_DEPTH) return new TooDeep(value)
    const map: Record<string, AttributeValue> = {}
    for (const [key, item] of Object.entries(value)) {
      const mapped = marshalAt(item, depth + 1)
      if (mapped instanceof MarshalProblem) {
        return inside(mapped, value, `property ${JSON.stringify(key)}`)
      }
      if (key === '__proto__') defineOwn(map, key, mapped)
      else map[key] = mapped
    }
    return { M: map }
  }
  if (value instanceof Date) {
    return new MarshalProblem(
      'a Date has no DynamoDB type; pass date.toISOString() or date.getTime()',
    )
  }
  const name = typeof value.constructor === 'function' ? value.constructor.name : undefined
  return new MarshalProblem(
    `a ${name ?? 'class instance'} has no DynamoDB type; pass a plain object, array, string, number, boolean, null, Uint8Array or Set`,
  )
}

function marshalSet(set: Set<unknown>): AttributeValue | MarshalProblem {
  if (set.size === 0) {
    return new MarshalProblem('an empty Set cannot be stored: DynamoDB sets hold at least one item')
  }
  const items = [...set]
  const strings = items.filter((item) => typeof item === 'string')
  if (strings.length === items.length) return { SS: strings }
  // DynamoDB rejects a set holding one number or binary twice, which a JS Set can (1 and 1n,
  // two arrays of the same bytes): keep the first of each.
  if (items.every((item) => typeof item === 'number' || typeof item === 'bigint')) {
    const numbers = new Map<string, string>()
    for (const item of items) {
      if (typeof item === 'number' && !Number.isFinite(item)) {
        return new MarshalProblem(`the Set holds ${item}, not a number DynamoDB can store`)
      }
      const text = String(item)
      const id = canonical(text)
      if (!numbers.has(id)) numbers.set(id, text)
    }
    return { NS: [...numbers.values()] }
  }
  const bytes = items.filter((item) => item instanceof Uint8Array)
  if (bytes.length === items.length) {
    const binaries = new Map<string, Uint8Array>()
    for (const item of bytes) {
      const id = Buffer.from(item.buffer, item.byteOffset, item.byteLength).toString('base64')
      if (!binaries.has(id)) binaries.set(id, item)
    }
    return { BS: [...binaries.values()] }
  }
  return new MarshalProblem('a Set must hold only strings, only numbers or only Uint8Arrays')
}

/**
 * Makes `key` an own, enumerable data property of `target`, as `target[key] = value` does for
 * every key but `__proto__`, whose assignment replaces the prototype instead. Callers take
 * this path only for that key, so other keys cost one string comparison.
 */
export function defineOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  })
}

/** True for the three types a key attribute can have. */
export function isKeyType(value: AttributeValue): boolean {
  return value.S !== undefined || value.N !== undefined || value.B !== undefined
}

/** A string that identifies a key value (S, N or B), for de-duplication and matching. */
export function keyId(value: AttributeValue): string {
  if (value.S !== undefined) return `S${value.S}`
  // DynamoDB returns numbers normalised ("1.0" comes back as "1"): compare them that way.
  if (value.N !== undefined) return `N${canonical(value.N)}`
  if (value.B !== undefined) return `B${Buffer.from(value.B).toString('base64')}`
  return `?${JSON.stringify(value)}`
}

/** Digits and exponent of a decimal string, without insignificant zeros: `-1.50e2` → `-15e1`. */
export function canonical(text: string): string {
  const match = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text)
  if (!match) return text
  const [, sign, whole = '', fraction = '', exponent = '0'] = match
  let digits = whole + fraction
  let power = Number(exponent) - fraction.length
  const lead = digits.search(/[1-9]/)
  if (lead === -1) return '0'
  digits = digits.slice(lead)
  const trail = digits.length - digits.replace(/0+$/, '').length
  digits = digits.slice(0, digits.length - trail)
  power += trail
  return `${sign}${digits}e${power}`
}
