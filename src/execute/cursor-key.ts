/**
 * A cursor's start key, checked against the read it continues before anything is sent, so a
 * changed or crafted one is `usage.bad-cursor` rather than DynamoDB's ValidationException or
 * a read elsewhere: exactly the key attributes of the table (and of the index it reads), each
 * a key type DynamoDB can hold, and for a Query inside its partition and sort-key condition,
 * of the types that condition gives.
 */
import type { AttributeValue, QueryCommandInput, ScanCommandInput } from '@aws-sdk/client-dynamodb'
import type { BoundCommand } from '../compile/prepared.js'
import type { IndexDefinition, TableDefinition } from '../schema/define-table.js'

type Key = Record<string, AttributeValue>

/** The index a read uses (if any) and every key attribute its LastEvaluatedKey holds, sorted. */
export function keysOf(
  table: TableDefinition,
  bound: BoundCommand,
): { indexName: string | undefined; keys: string[] } {
  const indexName =
    bound.operation === 'Query'
      ? bound.inputs[0]?.IndexName
      : bound.operation === 'Scan'
        ? bound.input.IndexName
        : undefined
  return { indexName, keys: keyAttributes(table, indexOf(table, indexName)) }
}

function indexOf(table: TableDefinition, indexName: string | undefined) {
  return indexName === undefined
    ? undefined
    : table.indexes.find((index) => index.indexName === indexName)
}

function keyAttributes(table: TableDefinition, index: IndexDefinition | undefined): string[] {
  const keys = [table.partitionKey, table.sortKey, index?.partitionKey, index?.sortKey]
  return [...new Set(keys.filter((key): key is string => key !== undefined))].sort()
}

/** Why `start` cannot start a page of this Query or Scan, or undefined when it can. */
export function checkStart(
  start: Key,
  table: TableDefinition,
  operation: 'Query' | 'Scan',
  input: QueryCommandInput | ScanCommandInput,
): string | undefined {
  const index = indexOf(table, input.IndexName)
  const keys = keyAttributes(table, index)
  const names = Object.keys(start).sort()
  if (names.join('\u0000') !== keys.join('\u0000')) {
    return `its start key has the attributes ${names.join(', ')}, where this read's keys are ${keys.join(', ')}`
  }
  // DynamoDB's limits on a key value: not empty; 2,048 bytes, 1,024 for a sort key.
  const sortKeys = new Set([table.sortKey, index?.sortKey])
  for (const name of names) {
    const value = start[name]
    if (value === undefined || typeOf(value) === undefined) return 'it is damaged'
    const size = value.S !== undefined ? Buffer.byteLength(value.S) : (value.B?.length ?? 1)
    if (size === 0 || size > (sortKeys.has(name) ? 1024 : 2048)) {
      return `its start key gives ${name} a value of ${size} bytes, which no key can have`
    }
    if (value.N !== undefined && decimal(value.N) === undefined) {
      return `its start key gives ${name} a number DynamoDB cannot hold`
    }
  }
  if (operation === 'Scan' || !('KeyConditionExpression' in input)) return undefined
  const condition = keyCondition(input)
  // A key condition written otherwise than dql writes it is left to DynamoDB to check.
  if (condition === undefined) return undefined
  const partitionKey = index?.partitionKey ?? table.partitionKey
  const sortKey = index === undefined ? table.sortKey : index.sortKey
  const typed = (name: string, value: AttributeValue | undefined, given: AttributeValue) =>
    value !== undefined && typeOf(value) !== typeOf(given)
      ? `its start key gives ${name} as ${TYPE_NAMES[typeOf(value) ?? 'S']}, where this ` +
        `Query's key condition gives ${TYPE_NAMES[typeOf(given) ?? 'S']}`
      : undefined
  if (condition.partition.attribute !== partitionKey) return undefined
  const partition = start[partitionKey]
  const mistyped = typed(partitionKey, partition, condition.partition.value)
  if (mistyped) return mistyped
  if (partition === undefined || compare(partition, condition.partition.value) !== 0) {
    return 'its start key is not in the partition this Query reads'
  }
  const { sort } = condition
  if (sort === undefined || sortKey === undefined || sort.attribute !== sortKey) return undefined
  const value = start[sortKey]
  if (value === undefined) return 'it is damaged'
  for (const given of sort.values) {
    const wrong = typed(sortKey, value, given)
    if (wrong) return wrong
  }
  if (!satisfies(value, sort.operator, sort.values)) {
    return `its start key is outside this Query's key condition on ${sortKey}`
  }
  return undefined
}

const TYPE_NAMES = { S: 'a string', N: 'a number', B: 'a binary value' } as const

/** A key value's type: a start key's values are decoded as exactly one of S, N and B. */
function typeOf(value: AttributeValue): 'S' | 'N' | 'B' | undefined {
  if (value.S !== undefined) return 'S'
  if (value.N !== undefined) return 'N'
  return value.B !== undefined ? 'B' : undefined
}

type Operator = '=' | '<' | '<=' | '>' | '>=' | 'BETWEEN' | 'begins_with'

interface Condition {
  readonly partition: { readonly attribute: string; readonly value: AttributeValue }
  readonly sort:
    | { readonly attribute: string; readonly operator: Operator; readonly values: AttributeValue[] }
    | undefined
}

const PARTITION = /^(#\w+) = (:\w+)(?: AND (.+))?$/
const COMPARE = /^(#\w+) (=|<=|<|>=|>) (:\w+)$/
const BETWEEN = /^(#\w+) BETWEEN (:\w+) AND (:\w+)$/
const BEGINS_WITH = /^begins_with\((#\w+), (:\w+)\)$/

/** The key condition of a Query as dql writes it (src/compile/query.ts), with its values. */
function keyCondition(input: QueryCommandInput): Condition | undefined {
  const names = input.ExpressionAttributeNames ?? {}
  const values = input.ExpressionAttributeValues ?? {}
  const whole = PARTITION.exec(input.KeyConditionExpression ?? '')
  const attribute = names[whole?.[1] ?? '']
  const value = values[whole?.[2] ?? '']
  if (whole === null || attribute === undefined || value === undefined) return undefined
  const partition = { attribute, value }
  const rest = whole[3]
  if (rest === undefined) return { partition, sort: undefined }
  const sort = (
    name: string | undefined,
    operator: string | undefined,
    ...held: (string | undefined)[]
  ) => {
    const sortAttribute = names[name ?? '']
    const sortValues = held.map((placeholder) => values[placeholder ?? ''])
    if (sortAttribute === undefined || !isOperator(operator)) return undefined
    if (!sortValues.every((held): held is AttributeValue => held !== undefined)) return undefined
    return { partition, sort: { attribute: sortAttribute, operator, values: sortValues } }
  }
  const compared = COMPARE.exec(rest)
  if (compared) return sort(compared[1], compared[2], compared[3])
  const between = BETWEEN.exec(rest)
  if (between) return sort(between[1], 'BETWEEN', between[2], between[3])
  const prefix = BEGINS_WITH.exec(rest)
  if (prefix) return sort(prefix[1], 'begins_with', prefix[2])
  return undefined
}

function isOperator(operator: string | undefined): operator is Operator {
  return (
    operator === '=' ||
    operator === '<' ||
    operator === '<=' ||
    operator === '>' ||
    operator === '>=' ||
    operator === 'BETWEEN' ||
    operator === 'begins_with'
  )
}

/** Whether `value` meets the sort-key condition, in DynamoDB's order for its type. */
function satisfies(value: AttributeValue, operator: Operator, operands: AttributeValue[]): boolean {
  const [first, second] = operands
  if (first === undefined) return false
  if (operator === 'begins_with') {
    const bytes = bytesOf(value)
    const prefix = bytesOf(first)
    return bytes !== undefined && prefix !== undefined && startsWith(bytes, prefix)
  }
  const low = compare(value, first)
  if (low === undefined) return false
  switch (operator) {
    case '=':
      return low === 0
    case '<':
      return low < 0
    case '<=':
      return low <= 0
    case '>':
      return low > 0
    case '>=':
      return low >= 0
    case 'BETWEEN': {
      const high = second === undefined ? undefined : compare(value, second)
      return low >= 0 && high !== undefined && high <= 0
    }
  }
}

/** DynamoDB's order: strings by their UTF-8 bytes, binary by bytes, numbers by value. */
function compare(a: AttributeValue, b: AttributeValue): number | undefined {
  if (a.N !== undefined && b.N !== undefined) {
    const x = decimal(a.N)
    const y = decimal(b.N)
    return x === undefined || y === undefined ? undefined : compareDecimals(x, y)
  }
  const x = bytesOf(a)
  const y = bytesOf(b)
  if (x === undefined || y === undefined || typeOf(a) !== typeOf(b)) return undefined
  return Buffer.compare(x, y)
}

function bytesOf(value: AttributeValue): Uint8Array | undefined {
  if (value.S !== undefined) return Buffer.from(value.S, 'utf8')
  return value.B
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return (
    bytes.length >= prefix.length && Buffer.compare(bytes.subarray(0, prefix.length), prefix) === 0
  )
}

/** A number as sign, significant digits and the power of ten before the first of them. */
interface Decimal {
  readonly sign: -1 | 0 | 1
  readonly digits: string
  readonly exponent: number
}

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/** A DynamoDB number: up to 38 significant digits, magnitude from 1E-130 to below 1E126. */
function decimal(text: string): Decimal | undefined {
  const parts = NUMBER.exec(text)
  if (parts === null) return undefined
  const [, sign = '', whole = '', fraction = '', power = '0'] = parts
  if (whole === '' && fraction === '') return undefined
  const all = whole + fraction
  const significant = all.replace(/^0+/, '')
  const digits = significant.replace(/0+$/, '')
  if (digits === '') return { sign: 0, digits: '', exponent: 0 }
  const exponent = whole.length - (all.length - significant.length) + Number(power)
  if (digits.length > 38 || exponent < -129 || exponent > 126) return undefined
  return { sign: sign === '-' ? -1 : 1, digits, exponent }
}

function compareDecimals(a: Decimal, b: Decimal): number {
  if (a.sign !== b.sign) return a.sign - b.sign
  if (a.sign === 0) return 0
  // Same sign: compare magnitudes (0.digits × 10^exponent), then flip for negatives.
  const magnitude =
    a.exponent !== b.exponent
      ? a.exponent - b.exponent
      : a.digits < b.digits
        ? -1
        : a.digits > b.digits
          ? 1
          : 0
  return a.sign * magnitude
}
