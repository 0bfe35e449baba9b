/**
 * The differential tests' own model of a statement: what the generator builds, what the
 * reference evaluates, and what is rendered to DQL text for dql. It is written for the tests
 * and shares nothing with dql's syntax tree, parser or planner: a bug there cannot agree with
 * itself through this model.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'

/** A path: an attribute name, then map keys (strings) and list indexes (numbers). */
export type Path = readonly (string | number)[]

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>='

/** A value; written in the text as `literal` when given, else passed as a `:parameter`. */
export interface ValueTerm {
  readonly kind: 'value'
  readonly value: AttributeValue
  readonly literal?: string
}

export type Term =
  | { readonly kind: 'path'; readonly path: Path }
  | { readonly kind: 'size'; readonly path: Path }
  | ValueTerm

export type Condition =
  | { readonly kind: 'compare'; readonly left: Term; readonly op: Comparator; readonly right: Term }
  | { readonly kind: 'between'; readonly operand: Term; readonly low: Term; readonly high: Term }
  /** `x IN (a, b)`: a written list of terms. */
  | { readonly kind: 'in'; readonly operand: Term; readonly list: readonly Term[] }
  /** `x IN :p`: one parameter holding an array. */
  | {
      readonly kind: 'in-array'
      readonly operand: Term
      readonly values: readonly AttributeValue[]
    }
  | { readonly kind: 'begins_with'; readonly path: Path; readonly prefix: Term }
  | { readonly kind: 'contains'; readonly path: Path; readonly operand: Term }
  | { readonly kind: 'attribute_exists'; readonly path: Path }
  | { readonly kind: 'attribute_not_exists'; readonly path: Path }
  | { readonly kind: 'attribute_type'; readonly path: Path; readonly type: Term }
  /** `infix`: written `x NOT BETWEEN …` / `x NOT IN …` rather than `NOT (…)`. */
  | { readonly kind: 'not'; readonly operand: Condition; readonly infix?: boolean }
  | { readonly kind: 'or'; readonly operands: readonly Condition[] }
  | { readonly kind: 'and'; readonly operands: readonly Condition[] }

export type Projection =
  | { readonly kind: 'all'; readonly star: boolean }
  | { readonly kind: 'count' }
  | { readonly kind: 'paths'; readonly paths: readonly Path[] }

export interface Statement {
  readonly table: string
  readonly scan: boolean
  /** The index named by USE INDEX (its name in the definition). */
  readonly useIndex?: string
  readonly projection: Projection
  /** The top-level AND of WHERE. */
  readonly where: readonly Condition[]
  readonly orderBy?: { readonly path: Path; readonly direction?: 'ASC' | 'DESC' }
  readonly limit?: number
  readonly consistent: boolean
}

/** How names are written: attribute name → the other names it may be written as (fields). */
export interface Spelling {
  /** Field name by attribute name, for the attributes that have one. */
  readonly fieldOf: ReadonlyMap<string, string>
  /** Picks one of the given spellings (the generator's random choice). */
  readonly pick: <T>(options: readonly T[]) => T
}

export interface Rendered {
  readonly text: string
  readonly params: Record<string, unknown>
}

const KEYWORDS = new Set(
  'EXPLAIN SELECT SCAN FROM USE INDEX WHERE ORDER BY ASC DESC LIMIT CONSISTENT AND OR NOT BETWEEN IN TRUE FALSE NULL'.split(
    ' ',
  ),
)

/** Renders a statement to DQL text with `:pN` parameters and their JavaScript values. */
export function render(statement: Statement, spelling: Spelling): Rendered {
  const params: Record<string, unknown> = {}
  let next = 0
  const keyword = (word: string) => spelling.pick([word, word, word.toLowerCase()])

  const name = (segment: string, first: boolean): string => {
    const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)
    const needsQuotes = !plain || (first && KEYWORDS.has(segment.toUpperCase()))
    if (needsQuotes || spelling.pick([false, false, false, true])) {
      return '`' + segment.replaceAll('`', '``') + '`'
    }
    return segment
  }
  const path = (p: Path): string => {
    const [head, ...rest] = p
    const attribute = head as string
    const field = spelling.fieldOf.get(attribute)
    let text = name(field !== undefined ? spelling.pick([field, attribute]) : attribute, true)
    for (const segment of rest) {
      text += typeof segment === 'number' ? `[${segment}]` : `.${name(segment, false)}`
    }
    return text
  }
  const bind = (value: unknown): string => {
    const key = `p${next++}`
    params[key] = value
    return `:${key}`
  }
  const term = (t: Term): string => {
    switch (t.kind) {
      case 'path':
        return path(t.path)
      case 'size':
        return `${spelling.pick(['size', 'SIZE'])}(${path(t.path)})`
      case 'value':
        return t.literal ?? bind(jsValue(t.value))
    }
  }
  const condition = (c: Condition): string => {
    switch (c.kind) {
      case 'compare': {
        const op = c.op === '<>' ? spelling.pick(['<>', '!=']) : c.op
        return `${term(c.left)} ${op} ${term(c.right)}`
      }
      case 'between':
        return `${term(c.operand)} ${keyword('BETWEEN')} ${term(c.low)} ${keyword('AND')} ${term(c.high)}`
      case 'in':
        return `${term(c.operand)} ${keyword('IN')} (${c.list.map(term).join(', ')})`
      case 'in-array':
        return `${term(c.operand)} ${keyword('IN')} ${bind(c.values.map(jsValue))}`
      case 'begins_with':
        return `begins_with(${path(c.path)}, ${term(c.prefix)})`
      case 'contains':
        return `contains(${path(c.path)}, ${term(c.operand)})`
      case 'attribute_exists':
        return `attribute_exists(${path(c.path)})`
      case 'attribute_not_exists':
        return `attribute_not_exists(${path(c.path)})`
      case 'attribute_type':
        return `attribute_type(${path(c.path)}, ${term(c.type)})`
      case 'not': {
        const inner = c.operand
        if (c.infix && inner.kind === 'between') {
          return `${term(inner.operand)} ${keyword('NOT')} ${keyword('BETWEEN')} ${term(inner.low)} ${keyword('AND')} ${term(inner.high)}`
        }
        if (c.infix && inner.kind === 'in') {
          return `${term(inner.operand)} ${keyword('NOT')} ${keyword('IN')} (${inner.list.map(term).join(', ')})`
        }
        return `${keyword('NOT')} (${condition(inner)})`
      }
      case 'or':
        return `(${c.operands.map(condition).join(` ${keyword('OR')} `)})`
      case 'and':
        return `(${c.operands.map(condition).join(` ${keyword('AND')} `)})`
    }
  }

  const parts: string[] = []
  const projection = statement.projection
  const projected =
    projection.kind === 'count'
      ? `${spelling.pick(['COUNT', 'count'])}(*)`
      : projection.kind === 'paths'
        ? projection.paths.map(path).join(', ')
        : projection.star
          ? '*'
          : undefined
  if (statement.scan) {
    parts.push(keyword('SCAN'))
    if (projected !== undefined) parts.push(projected)
  } else if (projected !== undefined) {
    parts.push(keyword('SELECT'), projected)
  }
  parts.push(keyword('FROM'), name(statement.table, true))
  if (statement.useIndex !== undefined) {
    parts.push(keyword('USE'), keyword('INDEX'), `(${name(statement.useIndex, true)})`)
  }
  if (statement.where.length > 0) {
    parts.push(keyword('WHERE'), statement.where.map(condition).join(` ${keyword('AND')} `))
  }
  if (statement.orderBy !== undefined) {
    parts.push(keyword('ORDER'), keyword('BY'), path(statement.orderBy.path))
    if (statement.orderBy.direction !== undefined) parts.push(keyword(statement.orderBy.direction))
  }
  if (statement.limit !== undefined) parts.push(keyword('LIMIT'), String(statement.limit))
  if (statement.consistent) parts.push(keyword('CONSISTENT'))
  return { text: parts.join(' '), params }
}

/**
 * The JavaScript value that dql binds to `value`. A number goes as a `number` only when that
 * holds it exactly, else as a `bigint`; a number neither holds must be written as a literal.
 */
export function jsValue(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S
  if (value.N !== undefined) {
    const number = Number(value.N)
    if (decimalKey(String(number)) === decimalKey(value.N)) return number
    if (/^-?\d+$/.test(value.N)) return BigInt(value.N)
    throw new Error(`the number ${value.N} must be written as a literal`)
  }
  if (value.B !== undefined) return value.B
  if (value.BOOL !== undefined) return value.BOOL
  if (value.NULL !== undefined) return null
  if (value.L !== undefined) return value.L.map(jsValue)
  throw new Error(`no parameter form for ${JSON.stringify(value)}`)
}

/** True when a number can be passed as a parameter (see `jsValue`). */
export function bindable(text: string): boolean {
  return decimalKey(String(Number(text))) === decimalKey(text) || /^-?\d+$/.test(text)
}

/**
 * A decimal number's exact identity: sign, significant digits and the power of ten of the
 * last digit (`-1.50e2` → `-15e1`, `0.0` → `0`). Two texts name the same number exactly when
 * their keys are equal; no floating point is involved.
 */
export function decimalKey(text: string): string {
  const parsed = parseDecimal(text)
  if (parsed.digits === '') return '0'
  return `${parsed.negative ? '-' : ''}${parsed.digits}e${parsed.exponent}`
}

/** True for the text of a decimal number. */
export function isDecimal(text: string): boolean {
  return DECIMAL.test(text) && /\d/.test(text)
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

interface Decimal {
  readonly negative: boolean
  /** Significant digits, without leading or trailing zeros ('' for zero). */
  readonly digits: string
  /** The power of ten of the last digit. */
  readonly exponent: number
}

function parseDecimal(text: string): Decimal {
  const match = DECIMAL.exec(text)
  if (!match || !/\d/.test(text)) throw new Error(`not a decimal number: ${text}`)
  const [, sign = '', whole = '', fraction = '', power = '0'] = match
  let digits = (whole + fraction).replace(/^0+/, '')
  let exponent = Number(power) - fraction.length
  const trimmed = digits.replace(/0+$/, '')
  exponent += digits.length - trimmed.length
  digits = trimmed
  return { negative: sign === '-' && digits !== '', digits, exponent }
}

/** Exact order of two decimal numbers given as text: negative, zero or positive. */
export function compareDecimal(a: string, b: string): number {
  const x = parseDecimal(a)
  const y = parseDecimal(b)
  const sign = (d: Decimal) => (d.digits === '' ? 0 : d.negative ? -1 : 1)
  if (sign(x) !== sign(y)) return sign(x) - sign(y)
  if (sign(x) === 0) return 0
  const magnitude = compareMagnitude(x, y)
  return sign(x) < 0 ? -magnitude : magnitude
}

function compareMagnitude(x: Decimal, y: Decimal): number {
  // The power of ten of the leading digit decides first, then the digits from the left.
  const leadX = x.exponent + x.digits.length
  const leadY = y.exponent + y.digits.length
  if (leadX !== leadY) return leadX < leadY ? -1 : 1
  const length = Math.max(x.digits.length, y.digits.length)
  const dx = x.digits.padEnd(length, '0')
  const dy = y.digits.padEnd(length, '0')
  return dx < dy ? -1 : dx > dy ? 1 : 0
}

/** Every operator a statement uses (for the per-condition floors). */
export const OPERATORS = [
  '=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  'BETWEEN',
  'IN',
  'begins_with',
  'contains',
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'size',
  'NOT',
  'OR',
] as const
export type Operator = (typeof OPERATORS)[number]

export function operatorsOf(statement: Statement): Set<Operator> {
  const found = new Set<Operator>()
  const term = (t: Term) => {
    if (t.kind === 'size') found.add('size')
  }
  const visit = (c: Condition): void => {
    switch (c.kind) {
      case 'compare':
        found.add(c.op)
        term(c.left)
        term(c.right)
        return
      case 'between':
        found.add('BETWEEN')
        term(c.operand)
        return
      case 'in':
      case 'in-array':
        found.add('IN')
        term(c.operand)
        return
      case 'begins_with':
      case 'contains':
      case 'attribute_exists':
      case 'attribute_not_exists':
      case 'attribute_type':
        found.add(c.kind)
        return
      case 'not':
        found.add('NOT')
        visit(c.operand)
        return
      case 'or':
        found.add('OR')
        c.operands.forEach(visit)
        return
      case 'and':
        c.operands.forEach(visit)
        return
    }
  }
  statement.where.forEach(visit)
  return found
}
