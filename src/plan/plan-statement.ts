/**
 * The planner (pure: AST + table definition → Plan). It follows the rules in docs/planner.md:
 * the full primary key → GetItem (BatchGetItem for IN lists); otherwise the best table or
 * index whose partition key has an equality → Query; nothing usable → plan.scan-required,
 * unless the statement says SCAN.
 */
import type { Condition, PathNode, Statement } from '../ast/nodes.js'
import { didYouMean, DqlError, type DqlErrorCode } from '../errors.js'
import type { ParsedStatement } from '../parse/parse-text.js'
import {
  attributeOf,
  suggestNames,
  type IndexDefinition,
  type TableDefinition,
} from '../schema/define-table.js'
import { choose, type Candidate } from './choose-index.js'
import { attributesIn, conjuncts, equalOrIn, keyUseOf, type KeyUse } from './key-conditions.js'
import type { KeyValues, Plan, QueryPlan, ReadShape, SortCondition } from './plan.js'

/** Plans a parsed statement against the table it reads. Throws a positioned DqlError. */
export function planStatement(parsed: ParsedStatement, table: TableDefinition): Plan {
  const ast = parsed.ast
  const fail = (code: DqlErrorCode, reason: string, at: number, suggestions?: string[]) =>
    new DqlError(code, reason, {
      position: { text: parsed.text, offset: at },
      suggestions: suggestions ?? [],
    })

  const projection = readShape(ast)
  const index = ast.index === undefined ? undefined : findIndex(table, ast.index, fail)
  const limit = ast.limit?.value
  const conditions = conjuncts(ast.where)

  // Which key attributes each top-level condition constrains.
  const uses = new Map<string, KeyUse[]>()
  for (const condition of conditions) {
    const found = keyUseOf(table, condition)
    if (found === undefined) continue
    const [attribute, use] = found
    const list = uses.get(attribute)
    if (list) list.push(use)
    else uses.set(attribute, [use])
  }

  if (ast.kind === 'scan') {
    if (index?.type === 'global' && ast.consistent) {
      throw fail(
        'plan.consistent-on-global-index',
        `Index ${index.name} is global, and global indexes have no consistent reads; drop CONSISTENT.`,
        ast.index!.at,
      )
    }
    if (index) checkCoverage(table, index, ast, projection, fail)
    const served = choose(table, uses, ast, projection, index, false)
    const hint = served
      ? ` A Query would read less: ${describeCandidate(served)} has an equality; drop SCAN to use it.`
      : ''
    return {
      operation: 'Scan',
      table,
      index,
      filter: ast.where,
      projection,
      limit,
      consistent: ast.consistent,
      reason:
        `SCAN reads every item of ${index ? `index ${index.name} of ` : ''}${table.name}` +
        `${ast.where ? ' and filters them' : ''}, as the statement asks.${hint}`,
    }
  }

  // Rule 1 and 2: the table's full primary key.
  const fullKey = index === undefined ? tableKey(table, uses) : undefined
  if (fullKey && projection.kind !== 'count') {
    const rest = conditions.filter(
      (c) => c !== fullKey.partitionUse.node && c !== fullKey.sortUse?.node,
    )
    const keys = describeKey(table)
    if (rest.length === 0) {
      // One item or a list of keys has no order to follow, but ORDER BY a non-sort-key is
      // as wrong here as on a Query.
      checkOrderBy(table, undefined, table.sortKey, ast, fail)
      const single =
        fullKey.partitionUse.kind === 'equal' &&
        (fullKey.sortUse === undefined || fullKey.sortUse.kind === 'equal')
      if (single) {
        return {
          operation: 'GetItem',
          table,
          projection,
          consistent: ast.consistent,
          partition: one(fullKey.partitionUse.values),
          sort: fullKey.sortUse ? one(fullKey.sortUse.values) : undefined,
          reason: `The WHERE clause gives the full primary key of ${table.name} (${keys}) and nothing else, so one GetItem reads the item.`,
        }
      }
      // BatchGetItem returns the keys in list order; a sort order would be silently ignored.
      if (ast.kind === 'read' && ast.orderBy !== undefined) {
        throw fail(
          'plan.order-by',
          'An IN list of full keys is read with BatchGetItem, in the order of the list; ORDER BY cannot apply. Write the list in the order you want, and drop ORDER BY.',
          ast.orderBy.at,
        )
      }
      return {
        operation: 'BatchGetItem',
        table,
        projection,
        consistent: ast.consistent,
        partition: fullKey.partitionUse.values,
        sort: fullKey.sortUse?.values,
        limit,
        reason: `The WHERE clause gives full primary keys of ${table.name} (${keys}) as a list and nothing else, so BatchGetItem reads them, 100 keys a request.`,
      }
    }
  }

  // Rules 3 and 4: the best candidate whose partition key has an equality (or IN list).
  const candidate = choose(table, uses, ast, projection, index, ast.consistent)
  if (candidate === undefined) {
    throw noKey(table, uses, ast, index, fail)
  }
  const chosen = candidate.index
  if (chosen?.type === 'global' && ast.consistent) {
    throw fail(
      'plan.consistent-on-global-index',
      `This statement can only use global index ${chosen.name}, and global indexes have no consistent reads; drop CONSISTENT or give the table's partition key (${table.partitionKey}).`,
      ast.kind === 'read' && ast.index ? ast.index.at : (ast.consistentAt ?? ast.at),
    )
  }
  if (chosen) checkCoverage(table, chosen, ast, projection, fail)

  const partitionUse = candidate.partition
  const sortKey = chosen ? chosen.sortKey : table.sortKey
  const partitionKey = candidate.partitionKey
  let sortUse = candidate.sort
  const used = new Set<Condition>([partitionUse.node])
  let sort: SortCondition | undefined
  if (sortUse) {
    used.add(sortUse.node)
    // `sk >= a AND sk <= b` is one BETWEEN: DynamoDB takes a single sort-key condition.
    const merged = mergeRange(sortUse, uses.get(sortKey!) ?? [])
    if (merged) {
      used.add(merged.other)
      sortUse = merged.use
    }
    sort = sortCondition(sortUse)
  }
  const rest = conditions.filter((condition) => !used.has(condition))
  for (const condition of rest) {
    for (const [attribute, at] of attributesIn(table, condition)) {
      if (attribute === partitionKey || attribute === sortKey) {
        const role = attribute === partitionKey ? 'partition key' : 'sort key'
        throw fail(
          'plan.key-in-filter',
          `\`${attribute}\` is the ${role} of ${describeSource(table, chosen)}, and DynamoDB cannot filter a Query on its own key; ` +
            (role === 'sort key'
              ? 'give one sort-key condition (=, <, <=, >, >=, BETWEEN, begins_with or IN) in the top-level AND.'
              : 'give the partition key once, as = or IN, in the top-level AND.'),
          at,
        )
      }
    }
  }
  const filter = rest.length === 0 ? undefined : rest.length === 1 ? rest[0] : and(rest)

  const descending = checkOrderBy(table, chosen, sortKey, ast, fail)
  const perKey = partitionUse.kind === 'in' || sortUse?.kind === 'in'
  const plan: QueryPlan = {
    operation: 'Query',
    table,
    index: chosen,
    partitionKey,
    partition: partitionUse.values,
    sortKey: sort ? sortKey : undefined,
    sort,
    filter,
    projection,
    limit,
    consistent: ast.consistent,
    descending,
    perKey,
    reason: queryReason(table, candidate, sort, filter, {
      fullKey: fullKey !== undefined,
      perKey,
      forced: index !== undefined,
      tableKeyGiven: equalOrIn(uses.get(table.partitionKey)) !== undefined,
      count: ast.projection.kind === 'count',
    }),
  }
  return plan
}

function readShape(ast: Statement): ReadShape {
  const projection = ast.projection
  switch (projection.kind) {
    case 'all':
      return { kind: 'all' }
    case 'count':
      return { kind: 'count' }
    case 'paths':
      return { kind: 'paths', paths: projection.paths }
  }
}

type Fail = (code: DqlErrorCode, reason: string, at: number, suggestions?: string[]) => DqlError

function findIndex(
  table: TableDefinition,
  name: { name: string; at: number },
  fail: Fail,
): IndexDefinition {
  const index = table.indexes.find((i) => i.name === name.name || i.indexName === name.name)
  if (index) return index
  const names = table.indexes.map((i) => i.name)
  const suggestions = didYouMean(name.name, names)
  throw fail(
    'plan.unknown-index',
    `Table ${table.name} has no index ${name.name}` +
      (names.length ? `; its indexes are ${names.join(', ')}.` : '; it has no indexes.') +
      (suggestions.length ? ` Did you mean ${suggestions[0]}?` : ''),
    name.at,
    suggestions,
  )
}

interface FullKey {
  readonly partitionUse: KeyUse & { kind: 'equal' | 'in' }
  readonly sortUse: (KeyUse & { kind: 'equal' | 'in' }) | undefined
}

/** The table's whole primary key given by `=` or IN, if it is. */
function tableKey(table: TableDefinition, uses: Map<string, KeyUse[]>): FullKey | undefined {
  const partitionUse = equalOrIn(uses.get(table.partitionKey))
  if (!partitionUse) return undefined
  if (table.sortKey === undefined) return { partitionUse, sortUse: undefined }
  const sortUse = equalOrIn(uses.get(table.sortKey))
  return sortUse ? { partitionUse, sortUse } : undefined
}

function one(values: KeyValues) {
  if (values.kind !== 'one') throw new Error('unreachable: a GetItem key has one value')
  return values.value
}

function sortCondition(use: KeyUse): SortCondition {
  switch (use.kind) {
    case 'equal':
    case 'in':
      return { kind: 'equal', values: use.values }
    case 'compare':
      return { kind: 'compare', operator: use.operator, value: use.value }
    case 'between':
      return { kind: 'between', low: use.low, high: use.high }
    case 'begins-with':
      return { kind: 'begins-with', prefix: use.prefix }
  }
}

/** `sk >= a` with `sk <= b` (either order) → BETWEEN a AND b. */
function mergeRange(
  use: KeyUse,
  all: readonly KeyUse[],
): { use: KeyUse; other: Condition } | undefined {
  if (use.kind !== 'compare') return undefined
  const wanted = use.operator === '>=' ? '<=' : use.operator === '<=' ? '>=' : undefined
  if (wanted === undefined) return undefined
  const other = all.find((u) => u !== use && u.kind === 'compare' && u.operator === wanted)
  if (other === undefined || other.kind !== 'compare') return undefined
  const [low, high] = use.operator === '>=' ? [use.value, other.value] : [other.value, use.value]
  return { use: { kind: 'between', low, high, node: use.node }, other: other.node }
}

function and(operands: readonly Condition[]): Condition {
  return { kind: 'and', operands, at: operands[0]!.at }
}

function checkCoverage(
  table: TableDefinition,
  index: IndexDefinition,
  ast: Statement,
  projection: ReadShape,
  fail: Fail,
): void {
  if (index.projected === null) return
  const projected = index.projected
  const what = index.projection === 'KEYS_ONLY' ? 'only its keys' : 'only some attributes'
  const list = [...projected].join(', ')
  if (projection.kind === 'all') {
    throw fail(
      'plan.uncovered-projection',
      `Index ${index.name} projects ${what} (${list}), and this statement reads every attribute; ` +
        `SELECT some of ${list}, or COUNT(*), or read the table instead.`,
      ast.projection.at,
    )
  }
  const read: { attribute: string; at: number }[] = []
  if (projection.kind === 'paths') {
    for (const path of projection.paths) read.push({ attribute: first(table, path), at: path.at })
  }
  if (ast.where) {
    for (const [attribute, at] of attributesIn(table, ast.where)) read.push({ attribute, at })
  }
  for (const { attribute, at } of read) {
    if (!projected.has(attribute)) {
      throw fail(
        'plan.uncovered-projection',
        `Index ${index.name} projects ${what} (${list}), not \`${attribute}\`; ` +
          'read only projected attributes, or read the table instead.',
        at,
      )
    }
  }
}

function first(table: TableDefinition, path: PathNode): string {
  return attributeOf(table, String(path.segments[0]))
}

function checkOrderBy(
  table: TableDefinition,
  index: IndexDefinition | undefined,
  sortKey: string | undefined,
  ast: Statement,
  fail: Fail,
): boolean {
  if (ast.kind !== 'read' || ast.orderBy === undefined) return false
  const { path } = ast.orderBy
  const attribute = path.segments.length === 1 ? first(table, path) : undefined
  if (attribute !== undefined && attribute === sortKey) return ast.orderBy.descending
  const source = describeSource(table, index)
  const others = table.indexes.filter((i) => attribute !== undefined && i.sortKey === attribute)
  const hint = others.length
    ? ` \`${attribute}\` is the sort key of index ${others.map((i) => i.name).join(', ')}: give its partition key (${others[0]!.partitionKey}) with = to read in that order.`
    : ''
  throw fail(
    'plan.order-by',
    sortKey === undefined
      ? `${capitalize(source)} has no sort key, so its items have no order to follow; drop ORDER BY.${hint}`
      : `ORDER BY can only follow the sort key of ${source}, \`${sortKey}\`.${hint}`,
    path.at,
  )
}

function noKey(
  table: TableDefinition,
  uses: Map<string, KeyUse[]>,
  ast: Statement,
  index: IndexDefinition | undefined,
  fail: Fail,
): DqlError {
  const at = ast.where?.at ?? ast.table.at
  if (index) {
    return fail(
      'plan.index-not-usable',
      `USE INDEX (${index.name}) needs an equality on its partition key: WHERE ${index.partitionKey} = …` +
        ' (or IN). To read the whole index, write SCAN.',
      at,
    )
  }
  // A sort key without its partition key is the common slip: say exactly that.
  const sortOnly = [
    ...(table.sortKey
      ? [{ sortKey: table.sortKey, partitionKey: table.partitionKey, name: table.name }]
      : []),
    ...table.indexes
      .filter((i) => i.sortKey !== undefined)
      .map((i) => ({ sortKey: i.sortKey!, partitionKey: i.partitionKey, name: `index ${i.name}` })),
  ].find((source) => uses.has(source.sortKey))
  if (sortOnly) {
    return fail(
      'plan.partial-key',
      `\`${sortOnly.sortKey}\` is the sort key of ${sortOnly.name}, but its partition key is not given; add ${sortOnly.partitionKey} = … to the top-level AND (or write SCAN to read everything).`,
      // Point at the sort-key condition itself.
      uses.get(sortOnly.sortKey)![0]!.node.at,
    )
  }
  const options = [
    `${table.partitionKey} = … (the partition key of ${table.name})`,
    ...table.indexes.map((i) => `${i.partitionKey} = … (index ${i.name})`),
  ]
  const suggestions = [
    ...new Set(
      (ast.where ? [...attributesIn(table, ast.where).keys()] : []).flatMap((name) =>
        suggestNames(table, name).filter((s) => s !== name),
      ),
    ),
  ]
  const hint = suggestions.length ? ` Did you mean ${suggestions[0]}?` : ''
  return fail(
    'plan.scan-required',
    `No key condition: this statement would have to Scan ${table.name}. Add one of ${options.join(', ')} to the top-level AND, or write SCAN to read every item.${hint}`,
    at,
    suggestions,
  )
}

function describeKey(table: TableDefinition): string {
  return table.sortKey ? `${table.partitionKey}, ${table.sortKey}` : table.partitionKey
}

function describeSource(table: TableDefinition, index: IndexDefinition | undefined): string {
  return index ? `index ${index.name}` : `table ${table.name}`
}

function describeCandidate(candidate: Candidate): string {
  return candidate.index ? `index ${candidate.index.name}` : `the table's partition key`
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function queryReason(
  table: TableDefinition,
  candidate: Candidate,
  sort: SortCondition | undefined,
  filter: Condition | undefined,
  why: {
    fullKey: boolean
    perKey: boolean
    forced: boolean
    tableKeyGiven: boolean
    count: boolean
  },
): string {
  const index = candidate.index
  const source = describeSource(table, index)
  const partition = `${candidate.partitionKey} ${candidate.partition.kind === 'in' ? 'IN (…)' : '= …'}`
  const parts = [`${partition} is the partition key of ${source}`]
  if (sort) parts.push(`the sort key ${index ? index.sortKey : table.sortKey} narrows the range`)
  let reason = `Query on ${source}: ${parts.join(' and ')}`
  if (index) {
    if (why.forced) reason += ', as USE INDEX asks'
    else if (sort) reason += ", which the table's own key cannot do"
    // With the table's partition key given, an index without a sort-key condition wins only
    // by its order (the table comes first otherwise).
    else if (why.tableKeyGiven)
      reason += `, whose sort key ${index.sortKey} gives the ORDER BY order`
    else reason += ", and the table's own partition key is not given"
  }
  const batch = why.perKey ? 'BatchGetItem' : 'GetItem'
  if (why.fullKey && why.count) reason += '; COUNT(*) counts with a Query'
  else if (why.fullKey)
    reason += `; the other conditions need a filter, which ${batch} cannot apply`
  if (filter && !(why.fullKey && !why.count)) reason += '; the other conditions become a filter'
  if (why.perKey) reason += '; the IN list makes one Query per key, merged in list order'
  return `${reason}.`
}
