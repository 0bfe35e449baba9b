/**
 * Differential testing: random table shapes (keys of type S, N and B; global and local
 * indexes with every projection type), random items and random statements from the grammar.
 * Every statement either runs and returns exactly what the reference evaluator returns, or
 * is refused with a documented DqlError code. A failure prints the seed, the statement and
 * both results.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  PutItemCommand,
  type AttributeValue,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import fc from 'fast-check'
import { expect } from 'vitest'
import { createDql } from '../../src/db.js'
import { DqlError } from '../../src/errors.js'
import { parseStatementText } from '../../src/parse/parse-cache.js'
import {
  defineTable,
  type IndexOptions,
  type TableDefinition,
} from '../../src/schema/define-table.js'
import { matches, project, sortItems, type Item, type Params, type Source } from './reference.js'

type KeyType = 'S' | 'N' | 'B'

interface Shape {
  readonly table: TableDefinition
  readonly create: CreateTableCommandInput
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
  'bind.bad-value',
])

export interface DifferentialCounts {
  cases: number
  ran: number
  refused: number
  mismatches: number
  refusals: Record<string, number>
}

export function newCounts(): DifferentialCounts {
  return { cases: 0, ran: 0, refused: 0, mismatches: 0, refusals: {} }
}

const STRINGS = ['a', 'ab', 'abc', 'b', 'ba', 'c', "it's"]
const NUMBERS = ['-2', '0', '1', '1.5', '3', '10']
const BYTES = [[0], [1], [1, 2], [2], [2, 0]]

function scalar(type: KeyType, index: number): AttributeValue {
  switch (type) {
    case 'S':
      return { S: STRINGS[index % STRINGS.length]! }
    case 'N':
      return { N: NUMBERS[index % NUMBERS.length]! }
    case 'B':
      return { B: new Uint8Array(BYTES[index % BYTES.length]!) }
  }
}

/** A key value unique for `index` (for partition-key-only tables and sort keys). */
function unique(type: KeyType, index: number): AttributeValue {
  switch (type) {
    case 'S':
      return { S: `k${String(index).padStart(2, '0')}` }
    case 'N':
      return { N: String(index * 2 - 7) }
    case 'B':
      return { B: new Uint8Array([index >> 4, index & 15]) }
  }
}

const keyType = fc.constantFrom<KeyType>('S', 'N', 'B')
const projection = fc.constantFrom<'ALL' | 'KEYS_ONLY' | 'INCLUDE'>('ALL', 'KEYS_ONLY', 'INCLUDE')

/** One random shape: table keys, up to two GSIs, up to one LSI. */
function shapeOf(g: fc.GeneratorValue, name: string): Shape {
  const pkType = g(() => keyType)
  const skType = g(() => fc.option(keyType, { nil: undefined, freq: 3 }))
  const types: Record<string, KeyType> = { pk: pkType, g: 'S', h: 'N', l: 'N' }
  if (skType) types.sk = skType
  const indexes: Record<string, IndexOptions> = {}
  const definitions = new Map<string, KeyType>([['pk', pkType]])
  if (skType) definitions.set('sk', skType)
  const gsiCount = g(() => fc.integer({ min: 0, max: 2 }))
  const gsis: CreateTableCommandInput['GlobalSecondaryIndexes'] = []
  for (let i = 0; i < gsiCount; i++) {
    const pk = i === 0 ? 'g' : 'h'
    const sk = g(() => fc.constantFrom<string | undefined>(undefined, 'h', 'a2', 'pk'))
    const kind = g(() => projection)
    const sortKey = sk === pk ? undefined : sk
    if (sortKey === 'a2') types.a2 = 'N'
    definitions.set(pk, types[pk]!)
    if (sortKey) definitions.set(sortKey, types[sortKey]!)
    const indexName = `gsi${i}`
    indexes[indexName] = {
      type: 'global',
      partitionKey: pk,
      sortKey,
      projection: kind === 'INCLUDE' ? ['a'] : kind,
    }
    gsis.push({
      IndexName: indexName,
      KeySchema: [
        { AttributeName: pk, KeyType: 'HASH' },
        ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' as const }] : []),
      ],
      Projection:
        kind === 'INCLUDE'
          ? { ProjectionType: 'INCLUDE', NonKeyAttributes: ['a'] }
          : { ProjectionType: kind },
    })
  }
  const lsis: CreateTableCommandInput['LocalSecondaryIndexes'] = []
  if (skType && g(() => fc.boolean())) {
    const kind = g(() => projection)
    definitions.set('l', 'N')
    indexes.lsi0 = { type: 'local', sortKey: 'l', projection: kind === 'INCLUDE' ? ['s'] : kind }
    lsis.push({
      IndexName: 'lsi0',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'l', KeyType: 'RANGE' },
      ],
      Projection:
        kind === 'INCLUDE'
          ? { ProjectionType: 'INCLUDE', NonKeyAttributes: ['s'] }
          : { ProjectionType: kind },
    })
  }
  const table = defineTable({
    name,
    partitionKey: 'pk',
    sortKey: skType ? 'sk' : undefined,
    indexes,
  })
  const create: CreateTableCommandInput = {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...definitions].map(([AttributeName, AttributeType]) => ({
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
  return { table, create, types }
}

/** Random items: a few partitions, unique keys, each other attribute present 75% of the time. */
function itemsOf(g: fc.GeneratorValue, shape: Shape): Item[] {
  const count = g(() => fc.integer({ min: 5, max: 30 }))
  const items: Item[] = []
  const pkType = shape.types.pk!
  const skType = shape.types.sk
  for (let i = 0; i < count; i++) {
    const item: Item = {}
    if (skType) {
      item.pk = scalar(
        pkType,
        g(() => fc.integer({ min: 0, max: 3 })),
      )
      item.sk = unique(skType, i)
    } else {
      item.pk = unique(pkType, i)
    }
    const maybe = (name: string, value: () => AttributeValue) => {
      if (g(() => fc.integer({ min: 0, max: 3 })) > 0) item[name] = value()
    }
    const pickIndex = () => g(() => fc.nat({ max: 20 }))
    maybe('g', () => scalar('S', pickIndex()))
    maybe('h', () => scalar('N', pickIndex()))
    maybe('l', () => scalar('N', pickIndex()))
    if (shape.types.a2) maybe('a2', () => scalar('N', pickIndex()))
    maybe('a', () => scalar('N', pickIndex()))
    maybe('s', () => scalar('S', pickIndex()))
    maybe('f', () => ({ BOOL: g(() => fc.boolean()) }))
    maybe('tags', () => ({
      SS: [...new Set([scalar('S', pickIndex()).S!, scalar('S', pickIndex()).S!])],
    }))
    maybe('m', () => ({ M: { x: scalar('N', pickIndex()), y: scalar('S', pickIndex()) } }))
    maybe('list', () => ({ L: [scalar('N', pickIndex()), scalar('N', pickIndex())] }))
    items.push(item)
  }
  return items
}

interface Generated {
  readonly text: string
  readonly params: Record<string, unknown>
  readonly attributeParams: Params
}

/** A random statement over the shape, every value a :parameter. */
function statementOf(g: fc.GeneratorValue, shape: Shape, items: readonly Item[]): Generated {
  const params: Record<string, unknown> = {}
  const attributeParams: Params = {}
  let next = 0
  const bind = (value: AttributeValue): string => {
    const name = `p${next++}`
    attributeParams[name] = value
    params[name] = value.S ?? (value.N !== undefined ? Number(value.N) : (value.B ?? value.BOOL))
    return `:${name}`
  }
  const bindList = (values: AttributeValue[]): string => {
    const name = `p${next++}`
    attributeParams[name] = values
    params[name] = values.map((v) => v.S ?? (v.N !== undefined ? Number(v.N) : v.B))
    return `:${name}`
  }
  // Values mostly from the data, so that conditions match something.
  const existing = (attribute: string, type: KeyType): AttributeValue => {
    const present = items.filter((item) => item[attribute] !== undefined)
    if (present.length > 0 && g(() => fc.integer({ min: 0, max: 4 })) > 0) {
      return present[g(() => fc.nat({ max: present.length - 1 }))]![attribute]!
    }
    return scalar(
      type,
      g(() => fc.nat({ max: 20 })),
    )
  }
  const comparator = () => g(() => fc.constantFrom('=', '<', '<=', '>', '>=', '<>'))
  const ordered = (type: KeyType, attribute: string): [AttributeValue, AttributeValue] => {
    const a = existing(attribute, type)
    const b = existing(attribute, type)
    const x = type === 'N' ? Number(a.N) : type === 'S' ? a.S! : Buffer.from(a.B!).toString('hex')
    const y = type === 'N' ? Number(b.N) : type === 'S' ? b.S! : Buffer.from(b.B!).toString('hex')
    return x <= y ? [a, b] : [b, a]
  }

  const conditions: string[] = []
  const pkType = shape.types.pk!
  const skType = shape.types.sk
  const usePartition = g(() => fc.integer({ min: 0, max: 9 }))
  if (usePartition < 6) conditions.push(`pk = ${bind(existing('pk', pkType))}`)
  else if (usePartition < 8) {
    const list = g(() => fc.integer({ min: 1, max: 3 }))
    conditions.push(`pk IN ${bindList(Array.from({ length: list }, () => existing('pk', pkType)))}`)
  }
  if (skType && g(() => fc.boolean())) {
    const kind = g(() =>
      fc.constantFrom('compare', 'between', ...(skType === 'N' ? [] : ['begins_with'])),
    )
    if (kind === 'compare') {
      const op = comparator()
      conditions.push(`sk ${op === '<>' ? '=' : op} ${bind(existing('sk', skType))}`)
    } else if (kind === 'between') {
      const [low, high] = ordered(skType, 'sk')
      conditions.push(`sk BETWEEN ${bind(low)} AND ${bind(high)}`)
    } else {
      conditions.push(`begins_with(sk, ${bind(existing('sk', skType))})`)
    }
  }
  if (g(() => fc.integer({ min: 0, max: 3 })) === 0)
    conditions.push(`g = ${bind(existing('g', 'S'))}`)
  if (g(() => fc.integer({ min: 0, max: 3 })) === 0) {
    conditions.push(`h ${comparator().replace('<>', '>=')} ${bind(existing('h', 'N'))}`)
  }
  if (g(() => fc.integer({ min: 0, max: 3 })) === 0) {
    const [low, high] = ordered('N', 'l')
    conditions.push(`l BETWEEN ${bind(low)} AND ${bind(high)}`)
  }
  const filters = g(() => fc.integer({ min: 0, max: 2 }))
  for (let i = 0; i < filters; i++) conditions.push(filter())

  function filter(depth = 0): string {
    const choice = g(() => fc.integer({ min: 0, max: depth > 1 ? 11 : 13 }))
    switch (choice) {
      case 0:
        return `a ${comparator()} ${bind(existing('a', 'N'))}`
      case 1:
        return `s ${comparator()} ${bind(existing('s', 'S'))}`
      case 2:
        // Now and then a number prefix, which dql must refuse (DynamoDB would reject it).
        return g(() => fc.integer({ min: 0, max: 9 })) === 0
          ? `begins_with(s, ${bind(
              scalar(
                'N',
                g(() => fc.nat({ max: 5 })),
              ),
            )})`
          : `begins_with(s, ${bind(existing('s', 'S'))})`
      case 3:
        return `contains(s, ${bind(existing('s', 'S'))})`
      case 4:
        return `contains(tags, ${bind(
          scalar(
            'S',
            g(() => fc.nat({ max: 10 })),
          ),
        )})`
      case 5:
        return `attribute_exists(${g(() => fc.constantFrom('a', 's', 'm.x', 'list[1]', 'tags'))})`
      case 6:
        return `attribute_not_exists(${g(() => fc.constantFrom('a', 'f', 'm', 'list[0]'))})`
      case 7:
        return `size(${g(() => fc.constantFrom('s', 'tags', 'list', 'm'))}) ${comparator()} ${bind({ N: String(g(() => fc.nat({ max: 3 }))) })}`
      case 8: {
        // Now and then the bounds in either order, which dql must refuse when reversed.
        const [low, high] =
          g(() => fc.integer({ min: 0, max: 9 })) === 0
            ? [existing('a', 'N'), existing('a', 'N')]
            : ordered('N', 'a')
        return `a BETWEEN ${bind(low)} AND ${bind(high)}`
      }
      case 9:
        return `a IN (${bind(existing('a', 'N'))}, ${bind(existing('a', 'N'))})`
      case 10:
        return `m.x ${comparator()} ${bind(
          scalar(
            'N',
            g(() => fc.nat({ max: 10 })),
          ),
        )}`
      case 11:
        return `f = ${g(() => fc.constantFrom('true', 'false'))}`
      case 12:
        return `NOT (${filter(depth + 1)})`
      default:
        return `(${filter(depth + 1)} OR ${filter(depth + 1)})`
    }
  }

  const scan = g(() => fc.integer({ min: 0, max: 9 })) === 0
  const shapeKind = g(() => fc.integer({ min: 0, max: 9 }))
  const projection =
    shapeKind < 6
      ? '*'
      : shapeKind < 8
        ? g(() =>
            fc.constantFrom('pk', 'a, s', 'pk, m.x, list[1]', 'tags, f', 'sk, a', 'g, h'),
          ).replace('sk, ', skType ? 'sk, ' : '')
        : 'COUNT(*)'
  let text = scan
    ? `SCAN ${projection} FROM ${shape.table.name}`
    : `${projection === '*' ? '' : `SELECT ${projection} `}FROM ${shape.table.name}`
  if (conditions.length) text += ` WHERE ${conditions.join(' AND ')}`
  if (!scan && g(() => fc.integer({ min: 0, max: 4 })) === 0) {
    text += ` ORDER BY ${g(() => fc.constantFrom('sk', 'l', 'h'))}${g(() => fc.constantFrom('', ' ASC', ' DESC'))}`
  }
  if (g(() => fc.integer({ min: 0, max: 4 })) === 0)
    text += ` LIMIT ${g(() => fc.integer({ min: 1, max: 6 }))}`
  if (g(() => fc.integer({ min: 0, max: 9 })) === 0) text += ' CONSISTENT'
  return { text, params, attributeParams }
}

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
        for (const Item of items) await client.send(new PutItemCommand({ TableName: name, Item }))
      } catch (error) {
        throw new Error(`could not create ${JSON.stringify(shape.create)}: ${String(error)}`)
      }
      const db = createDql({ client, tables: [shape.table], numbers: 'string' })
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
            `Mismatch (seed ${options.seed}) on ${JSON.stringify(shape.create)}\n` +
              `statement: ${generated.text}\nparams: ${JSON.stringify(generated.attributeParams, replacer)}\n` +
              `${outcome.detail}`,
          )
        }
      }
    }),
    { seed: options.seed, numRuns: options.runs, endOnFailure: true },
  )
}

/** Waits until a new table is ACTIVE (engines create tables asynchronously). */
async function active(client: DynamoDBClient, name: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }))
    if (Table?.TableStatus === 'ACTIVE') return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`table ${name} did not become ACTIVE`)
}

type Outcome =
  { kind: 'ok' } | { kind: 'refused'; code: string } | { kind: 'mismatch'; detail: string }

async function runOne(
  db: ReturnType<typeof createDql>,
  shape: Shape,
  items: readonly Item[],
  generated: Generated,
): Promise<Outcome> {
  let explanation
  let actual: Record<string, unknown>[]
  try {
    const statement = db.prepare(generated.text)
    explanation = statement.explain(generated.params)
    const result = await statement.execute(generated.params)
    actual =
      result.kind === 'items'
        ? result.items
        : result.kind === 'count'
          ? [{ count: result.count }]
          : []
  } catch (error) {
    if (error instanceof DqlError && DOCUMENTED_REFUSALS.has(error.code)) {
      return { kind: 'refused', code: error.code }
    }
    return { kind: 'mismatch', detail: `unexpected error: ${String(error)}` }
  }
  const ast = parseStatementText(generated.text).ast
  const index = shape.table.indexes.find((i) => i.indexName === explanation.indexName)
  const source: Source = index
    ? {
        items: items.filter(
          (item) =>
            item[index.partitionKey] !== undefined &&
            (index.sortKey === undefined || item[index.sortKey] !== undefined),
        ),
        partitionKey: index.partitionKey,
        sortKey: index.sortKey,
      }
    : { items, partitionKey: 'pk', sortKey: shape.table.sortKey }
  const matching = source.items.filter((item) =>
    matches(ast.where, item, generated.attributeParams),
  )
  const limit = ast.limit?.value
  const descending = ast.kind === 'read' && ast.orderBy?.descending === true

  if (ast.projection.kind === 'count') {
    const expected = { count: String(Math.min(matching.length, limit ?? Infinity)) }
    const got = actual.length === 1 ? { count: String(actual[0]!.count) } : actual
    return same(got, expected)
  }
  const paths = ast.projection.kind === 'paths' ? ast.projection.paths : undefined
  const shown = (item: Item) => unmarshall(project(item, paths), { wrapNumbers: true })
  const normalise = (value: unknown) => JSON.parse(JSON.stringify(value, replacer)) as unknown

  if (explanation.operation === 'Scan') {
    // Any order; with LIMIT, any `limit` of the matching items.
    const wanted = new Map<string, number>()
    for (const item of matching) {
      const key = canonical(normalise(shown(item)))
      wanted.set(key, (wanted.get(key) ?? 0) + 1)
    }
    const expectedCount = Math.min(matching.length, limit ?? Infinity)
    if (actual.length !== expectedCount) {
      return {
        kind: 'mismatch',
        detail: `expected ${expectedCount} items, got ${actual.length}: ${JSON.stringify(normalise(actual))}`,
      }
    }
    for (const item of actual) {
      const key = canonical(normalise(item))
      const left = wanted.get(key) ?? 0
      if (left === 0)
        return {
          kind: 'mismatch',
          detail: `unexpected item ${key}\nexpected any of: ${[...wanted.keys()].join('\n')}`,
        }
      wanted.set(key, left - 1)
    }
    return { kind: 'ok' }
  }

  // Queries and key reads: order by the IN list (when there is one), then the sort key.
  const keyOrder = (attribute: string): AttributeValue[] | undefined => {
    const where = ast.where
    const conditions = where === undefined ? [] : where.kind === 'and' ? where.operands : [where]
    for (const c of conditions) {
      if (
        c.kind === 'in' &&
        c.operand.kind === 'path' &&
        c.operand.segments[0] === attribute &&
        !Array.isArray(c.list)
      ) {
        return generated.attributeParams[(c.list as { name: string }).name] as AttributeValue[]
      }
    }
    return undefined
  }
  const inList = keyOrder(source.partitionKey)
  const groups: Item[][] = []
  if (inList) {
    const seen = new Set<string>()
    for (const value of inList) {
      const id = JSON.stringify(value, replacer)
      if (seen.has(id)) continue
      seen.add(id)
      groups.push(
        sortItems(
          matching.filter((item) => JSON.stringify(item[source.partitionKey], replacer) === id),
          source.sortKey,
          descending,
        ),
      )
    }
  } else {
    groups.push(sortItems(matching, source.sortKey, descending))
  }
  let expected = groups.flat()
  if (limit !== undefined) expected = expected.slice(0, limit)
  const uniqueOrder =
    source.sortKey === undefined
      ? expected.length <= 1 || explanation.operation !== 'Query'
      : new Set(
          source.items.map((item) =>
            JSON.stringify([item[source.partitionKey], item[source.sortKey!]], replacer),
          ),
        ).size === source.items.length
  if (uniqueOrder) return same(normalise(actual), normalise(expected.map(shown)))
  // Ties on an index sort key come back in any order: compare the sort-key sequence and the
  // items as a multiset.
  if (actual.length !== expected.length) {
    return { kind: 'mismatch', detail: `expected ${expected.length} items, got ${actual.length}` }
  }
  const multiset = (list: unknown[]) => list.map((x) => canonical(normalise(x))).sort()
  if (limit === undefined) return same(multiset(actual), multiset(expected.map(shown)))
  const allMatching = new Set(matching.map((item) => canonical(normalise(shown(item)))))
  for (const item of actual) {
    if (!allMatching.has(canonical(normalise(item)))) {
      return {
        kind: 'mismatch',
        detail: `an item that does not match: ${JSON.stringify(normalise(item))}`,
      }
    }
  }
  return { kind: 'ok' }
}

function same(actual: unknown, expected: unknown): Outcome {
  try {
    expect(actual).toEqual(expected)
    return { kind: 'ok' }
  } catch {
    return {
      kind: 'mismatch',
      detail: `dql:       ${JSON.stringify(actual, replacer)}\nreference: ${JSON.stringify(expected, replacer)}`,
    }
  }
}

function canonical(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort)
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      )
    }
    return v
  }
  return JSON.stringify(sort(value))
}

/** JSON for results and values: sets sorted, binary as hex, numbers as their text. */
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Set)
    return [...value]
      .map((v) =>
        v instanceof Uint8Array
          ? Buffer.from(v).toString('hex')
          : typeof v === 'object' && v && 'value' in v
            ? String((v as { value: unknown }).value)
            : String(v),
      )
      .sort()
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex')}`
  if (value && typeof value === 'object' && 'value' in value && Object.keys(value).length === 1) {
    // util-dynamodb's NumberValue when numbers are wrapped.
    return String(Number((value as { value: string }).value))
  }
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return String(Number(value))
  return value
}
