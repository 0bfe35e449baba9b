/**
 * The planner (pure: AST + table definition → Plan). It follows the rules in docs/planner.md:
 * the full primary key → GetItem (BatchGetItem for IN lists); otherwise the best table or
 * index whose partition key has an equality → Query; nothing usable → plan.scan-required,
 * unless the statement says SCAN.
 */
import type { Condition, ReadOrScan } from '../ast/nodes.js'
import { DqlError, type DqlErrorCode } from '../errors.js'
import type { ParsedStatement } from '../parse/parse-text.js'
import type { TableDefinition } from '../schema/define-table.js'
import {
  checkCoverage,
  checkOrderBy,
  checkOverlap,
  findIndex,
  noKey,
  sparseIndex,
} from './checks.js'
import { choose } from './choose-index.js'
import {
  attributesIn,
  conjuncts,
  equalOrIn,
  isList,
  keyUseOf,
  presentAttributes,
  topAttribute,
  type EqualUse,
  type KeyUse,
} from './key-conditions.js'
import type { KeyCondition, KeyValue, KeyValues, Plan, ReadShape, ResultShape } from './plan.js'
import { describeCandidate, describeKey, describeSource, queryReason } from './reasons.js'

/**
 * Plans a parsed statement against the table it reads, for the result the call wants (`count`
 * plans any read as a count). Throws a positioned DqlError.
 */
export function planStatement(
  parsed: ParsedStatement,
  table: TableDefinition,
  result: ResultShape = 'items',
): Plan {
  const ast = parsed.ast
  const fail = (code: DqlErrorCode, reason: string, at: number, suggestions?: string[]) =>
    new DqlError(code, reason, {
      position: { text: parsed.text, offset: at },
      suggestions: suggestions ?? [],
    })

  if (ast.kind !== 'read' && ast.kind !== 'scan') {
    throw fail('usage.wrong-call', 'A write statement is run with db.run, not read.', ast.at)
  }
  checkOverlap(table, ast, fail)
  const projection = readShape(ast, result)
  const index = ast.index === undefined ? undefined : findIndex(table, ast.index, fail)
  const limit = ast.limit?.value
  const conditions = conjuncts(ast.where)
  // What every matching item has: the ORDER BY attribute is read in its order, so only items
  // that have it are in that order.
  const present = presentAttributes(table, conditions)
  const orderBy =
    ast.kind === 'read' && ast.orderBy ? topAttribute(table, ast.orderBy.path) : undefined
  if (orderBy !== undefined) present.add(orderBy)

  // Which key attributes each top-level condition constrains.
  const uses = new Map<string, KeyUse[]>()
  for (const condition of conditions) {
    const use = keyUseOf(table, condition)
    if (use === undefined) continue
    const list = uses.get(use.attribute)
    if (list) list.push(use)
    else uses.set(use.attribute, [use])
  }

  if (ast.kind === 'scan') {
    if (index?.type === 'global' && ast.consistent) {
      throw fail(
        'plan.consistent-on-global-index',
        `Index ${index.name} is global, and global indexes have no consistent reads; drop CONSISTENT.`,
        ast.index?.at ?? ast.at,
      )
    }
    if (index) checkCoverage(table, index, ast, projection, fail)
    const served = choose(table, uses, ast, projection, index, false, present)
    const hint = served
      ? ` A Query would read less: ${describeCandidate(served)} has an equality; drop SCAN to use it.`
      : ''
    const segments = ast.segments?.value
    // Segments interleave as their pages arrive: the reason says there is no order to rely on.
    const parallel =
      segments === undefined
        ? ''
        : segments === 1
          ? ', in 1 segment'
          : `, in ${segments} segments read in parallel (items in no defined order)`
    return {
      operation: 'Scan',
      table,
      index,
      filter: ast.where,
      projection,
      limit,
      consistent: ast.consistent,
      ...(segments === undefined ? {} : { segments }),
      reason:
        `SCAN reads every item of ${index ? `index ${index.name} of ` : ''}${table.name}` +
        `${ast.where ? ' and filters them' : ''}, as the statement asks${parallel}.${hint}`,
    }
  }

  // The table's full primary key: GetItem, or BatchGetItem for IN lists (docs/planner.md).
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
      const partition = single(fullKey.partitionUse.condition.values)
      const sort = fullKey.sortUse && single(fullKey.sortUse.condition.values)
      if (partition !== undefined && (fullKey.sortUse === undefined || sort !== undefined)) {
        return {
          operation: 'GetItem',
          table,
          projection,
          consistent: ast.consistent,
          partition,
          sort,
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
        partition: fullKey.partitionUse.condition.values,
        sort: fullKey.sortUse?.condition.values,
        limit,
        reason: `The WHERE clause gives full primary keys of ${table.name} (${keys}) as a list and nothing else, so BatchGetItem reads them, 100 keys a request.`,
      }
    }
  }

  // A Query on the best candidate whose partition key has an equality or IN list
  // (docs/planner.md, "Choosing the table or an index").
  const candidate = choose(table, uses, ast, projection, index, ast.consistent, present)
  if (candidate === undefined) {
    const sparse = index ? undefined : sparseIndex(table, uses, present, fail)
    throw sparse ?? noKey(table, uses, ast, index, fail)
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
  let sort: KeyCondition | undefined
  if (sortUse) {
    used.add(sortUse.node)
    // `sk >= a AND sk <= b` is one BETWEEN: DynamoDB takes a single sort-key condition.
    const merged = mergeRange(sortUse, sortKey === undefined ? [] : (uses.get(sortKey) ?? []))
    if (merged) {
      used.add(merged.other)
      sortUse = merged.use
    }
    sort = sortUse.condition
  }
  // attribute_exists of a key of the table or index read holds for every item it holds: it
  // needs no filter (and DynamoDB could not filter on that key).
  const keys = new Set<string | undefined>([
    table.partitionKey,
    table.sortKey,
    partitionKey,
    sortKey,
  ])
  keys.delete(undefined)
  const rest = conditions.filter(
    (condition) =>
      !used.has(condition) &&
      !(condition.kind === 'attribute-exists' && keys.has(topAttribute(table, condition.path))),
  )
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
  const perKey = isList(partitionUse) || (sort?.kind === 'equal' && sort.values.kind !== 'one')
  return {
    operation: 'Query',
    table,
    index: chosen,
    partitionKey,
    partition: partitionUse.condition.values,
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
      count: projection.kind === 'count',
    }),
  }
}

function readShape(ast: ReadOrScan, result: ResultShape): ReadShape {
  const projection = ast.projection
  if (result === 'count') return { kind: 'count' }
  switch (projection.kind) {
    case 'all':
      return { kind: 'all' }
    case 'count':
      return { kind: 'count' }
    case 'paths':
      return { kind: 'paths', paths: projection.paths }
  }
}

interface FullKey {
  readonly partitionUse: EqualUse
  readonly sortUse: EqualUse | undefined
}

/** The table's whole primary key given by `=` or IN, if it is. */
function tableKey(
  table: TableDefinition,
  uses: ReadonlyMap<string, readonly KeyUse[]>,
): FullKey | undefined {
  const partitionUse = equalOrIn(uses.get(table.partitionKey))
  if (!partitionUse) return undefined
  if (table.sortKey === undefined) return { partitionUse, sortUse: undefined }
  const sortUse = equalOrIn(uses.get(table.sortKey))
  return sortUse ? { partitionUse, sortUse } : undefined
}

/** The value of a key given by `=`; undefined for a list. */
function single(values: KeyValues): KeyValue | undefined {
  return values.kind === 'one' ? values.value : undefined
}

/** `sk >= a` with `sk <= b` (either order) → BETWEEN a AND b. */
function mergeRange(
  use: KeyUse,
  all: readonly KeyUse[],
): { use: KeyUse; other: Condition } | undefined {
  const condition = use.condition
  if (condition.kind !== 'compare') return undefined
  const wanted = condition.operator === '>=' ? '<=' : condition.operator === '<=' ? '>=' : undefined
  if (wanted === undefined) return undefined
  for (const other of all) {
    const found = other.condition
    if (other === use || found.kind !== 'compare' || found.operator !== wanted) continue
    const [low, high] =
      condition.operator === '>=' ? [condition.value, found.value] : [found.value, condition.value]
    return { use: { ...use, condition: { kind: 'between', low, high } }, other: other.node }
  }
  return undefined
}

function and(operands: readonly Condition[]): Condition {
  const [first] = operands
  if (first === undefined) throw new Error('unreachable: and() is only given two or more operands')
  return { kind: 'and', operands, at: first.at }
}
