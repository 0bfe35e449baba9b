/**
 * Differential testing: random table shapes (keys of type S, N and B; global and local
 * indexes with every projection type), random items and random statements. The generator
 * builds the tests' own statement model (statement-model.ts) and renders it to DQL text; the
 * reference (reference.ts) evaluates that model over every item of the table, so a parser,
 * planner or index-choice bug shows as a wrong or missing item. Every statement either runs
 * and returns what the reference says, or is refused with a documented DqlError code that the
 * statement can deserve. A failure prints the seed, the table, the statement and both results.
 */
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  type AttributeValue,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import fc from 'fast-check'
import {
  defineTable,
  DqlError,
  type Dql,
  type IndexOptions,
  type PreparedStatement,
  type TableDefinition,
} from '../../src/index.js'
import { createDql } from './create-dql.js'
import {
  compare,
  equal,
  members,
  project,
  resolve,
  typeOf,
  type IndexModel,
  type Item,
  type TableModel,
} from './reference.js'
import {
  bindable,
  decimalKey,
  isDecimal,
  OPERATORS,
  operatorsOf,
  render,
  type Comparator,
  type Condition,
  type Operator,
  type Path,
  type Projection,
  type Statement,
  type Term,
  type ValueTerm,
} from './statement-model.js'

type KeyType = 'S' | 'N' | 'B'

interface Shape {
  readonly definition: TableDefinition
  readonly create: CreateTableCommandInput
  readonly model: TableModel
  /** Type of every attribute that is a key of the table or of an index. */
  readonly types: Readonly<Record<string, KeyType>>
}

/** Codes a random statement may legitimately be refused with. */
export const DOCUMENTED_REFUSALS = new Set([
  'plan.scan-required',
  'plan.partial-key',
  'plan.order-by',
  'plan.consistent-on-global-index',
  'plan.uncovered-projection',
  'plan.key-in-filter',
  'plan.index-not-usable',
  'plan.sparse-index',
  'bind.bad-value',
])

/** What each case ran as, from `explain`: the operation and, for an index, its type. */
export const OPERATIONS = [
  'GetItem',
  'BatchGetItem',
  'Query on the table',
  'Query on a local index',
  'Query on a global index',
  'Scan',
] as const
export type OperationClass = (typeof OPERATIONS)[number]

export interface DifferentialCounts {
  cases: number
  ran: number
  refused: number
  mismatches: number
  refusals: Record<string, number>
  /** Cases that ran, by operation. */
  operations: Record<OperationClass, number>
  /** Cases that ran, by operator used anywhere in the statement. */
  operators: Record<Operator, number>
}

export function newCounts(): DifferentialCounts {
  return {
    cases: 0,
    ran: 0,
    refused: 0,
    mismatches: 0,
    refusals: {},
    operations: Object.fromEntries(OPERATIONS.map((o) => [o, 0])) as Record<OperationClass, number>,
    operators: Object.fromEntries(OPERATORS.map((o) => [o, 0])) as Record<Operator, number>,
  }
}

/** The least number of cases that must run as each operation and with each operator. */
export interface Floors {
  readonly operations: Readonly<Record<OperationClass, number>>
  readonly operators: Readonly<Record<Operator, number>>
}

/**
 * The floors both engines are held to at SEED (one seed gives both the same statements):
 * about three fifths of what ran, so that a planner that starts refusing a kind of
 * statement, or stops choosing an index, fails the suite.
 */
export const FLOORS: Floors = {
  operations: {
    GetItem: 16,
    BatchGetItem: 18,
    'Query on the table': 95,
    'Query on a local index': 11,
    'Query on a global index': 9,
    Scan: 14,
  },
  operators: {
    '=': 130,
    '<>': 20,
    '<': 12,
    '<=': 21,
    '>': 9,
    '>=': 21,
    BETWEEN: 29,
    IN: 57,
    begins_with: 8,
    contains: 8,
    attribute_exists: 8,
    attribute_not_exists: 8,
    attribute_type: 6,
    size: 6,
    NOT: 5,
    OR: 8,
  },
}

/** Every operation or operator that ran fewer times than its floor, with count and floor. */
export function belowFloors(counts: DifferentialCounts, floors: Floors): string[] {
  const low: string[] = []
  for (const o of OPERATIONS) {
    const n = counts.operations[o]
    if (n < floors.operations[o]) low.push(`${o}: ${n} < ${floors.operations[o]}`)
  }
  for (const o of OPERATORS) {
    const n = counts.operators[o]
    if (n < floors.operators[o]) low.push(`${o}: ${n} < ${floors.operators[o]}`)
  }
  return low
}

/** The seed of both suites; the floors are for it. */
export const SEED = 424242

/** The summary lines a run prints. */
export function summary(engine: string, seed: number, counts: DifferentialCounts): string {
  return (
    `differential on ${engine} (seed ${seed}): ${counts.cases} cases, ${counts.ran} ran, ` +
    `${counts.refused} refused ${JSON.stringify(counts.refusals)}, ${counts.mismatches} mismatches\n` +
    `  ran as: ${JSON.stringify(counts.operations)}\n` +
    `  operators: ${JSON.stringify(counts.operators)}`
  )
}

// ---------------------------------------------------------------------------------------
// Values

/**
 * Strings of keys and of `g`: ASCII, an accent (two UTF-8 bytes) and a character above U+FFFF
 * (four bytes, two UTF-16 code units). None is from U+E000 to U+FFFF, so their order by UTF-16
 * code units (dynalite's in conditions) is their order by UTF-8 bytes (DynamoDB's).
 */
const STRINGS = ['a', 'ab', 'abc', 'b', 'ba', 'c', "it's", 'Z', 'é', 'zé', 'z😀', 'z~']
/** Strings of `s`, whose `size` is taken: ASCII only. */
const PLAIN = ['a', 'ab', 'abc', 'b', 'ba', 'c', "it's", 'hello world', '%_']
/**
 * Numbers, each with the texts it may be written as. Some need more precision than a double
 * has: they are bound as bigint or written as literals, and must come back exactly.
 */
const NUMBERS: readonly (readonly string[])[] = [
  ['-2'],
  ['0', '0.0'],
  ['1', '1.0'],
  ['1.5', '1.50', '15E-1'],
  ['3'],
  ['10', '1e1'],
  ['-7.25'],
  ['0.1'],
  ['100', '1E2'],
  ['9007199254740993'],
  ['9007199254740992'],
  ['0.10000000000000000001'],
  ['12345678901234567890123456789012345678'],
]
const BYTES = [[0], [1], [1, 2], [2], [2, 0], [128, 1], [255]]
/** The types of the attributes that can be index keys, whether or not they are here. */
const VALUE_TYPES: Readonly<Record<string, KeyType>> = { g: 'S', h: 'N', l: 'N', a2: 'N' }
const TYPE_NAMES = ['S', 'N', 'B', 'BOOL', 'NULL', 'SS', 'NS', 'L', 'M']

type Gen = fc.GeneratorValue

const int = (g: Gen, min: number, max: number) => g(() => fc.noBias(fc.integer({ min, max })))
const pick = <T>(g: Gen, list: readonly T[]): T => list[int(g, 0, list.length - 1)]!
const chance = (g: Gen, n: number) => int(g, 0, n - 1) === 0

function scalar(g: Gen, type: KeyType): AttributeValue {
  switch (type) {
    case 'S':
      return { S: pick(g, STRINGS) }
    case 'N':
      return { N: pick(g, pick(g, NUMBERS)) }
    case 'B':
      return { B: new Uint8Array(pick(g, BYTES)) }
  }
}

/** A key value unique for `i` (partition keys of tables without a sort key, sort keys). */
function unique(type: KeyType, i: number): AttributeValue {
  switch (type) {
    case 'S':
      // Three keys share each prefix: the next character decides, one or two code units long.
      return { S: `k${String(Math.floor(i / 3)).padStart(2, '0')}${['', '😀', 'é'][i % 3]}` }
    case 'N':
      return {
        N:
          i % 3 === 0
            ? String(2n ** 53n + BigInt(i))
            : i % 3 === 1
              ? `${i - 20}.25`
              : String(i * 2 - 7),
      }
    case 'B':
      return { B: new Uint8Array([i >> 4, (i & 15) * 16]) }
  }
}

// ---------------------------------------------------------------------------------------
// Tables and items

const KEY_TYPES: readonly KeyType[] = ['S', 'N', 'B']
type ProjectionKind = 'ALL' | 'KEYS_ONLY' | 'INCLUDE'
const PROJECTION_KINDS: readonly ProjectionKind[] = ['ALL', 'KEYS_ONLY', 'INCLUDE']

/**
 * One random shape: table keys, up to two global indexes and one local index, and now and
 * then field names for two attributes. The CreateTable input is written here, by hand.
 */
function shapeOf(g: Gen, name: string): Shape {
  const pkType = pick(g, KEY_TYPES)
  const skType = chance(g, 4) ? undefined : pick(g, KEY_TYPES)
  const types: Record<string, KeyType> = { pk: pkType }
  if (skType) types.sk = skType
  const options: Record<string, IndexOptions> = {}
  const indexes: IndexModel[] = []
  const gsis: NonNullable<CreateTableCommandInput['GlobalSecondaryIndexes']> = []
  const lsis: NonNullable<CreateTableCommandInput['LocalSecondaryIndexes']> = []
  const projectionOf = (kind: ProjectionKind, include: string) =>
    kind === 'INCLUDE'
      ? { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [include] }
      : { ProjectionType: kind }
  const gsiCount = int(g, 0, 2)
  for (let i = 0; i < gsiCount; i++) {
    const partitionKey = i === 0 ? 'g' : 'h'
    const candidate = pick(g, [undefined, 'h', 'a2', 'pk'])
    const sortKey = candidate === partitionKey ? undefined : candidate
    const kind = pick(g, PROJECTION_KINDS)
    const indexName = `gsi${i}`
    types[partitionKey] = VALUE_TYPES[partitionKey]!
    if (sortKey) types[sortKey] = sortKey === 'pk' ? pkType : VALUE_TYPES[sortKey]!
    const projection = kind === 'INCLUDE' ? ['a'] : kind
    options[indexName] = { type: 'global', partitionKey, sortKey, projection }
    indexes.push({ name: indexName, type: 'global', partitionKey, sortKey, projection })
    gsis.push({
      IndexName: indexName,
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' as const }] : []),
      ],
      Projection: projectionOf(kind, 'a'),
    })
  }
  if (skType && !chance(g, 3)) {
    const kind = pick(g, PROJECTION_KINDS)
    types.l = 'N'
    const projection = kind === 'INCLUDE' ? ['s'] : kind
    options.lsi0 = { type: 'local', sortKey: 'l', projection }
    indexes.push({ name: 'lsi0', type: 'local', partitionKey: 'pk', sortKey: 'l', projection })
    lsis.push({
      IndexName: 'lsi0',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'l', KeyType: 'RANGE' },
      ],
      Projection: projectionOf(kind, 's'),
    })
  }
  // Field names: `id` for the partition key, `score` for `a` (results use them).
  const fields = chance(g, 3) ? { id: 'pk', score: 'a' } : undefined
  const definition = defineTable({
    name,
    partitionKey: 'pk',
    sortKey: skType ? 'sk' : undefined,
    fields,
    indexes: options,
  })
  const create: CreateTableCommandInput = {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: Object.entries(types).map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      ...(skType ? [{ AttributeName: 'sk', KeyType: 'RANGE' as const }] : []),
    ],
    ...(gsis.length ? { GlobalSecondaryIndexes: gsis } : {}),
    ...(lsis.length ? { LocalSecondaryIndexes: lsis } : {}),
  }
  const fieldOf = new Map(fields ? Object.entries(fields).map(([f, a]) => [a, f]) : [])
  return {
    definition,
    create,
    model: { partitionKey: 'pk', sortKey: skType ? 'sk' : undefined, indexes, fieldOf },
    types,
  }
}

/** Random items: a few partitions, unique keys, each other attribute present 3 times in 4. */
function itemsOf(g: Gen, shape: Shape): Item[] {
  const count = int(g, 8, 40)
  const items: Item[] = []
  const pkType = shape.types.pk!
  const skType = shape.types.sk
  const number = (): AttributeValue => scalar(g, 'N')
  for (let i = 0; i < count; i++) {
    const item: Item = {}
    if (skType) {
      const partition = int(g, 0, 3)
      item.pk =
        pkType === 'S'
          ? { S: STRINGS[partition]! }
          : pkType === 'N'
            ? { N: NUMBERS[partition * 3]![0]! }
            : { B: new Uint8Array(BYTES[partition]!) }
      item.sk = unique(skType, i)
    } else {
      item.pk = unique(pkType, i)
    }
    const maybe = (attribute: string, value: () => AttributeValue) => {
      if (int(g, 0, 3) > 0) item[attribute] = value()
    }
    item.v = number()
    // The partition keys of the global indexes: mostly a few values, so that an index
    // partition holds several items (some without the index's sort key).
    maybe('g', () => (chance(g, 4) ? scalar(g, 'S') : { S: pick(g, STRINGS.slice(0, 4)) }))
    maybe('h', () => (chance(g, 4) ? number() : { N: pick(g, pick(g, NUMBERS.slice(0, 4))) }))
    maybe('l', number)
    maybe('a2', number)
    maybe('a', number)
    maybe('s', () => ({ S: pick(g, PLAIN) }))
    maybe('f', () => ({ BOOL: chance(g, 2) }))
    maybe('order', number)
    maybe('tags', () => ({ SS: [...new Set([pick(g, PLAIN), pick(g, PLAIN)])] }))
    maybe('ns', () => {
      const values = [number(), number()].map((v) => v.N!)
      return {
        NS: values.filter((v, j) => values.findIndex((w) => decimalKey(w) === decimalKey(v)) === j),
      }
    })
    maybe('m', () => ({ M: { x: number(), y: { S: pick(g, PLAIN) } } }))
    maybe('list', () => ({ L: Array.from({ length: int(g, 1, 3) }, number) }))
    maybe('z', () => {
      // An attribute of mixed types, for attribute_type and comparisons across types.
      switch (int(g, 0, 4)) {
        case 0:
          return { S: pick(g, PLAIN) }
        case 1:
          return number()
        case 2:
          return { NULL: true }
        case 3:
          // Only true: dynalite's attribute_type fails on a false BOOL.
          return { BOOL: true }
        default:
          return { L: [{ S: pick(g, PLAIN) }] }
      }
    })
    items.push(item)
  }
  return items
}

// ---------------------------------------------------------------------------------------
// Statements

/** How a case is run: `all`, `first`, `iterate`, page by page, or `count` for COUNT(*). */
type CallKind = 'all' | 'first' | 'iterate' | 'pages' | 'count'

interface Generated {
  readonly statement: Statement
  readonly text: string
  readonly params: Record<string, unknown>
  readonly call: CallKind
  /** The statement holds a value DynamoDB would refuse: dql must refuse it (bind.bad-value). */
  readonly bad: boolean
}

/** A random statement over the shape, its values mostly from the data. */
function statementOf(g: Gen, shape: Shape, items: readonly Item[]): Generated {
  const { model } = shape
  const types: Record<string, KeyType> = { ...VALUE_TYPES, ...shape.types }
  let bad = false

  // Values come mostly from one item, the anchor, so that the conditions of a statement
  // often hold together for some items; else from any item; now and then fresh.
  const anchor = pick(g, items)
  const scalarOf = (v: AttributeValue | undefined): v is AttributeValue =>
    v !== undefined && (v.S !== undefined || v.N !== undefined || v.B !== undefined)
  const existing = (path: Path, type: KeyType | 'plain'): AttributeValue => {
    const choice = int(g, 0, 9)
    const own = resolve(path, anchor)
    if (choice < 6 && scalarOf(own)) return own
    const usable = items.map((item) => resolve(path, item)).filter(scalarOf)
    if (usable.length > 0 && choice < 9) return pick(g, usable)
    return type === 'plain' ? { S: pick(g, PLAIN) } : scalar(g, type)
  }
  // Written in the text, or passed as a parameter.
  const value = (v: AttributeValue): ValueTerm => {
    if (v.B !== undefined) return { kind: 'value', value: v }
    if (v.N !== undefined) {
      if (!bindable(v.N) || chance(g, 2)) {
        const forms = NUMBERS.find((f) => f.some((t) => decimalKey(t) === decimalKey(v.N!)))
        return { kind: 'value', value: v, literal: forms ? pick(g, forms) : v.N }
      }
      return { kind: 'value', value: v }
    }
    if (v.S !== undefined && chance(g, 2)) {
      return { kind: 'value', value: v, literal: `'${v.S.replaceAll("'", "''")}'` }
    }
    if (v.BOOL !== undefined && chance(g, 2)) {
      return { kind: 'value', value: v, literal: v.BOOL ? 'TRUE' : 'false' }
    }
    if (v.NULL !== undefined && chance(g, 2)) return { kind: 'value', value: v, literal: 'NULL' }
    return { kind: 'value', value: v }
  }
  const path = (p: Path): Term => ({ kind: 'path', path: p })
  const comparator = (): Comparator => pick(g, ['=', '<', '<=', '>', '>=', '<>'] as const)
  const flip: Record<Comparator, Comparator> = {
    '=': '=',
    '<>': '<>',
    '<': '>',
    '<=': '>=',
    '>': '<',
    '>=': '<=',
  }
  // `a op v`, or now and then the same condition written `v op' a`.
  const comparison = (left: Term, op: Comparator, right: Term): Condition =>
    chance(g, 5)
      ? { kind: 'compare', left: right, op: flip[op], right: left }
      : { kind: 'compare', left, op, right }
  // Two values in order (or, when `reversible`, now and then out of order: a bad value).
  const bounds = (p: Path, type: KeyType | 'plain', reversible: boolean): [Term, Term] => {
    const x = existing(p, type)
    const y = existing(p, type)
    const order = compare(x, y) ?? 0
    const [low, high] = order <= 0 ? [x, y] : [y, x]
    if (reversible && chance(g, 10)) {
      if ((compare(high, low) ?? 0) > 0) bad = true
      return [value(high), value(low)]
    }
    return [value(low), value(high)]
  }
  const list = (p: Path, type: KeyType | 'plain', min: number, max: number): Condition => {
    const values = Array.from({ length: int(g, min, max) }, () => existing(p, type))
    // An array parameter holds numbers as number or bigint: not every number fits.
    const fits = values.every((v) => v.N === undefined || bindable(v.N))
    return fits && chance(g, 2)
      ? { kind: 'in-array', operand: path(p), values }
      : { kind: 'in', operand: path(p), list: values.map(value) }
  }

  // Key conditions.
  // A key equality: the anchor's key (4 times in 5), so that full keys name an item.
  const keyEquality = (attribute: string): Condition => {
    const own = anchor[attribute]
    const v = own !== undefined && !chance(g, 5) ? own : existing([attribute], types[attribute]!)
    return comparison(path([attribute]), '=', value(v))
  }
  const keyList = (attribute: string): Condition => list([attribute], types[attribute]!, 1, 4)
  const sortCondition = (attribute: string): Condition[] => {
    const type = types[attribute]!
    const p = [attribute]
    switch (int(g, 0, type === 'N' ? 3 : 4)) {
      case 0:
        return [keyEquality(attribute)]
      case 1:
        return [
          comparison(
            path(p),
            comparator().replace('<>', '<=') as Comparator,
            value(existing(p, type)),
          ),
        ]
      case 2: {
        const [low, high] = bounds(p, type, true)
        return [{ kind: 'between', operand: path(p), low, high }]
      }
      case 3: {
        // `k >= a AND k <= b`, which dql reads as BETWEEN.
        const [low, high] = bounds(p, type, false)
        return [
          { kind: 'compare', left: path(p), op: '>=', right: low },
          { kind: 'compare', left: path(p), op: '<=', right: high },
        ]
      }
      default:
        return [{ kind: 'begins_with', path: p, prefix: value(existing(p, type)) }]
    }
  }

  // Filters, over attributes of every type.
  const filter = (depth: number): Condition => {
    switch (int(g, 0, depth > 1 ? 17 : 21)) {
      case 0:
        return comparison(path(['a']), comparator(), value(existing(['a'], 'N')))
      case 1:
        return comparison(path(['s']), comparator(), value(existing(['s'], 'plain')))
      case 2:
        // NULL only with = and <>: DynamoDB refuses an order comparison with it.
        return chance(g, 3)
          ? comparison(path(['z']), pick(g, ['=', '<>'] as const), value({ NULL: true }))
          : comparison(
              path(['z']),
              comparator(),
              value(pick(g, [existing(['z'], 'plain'), scalar(g, 'N')])),
            )
      case 3:
        return comparison(
          path([pick(g, ['m', 'list'])!, ...(chance(g, 2) ? ['x'] : [1])] as Path),
          comparator(),
          value(scalar(g, 'N')),
        )
      case 4:
        return comparison(path(['f']), pick(g, ['=', '<>'] as const), value({ BOOL: chance(g, 2) }))
      case 5:
        // Two attributes compared with each other (`v` is on every item: dynalite, unlike
        // DynamoDB, finds two missing attributes equal).
        return {
          kind: 'compare',
          left: path([pick(g, ['a', 'h', 'order', 'l'])]),
          op: comparator(),
          right: path(['v']),
        }
      case 6:
        if (chance(g, 10)) {
          bad = true
          return { kind: 'begins_with', path: ['s'], prefix: value(scalar(g, 'N')) }
        }
        return {
          kind: 'begins_with',
          path: [pick(g, ['s', 'g', 'z'])],
          prefix: value(existing(['s'], 'plain')),
        }
      case 7:
        return { kind: 'contains', path: ['s'], operand: value(existing(['s'], 'plain')) }
      case 8: {
        const target = pick(g, ['tags', 'ns', 'list'])
        return {
          kind: 'contains',
          path: [target],
          operand: value(target === 'tags' ? { S: pick(g, PLAIN) } : scalar(g, 'N')),
        }
      }
      case 9:
        return {
          kind: 'attribute_exists',
          path: pick<Path>(g, [['a'], ['s'], ['m', 'x'], ['list', 1], ['tags'], ['z']]),
        }
      case 10:
        return {
          kind: 'attribute_not_exists',
          path: pick<Path>(g, [['a'], ['f'], ['m'], ['list', 0], ['list', 2], ['order']]),
        }
      case 11: {
        const type = chance(g, 15) ? 'X' : pick(g, TYPE_NAMES)
        if (type === 'X') bad = true
        return {
          kind: 'attribute_type',
          path: [pick(g, ['z', 'a', 'm', 'list', 'tags', 'ns'])],
          type: value({ S: type }),
        }
      }
      case 12: {
        const target = pick(g, ['s', 'tags', 'list', 'm', 'ns', 'z'])
        const size: Term = { kind: 'size', path: [target] }
        const n = (): ValueTerm => value({ N: String(int(g, 0, 4)) })
        switch (int(g, 0, 2)) {
          case 0:
            return comparison(size, comparator(), n())
          case 1: {
            const [x, y] = [int(g, 0, 4), int(g, 0, 4)].sort()
            return {
              kind: 'between',
              operand: size,
              low: value({ N: String(x) }),
              high: value({ N: String(y) }),
            }
          }
          default:
            return { kind: 'in', operand: size, list: [n(), n()] }
        }
      }
      case 13: {
        const [low, high] = bounds(['a'], 'N', true)
        return { kind: 'between', operand: path(['a']), low, high }
      }
      case 14: {
        const [low, high] = bounds(['s'], 'plain', false)
        return { kind: 'between', operand: path(['s']), low, high }
      }
      case 15:
        return list(['a'], 'N', 1, 3)
      case 16:
        return list([pick(g, ['s', 'z'])], 'plain', 1, 3)
      case 17:
        return comparison(path(['order']), comparator(), value(existing(['order'], 'N')))
      case 18: {
        const inner = filter(depth + 1)
        return {
          kind: 'not',
          operand: inner,
          infix: (inner.kind === 'between' || inner.kind === 'in') && chance(g, 2),
        }
      }
      case 19:
      case 20:
        return { kind: 'or', operands: [filter(depth + 1), filter(depth + 1)] }
      default:
        return { kind: 'and', operands: [filter(depth + 1), filter(depth + 1)] }
    }
  }
  // Mostly none or one, so that results are seldom empty.
  const filters = (max: number) =>
    Array.from({ length: Math.min(max, pick(g, [0, 0, 0, 1, 1, 1, 1, 2, 2, 3])) }, () => filter(0))

  const where: Condition[] = []
  let scan = false
  let useIndex: string | undefined
  let orderBy: Statement['orderBy']
  let keysOnly = false
  const direction = () => pick(g, [undefined, 'ASC', 'DESC'] as const)
  const lsi = model.indexes.find((i) => i.type === 'local')
  const gsis = model.indexes.filter((i) => i.type === 'global')
  // The index a statement is written for, if any: its projection is then often one the index
  // covers, so that the index can serve.
  let target: IndexModel | undefined
  const kind = int(g, 0, 99)
  if (kind < 7) {
    // The full key with `=` (or an IN list of one written value).
    where.push(
      chance(g, 5)
        ? { kind: 'in', operand: path(['pk']), list: [value(existing(['pk'], types.pk!))] }
        : keyEquality('pk'),
    )
    if (types.sk) where.push(keyEquality('sk'))
    keysOnly = true
  } else if (kind < 15) {
    // Lists of full keys.
    if (types.sk && chance(g, 3)) {
      where.push(keyEquality('pk'), list(['sk'], types.sk, 2, 3))
    } else {
      where.push(list(['pk'], types.pk!, 2, 4))
      if (types.sk) where.push(chance(g, 2) ? keyEquality('sk') : list(['sk'], types.sk, 1, 3))
    }
    keysOnly = true
  } else if (kind < 37 || (kind < 55 && lsi === undefined) || (kind < 77 && gsis.length === 0)) {
    // The table's partition key, maybe a sort-key condition, filters.
    where.push(chance(g, 4) ? keyList('pk') : keyEquality('pk'))
    if (types.sk && chance(g, 2)) where.push(...sortCondition('sk'))
    if (chance(g, 4)) where.push(keyEquality('g'))
    where.push(...filters(2))
    if (chance(g, 4)) orderBy = { path: [pick(g, ['sk', 'sk', 'l', 'a'])], direction: direction() }
  } else if (kind < 55) {
    // The local index: its sort key constrained, or its order asked for.
    target = lsi
    where.push(chance(g, 5) ? keyList('pk') : keyEquality('pk'))
    if (chance(g, 3)) orderBy = { path: ['l'], direction: direction() }
    else where.push(...sortCondition('l'))
    where.push(...filters(2))
    if (chance(g, 4)) useIndex = lsi!.name
  } else if (kind < 77) {
    // A global index: its partition key, maybe its sort key.
    const index = pick(g, gsis)
    target = index
    where.push(chance(g, 5) ? keyList(index.partitionKey) : keyEquality(index.partitionKey))
    if (index.sortKey !== undefined && chance(g, 2)) where.push(...sortCondition(index.sortKey))
    else if (index.sortKey !== undefined && chance(g, 3))
      orderBy = { path: [index.sortKey], direction: direction() }
    where.push(...filters(2))
    if (chance(g, 3)) useIndex = index.name
  } else if (kind < 88) {
    // SCAN: the table or an index, keys allowed in the filter.
    scan = true
    if (model.indexes.length > 0 && chance(g, 3)) {
      target = pick(g, model.indexes)
      useIndex = target.name
    }
    if (chance(g, 4)) where.push(keyEquality('pk'))
    where.push(...filters(3))
  } else {
    // Anything: keys or none, conditions on index keys, filters.
    const partition = int(g, 0, 9)
    if (partition < 5) where.push(keyEquality('pk'))
    else if (partition < 7) where.push(keyList('pk'))
    if (types.sk && chance(g, 2)) where.push(...sortCondition('sk'))
    if (chance(g, 4)) where.push(keyEquality('g'))
    if (chance(g, 4))
      where.push(
        comparison(
          path(['h']),
          comparator().replace('<>', '>=') as Comparator,
          value(existing(['h'], 'N')),
        ),
      )
    if (chance(g, 4)) {
      const [low, high] = bounds(['l'], 'N', false)
      where.push({ kind: 'between', operand: path(['l']), low, high })
    }
    where.push(...filters(2))
    if (chance(g, 5)) orderBy = { path: [pick(g, ['sk', 'l', 'h'])], direction: direction() }
  }
  if (!scan && !keysOnly && chance(g, 12)) {
    useIndex = model.indexes.length > 0 ? pick(g, model.indexes).name : undefined
  }

  const shapeChoice = int(g, 0, 9)
  const projection: Projection =
    target !== undefined && target.projection !== 'ALL' && chance(g, 2)
      ? { kind: 'paths', paths: held(target, types.sk !== undefined) }
      : shapeChoice < 5
        ? { kind: 'all', star: chance(g, 2) }
        : shapeChoice < 8
          ? {
              kind: 'paths',
              paths: pick<Path[]>(g, [
                [['pk']],
                [['a'], ['s']],
                [['pk'], ['m', 'x'], ['list', 1]],
                [['tags'], ['f']],
                [['pk'], ['a'], ...(types.sk ? [['sk']] : [])],
                [['g'], ['h']],
                [
                  ['list', 0],
                  ['list', 2],
                ],
                [
                  ['m', 'x'],
                  ['m', 'y'],
                ],
                [['z'], ['order'], ['ns']],
              ]),
            }
          : { kind: 'count' }
  const statement: Statement = {
    table: shape.definition.name,
    scan,
    useIndex,
    projection,
    where: shuffle(g, where),
    orderBy: scan ? undefined : orderBy,
    limit: chance(g, 5) ? int(g, 1, 6) : undefined,
    consistent: chance(g, 10),
  }
  const call: CallKind =
    projection.kind === 'count'
      ? 'count'
      : pick(g, ['all', 'all', 'all', 'all', 'all', 'all', 'first', 'iterate', 'pages'] as const)
  const { text, params } = render(statement, {
    fieldOf: model.fieldOf,
    pick: (options) => pick(g, options),
  })
  return { statement, text, params, call, bad }
}

/** Some of the attributes an index holds: its keys, the table's, and what it includes. */
function held(index: IndexModel, sortKey: boolean): Path[] {
  const names = new Set(['pk', ...(sortKey ? ['sk'] : []), index.partitionKey])
  if (index.sortKey !== undefined) names.add(index.sortKey)
  if (Array.isArray(index.projection)) for (const name of index.projection) names.add(name)
  return [...names].map((name) => [name])
}

function shuffle<T>(g: Gen, list: readonly T[]): T[] {
  const out = [...list]
  for (let i = out.length - 1; i > 0; i--) {
    const j = int(g, 0, i)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

// ---------------------------------------------------------------------------------------
// Running

/**
 * Runs `runs` random cases against `client`: a fresh table per case, then `statements`
 * random statements on it. Counts go into `counts`.
 */
export async function runDifferential(
  client: DynamoDBClient,
  options: { seed: number; runs: number; statements: number; prefix: string },
  counts: DifferentialCounts,
): Promise<void> {
  let tableNumber = 0
  await fc.assert(
    fc.asyncProperty(fc.gen(), async (g) => {
      const name = `${options.prefix}${tableNumber++}`
      const shape = shapeOf(g, name)
      const items = itemsOf(g, shape)
      try {
        await client.send(new CreateTableCommand(shape.create))
        await active(client, name)
        await writeAll(client, name, items)
      } catch (error) {
        throw new Error(`could not create ${JSON.stringify(shape.create)}: ${String(error)}`)
      }
      const db = createDql({ client, tables: [shape.definition], numbers: 'string' })
      for (let i = 0; i < options.statements; i++) {
        const generated = statementOf(g, shape, items)
        counts.cases++
        const outcome = await runOne(db, shape, items, generated)
        if (outcome.kind === 'refused') {
          counts.refused++
          counts.refusals[outcome.code] = (counts.refusals[outcome.code] ?? 0) + 1
          continue
        }
        counts.ran++
        if (outcome.kind === 'mismatch') {
          counts.mismatches++
          throw new Error(
            `Mismatch (seed ${options.seed}, table ${name}) on ${JSON.stringify(shape.create)}\n` +
              `fields: ${JSON.stringify([...shape.model.fieldOf])}\n` +
              `statement: ${generated.text}\nparams: ${JSON.stringify(generated.params, replacer)}\n` +
              `call: ${generated.call}\n${outcome.detail}\n` +
              `items: ${JSON.stringify(items, replacer)}`,
          )
        }
        counts.operations[outcome.operation]++
        for (const operator of operatorsOf(generated.statement)) counts.operators[operator]++
      }
    }),
    { seed: options.seed, numRuns: options.runs, endOnFailure: true },
  )
}

/** Waits until a new table is ACTIVE, asking the engine (no timer). */
async function active(client: DynamoDBClient, name: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }))
    if (Table?.TableStatus === 'ACTIVE') return
  }
  throw new Error(`table ${name} did not become ACTIVE`)
}

async function writeAll(client: DynamoDBClient, table: string, items: readonly Item[]) {
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }))
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 20) throw new Error(`could not write ${requests.length} items to ${table}`)
      const output = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [table]: requests } }),
      )
      requests = (output.UnprocessedItems?.[table] ?? []) as typeof requests
    }
  }
}

type Outcome =
  | { kind: 'ok'; operation: OperationClass }
  | { kind: 'refused'; code: string }
  | { kind: 'mismatch'; detail: string }

async function runOne(
  db: Dql,
  shape: Shape,
  items: readonly Item[],
  generated: Generated,
): Promise<Outcome> {
  const { statement, params } = generated
  let prepared: PreparedStatement
  let explanation: ReturnType<PreparedStatement['explain']>
  let actual: unknown
  try {
    prepared = db.prepare(generated.text)
    explanation = prepared.explain(params)
    actual = await call(prepared, generated)
  } catch (error) {
    if (error instanceof DqlError && DOCUMENTED_REFUSALS.has(error.code)) {
      const why = refusalProblem(error.code, generated, shape.model)
      return why === undefined
        ? { kind: 'refused', code: error.code }
        : { kind: 'mismatch', detail: `refused with ${error.code}: ${error.message}\n${why}` }
    }
    return { kind: 'mismatch', detail: `unexpected error: ${String(error)}` }
  }
  if (generated.bad) {
    return {
      kind: 'mismatch',
      detail:
        'ran a statement holding a value DynamoDB refuses; dql must refuse it (bind.bad-value)',
    }
  }
  const index = shape.model.indexes.find((i) => i.name === explanation.indexName)
  const planned = explanation.operation
  if (planned !== 'Query' && !OPERATIONS.some((name) => name === planned)) {
    return { kind: 'mismatch', detail: `a read planned as ${planned}` }
  }
  const operation: OperationClass =
    planned === 'Query'
      ? index === undefined
        ? 'Query on the table'
        : index.type === 'local'
          ? 'Query on a local index'
          : 'Query on a global index'
      : (planned as OperationClass)

  const matching = members(statement, shape.model, items)
  const paths = statement.projection.kind === 'paths' ? statement.projection.paths : undefined
  const shown = (item: Item): Item => {
    const projected = project(item, paths)
    const out: Item = {}
    for (const [attribute, v] of Object.entries(projected)) {
      out[shape.model.fieldOf.get(attribute) ?? attribute] = v
    }
    return out
  }
  const limit = statement.limit
  const explained = `plan: ${explanation.operation}${index ? ` on ${index.name}` : ''}`

  const list =
    generated.call === 'first' ? (actual === undefined ? [] : [actual]) : (actual as unknown[])
  // Compares the result with the answer made of `wanted` (the items the statement means).
  const check = (wanted: readonly Item[]): string | undefined => {
    if (generated.call === 'count') {
      const want = Math.min(wanted.length, limit ?? Infinity)
      return actual === want ? undefined : `count: dql ${String(actual)}, reference ${want}`
    }
    // The order results come in: none for a Scan; otherwise by the key lists of the
    // statement (in list order), then by the sort key of what was read (or ORDER BY's).
    const blocks =
      explanation.operation === 'Scan'
        ? [[...wanted]]
        : orderedBlocks(statement, wanted, index ?? shape.model)
    const expected = blocks.map((block) => block.map(shown))
    const problem = compareOrdered(list, expected, generated.call === 'first' ? 1 : limit)
    return problem === undefined
      ? undefined
      : `${problem}\n` +
          `missing:   ${JSON.stringify(missing(list, expected.flat()), replacer)}\n` +
          `dql:       ${JSON.stringify(list, replacer)}\n` +
          `reference: ${JSON.stringify(expected, replacer)}`
  }
  const problem = check(matching)
  if (problem === undefined) return { kind: 'ok', operation }
  return { kind: 'mismatch', detail: `${explained}\n${problem}` }
}

/** The expected items no result item stands for (all of them, whatever LIMIT says). */
function missing(actual: readonly unknown[], expected: readonly Item[]): Item[] {
  const left = [...actual]
  return expected.filter((item) => {
    const found = left.findIndex((candidate) => sameItem(item, candidate))
    if (found === -1) return true
    left.splice(found, 1)
    return false
  })
}

async function call(prepared: PreparedStatement, generated: Generated): Promise<unknown> {
  const { params } = generated
  switch (generated.call) {
    case 'count':
      return prepared.count(params)
    case 'all':
      return prepared.all(params)
    case 'first':
      return prepared.first(params)
    case 'iterate': {
      const out: unknown[] = []
      for await (const item of prepared.iterate(params)) out.push(item)
      return out
    }
    case 'pages': {
      const out: unknown[] = []
      let cursor: string | undefined
      let pages = 0
      do {
        const page = await prepared.page(params, cursor === undefined ? {} : { cursor })
        out.push(...page.items)
        cursor = page.cursor
        if (++pages > 1000) throw new Error('more than 1,000 pages')
      } while (cursor !== undefined)
      return out
    }
  }
}

/**
 * Why a refusal is not one the statement can deserve, or undefined when it can. Only what
 * follows from the statement and the table shape, not from dql's planner rules.
 */
function refusalProblem(code: string, generated: Generated, table: TableModel): string | undefined {
  const { statement } = generated
  switch (code) {
    case 'bind.bad-value':
      return generated.bad ? undefined : 'every value in the statement is one DynamoDB accepts'
    case 'plan.scan-required':
    case 'plan.partial-key':
      if (statement.scan) return 'a SCAN is never refused for want of a key'
      return keyValues(statement, table.partitionKey) !== undefined &&
        statement.useIndex === undefined
        ? "the table's partition key is given: the table can serve"
        : undefined
    case 'plan.order-by':
      return statement.orderBy ? undefined : 'the statement has no ORDER BY'
    case 'plan.consistent-on-global-index':
      return statement.consistent ? undefined : 'the statement is not CONSISTENT'
    case 'plan.index-not-usable':
      return statement.useIndex !== undefined ? undefined : 'the statement has no USE INDEX'
    case 'plan.sparse-index':
      if (statement.scan || statement.useIndex !== undefined) {
        return 'a SCAN or USE INDEX is never refused for a sparse index'
      }
      return keyValues(statement, table.partitionKey) !== undefined
        ? "the table's partition key is given: the table can serve"
        : undefined
    case 'plan.uncovered-projection':
      return table.indexes.some((i) => i.projection !== 'ALL')
        ? undefined
        : 'every index projects ALL'
    default:
      return undefined
  }
}

/**
 * The values a top-level `k = v` or `k IN (…)` gives attribute `k`, distinct, in the order
 * written; undefined when there is none.
 */
function keyValues(statement: Statement, attribute: string): AttributeValue[] | undefined {
  const isKey = (t: Term) => t.kind === 'path' && t.path.length === 1 && t.path[0] === attribute
  const top: Condition[] = []
  const flatten = (c: Condition) => (c.kind === 'and' ? c.operands.forEach(flatten) : top.push(c))
  statement.where.forEach(flatten)
  for (const c of top) {
    if (c.kind === 'compare' && c.op === '=') {
      if (isKey(c.left) && c.right.kind === 'value') return [c.right.value]
      if (isKey(c.right) && c.left.kind === 'value') return [c.left.value]
    }
  }
  for (const c of top) {
    let values: AttributeValue[] | undefined
    if (c.kind === 'in' && isKey(c.operand) && c.list.every((t) => t.kind === 'value')) {
      values = c.list.map((t) => (t as ValueTerm).value)
    } else if (c.kind === 'in-array' && isKey(c.operand)) {
      values = [...c.values]
    }
    if (values) return values.filter((v, i) => values.findIndex((w) => equal(v, w)) === i)
  }
  return undefined
}

/**
 * The expected items of a Query, GetItem or BatchGetItem, as blocks in order: grouped by the
 * key lists the statement gives (partition key, then sort key, in list order), each group in
 * the order of the sort attribute (the ORDER BY attribute, else the sort key of what was
 * read), ascending unless DESC. Items that tie on it form one block, in any order.
 */
function orderedBlocks(
  statement: Statement,
  matching: readonly Item[],
  source: { partitionKey: string; sortKey: string | undefined },
): Item[][] {
  const partitionValues = keyValues(statement, source.partitionKey)
  const sortValues = source.sortKey === undefined ? undefined : keyValues(statement, source.sortKey)
  let groups: Item[][] = [[...matching]]
  const split = (attribute: string, values: AttributeValue[] | undefined) => {
    if (values === undefined) return
    groups = groups.flatMap((group) =>
      values.map((v) =>
        group.filter((item) => item[attribute] !== undefined && equal(item[attribute]!, v)),
      ),
    )
  }
  split(source.partitionKey, partitionValues)
  if (source.sortKey !== undefined) split(source.sortKey, sortValues)
  const sortAttribute = statement.orderBy ? (statement.orderBy.path[0] as string) : source.sortKey
  const descending = statement.orderBy?.direction === 'DESC'
  const blocks: Item[][] = []
  for (const group of groups) {
    if (group.length === 0) continue
    if (sortAttribute === undefined) {
      blocks.push(group)
      continue
    }
    // Every item here has the sort attribute: ORDER BY requires it, and a Query reads it.
    const key = (item: Item): AttributeValue | undefined => item[sortAttribute]
    const sorted = [...group].sort((x, y) => {
      const a = key(x)
      const b = key(y)
      if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1
      return compare(a, b) ?? 0
    })
    if (descending) sorted.reverse()
    let current: Item[] = []
    for (const item of sorted) {
      const previous = current[0]
      const a = previous === undefined ? undefined : key(previous)
      const b = key(item)
      const tie =
        previous !== undefined && (a === undefined || b === undefined ? a === b : equal(a, b))
      if (!tie && current.length > 0) {
        blocks.push(current)
        current = []
      }
      current.push(item)
    }
    blocks.push(current)
  }
  return blocks
}

/**
 * Compares results with blocks of expected items: the results must take the blocks in
 * order, each whole (in any order within it), up to `limit` items — the last block taken may
 * be taken in part.
 */
function compareOrdered(
  actual: readonly unknown[],
  blocks: readonly Item[][],
  limit: number | undefined,
): string | undefined {
  const total = blocks.reduce((n, b) => n + b.length, 0)
  const want = Math.min(total, limit ?? Infinity)
  if (actual.length !== want) return `expected ${want} items, got ${actual.length}`
  let at = 0
  for (const block of blocks) {
    if (at >= actual.length) break
    const taken = actual.slice(at, at + block.length)
    const left = [...block]
    for (const [i, item] of taken.entries()) {
      const found = left.findIndex((candidate) => sameItem(candidate, item))
      if (found === -1) {
        return `item ${at + i} is not among the items expected there: ${JSON.stringify(item, replacer)}`
      }
      left.splice(found, 1)
    }
    at += taken.length
  }
  return undefined
}

/** True when dql's result item is exactly the expected item (numbers as decimal text). */
function sameItem(expected: Item, actual: unknown): boolean {
  return sameValue({ M: expected }, actual)
}

function sameValue(expected: AttributeValue, actual: unknown): boolean {
  switch (typeOf(expected)) {
    case 'S':
      return actual === expected.S
    case 'N':
      return (
        typeof actual === 'string' &&
        isDecimal(actual) &&
        decimalKey(actual) === decimalKey(expected.N!)
      )
    case 'B':
      return actual instanceof Uint8Array && hex(actual) === hex(expected.B!)
    case 'BOOL':
      return actual === expected.BOOL
    case 'NULL':
      return actual === null
    case 'SS':
      return actual instanceof Set && sameSet([...actual], expected.SS!)
    case 'NS':
      return (
        actual instanceof Set &&
        [...actual].every((x) => typeof x === 'string' && isDecimal(x)) &&
        sameSet(
          [...actual].map((x) => decimalKey(x as string)),
          expected.NS!.map(decimalKey),
        )
      )
    case 'BS':
      return (
        actual instanceof Set &&
        [...actual].every((x) => x instanceof Uint8Array) &&
        sameSet(
          [...actual].map((x) => hex(x as Uint8Array)),
          expected.BS!.map(hex),
        )
      )
    case 'L':
      return (
        Array.isArray(actual) &&
        actual.length === expected.L!.length &&
        expected.L!.every((x, i) => sameValue(x, actual[i]))
      )
    default: {
      if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false
      if (actual instanceof Set || actual instanceof Uint8Array) return false
      const object = actual as Record<string, unknown>
      const keys = Object.keys(expected.M!)
      return (
        keys.length === Object.keys(object).length &&
        keys.every((k) => k in object && sameValue(expected.M![k]!, object[k]))
      )
    }
  }
}

function sameSet(a: readonly unknown[], b: readonly unknown[]): boolean {
  const x = new Set(a)
  const y = new Set(b)
  return x.size === a.length && x.size === y.size && [...x].every((v) => y.has(v))
}

function hex(value: Uint8Array): string {
  return Buffer.from(value).toString('hex')
}

/** JSON for items and values: binary as hex, sets as sorted lists, bigint as text. */
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Set)
    return [...value].map((v) => (v instanceof Uint8Array ? `0x${hex(v)}` : v)).sort()
  if (value instanceof Uint8Array) return `0x${hex(value)}`
  if (typeof value === 'bigint') return `${value}n`
  return value
}
