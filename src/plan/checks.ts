/**
 * The planner's refusals: an unknown index, an index that does not project what is read, an
 * ORDER BY no key can follow, and no key at all (a Scan the statement did not ask for).
 */
import type { PathNode, ReadOrScan } from '../ast/nodes.js'
import type { DqlError, DqlErrorCode } from '../errors.js'
import {
  attributeOf,
  suggestNames,
  type IndexDefinition,
  type TableDefinition,
} from '../schema/define-table.js'
import { didYouMean } from '../text/did-you-mean.js'
import { missingKey } from './choose-index.js'
import { attributesIn, equalOrIn, type KeyUse } from './key-conditions.js'
import { misusedPartitionKey } from './key-hints.js'
import type { ReadShape } from './plan.js'
import { capitalize, describeSource } from './reasons.js'

/** Makes a positioned DqlError for the statement being planned. */
export type Fail = (
  code: DqlErrorCode,
  reason: string,
  at: number,
  suggestions?: string[],
) => DqlError

export function findIndex(
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

export function checkCoverage(
  table: TableDefinition,
  index: IndexDefinition,
  ast: ReadOrScan,
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

export function checkOrderBy(
  table: TableDefinition,
  index: IndexDefinition | undefined,
  sortKey: string | undefined,
  ast: ReadOrScan,
  fail: Fail,
): boolean {
  if (ast.kind !== 'read' || ast.orderBy === undefined) return false
  const { path } = ast.orderBy
  const attribute = path.segments.length === 1 ? first(table, path) : undefined
  if (attribute !== undefined && attribute === sortKey) return ast.orderBy.descending
  const source = describeSource(table, index)
  const others = table.indexes.filter((i) => attribute !== undefined && i.sortKey === attribute)
  const other = others[0]
  const hint = other
    ? ` \`${attribute}\` is the sort key of index ${others.map((i) => i.name).join(', ')}: give its partition key (${other.partitionKey}) with = to read in that order.`
    : ''
  throw fail(
    'plan.order-by',
    sortKey === undefined
      ? `${capitalize(source)} has no sort key, so its items have no order to follow; drop ORDER BY.${hint}`
      : `ORDER BY can only follow the sort key of ${source}, \`${sortKey}\`.${hint}`,
    path.at,
  )
}

export function noKey(
  table: TableDefinition,
  uses: ReadonlyMap<string, readonly KeyUse[]>,
  ast: ReadOrScan,
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
  const misused = misusedPartitionKey(table, uses, ast.where, fail)
  if (misused) return misused
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
      uses.get(sortOnly.sortKey)?.[0]?.node.at ?? at,
    )
  }
  // Each key once: a local index shares the table's partition key.
  const owners = new Map<string, string[]>([
    [table.partitionKey, [`the partition key of ${table.name}`]],
  ])
  for (const i of table.indexes) {
    const list = owners.get(i.partitionKey)
    if (list) list.push(`index ${i.name}`)
    else owners.set(i.partitionKey, [`index ${i.name}`])
  }
  const options = [...owners].map(([key, list]) => `${key} = … (${list.join(', ')})`)
  const suggestions = [
    ...new Set(
      (ast.where ? [...attributesIn(table, ast.where).keys()] : []).flatMap((name) =>
        // Not a field that is this very attribute: the name is right.
        suggestNames(table, name).filter((s) => attributeOf(table, s) !== name),
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

/**
 * `plan.sparse-index`, when the only index whose partition key the statement gives holds only
 * some of the matching items (a key attribute the statement does not require).
 */
export function sparseIndex(
  table: TableDefinition,
  uses: ReadonlyMap<string, readonly KeyUse[]>,
  present: ReadonlySet<string>,
  fail: Fail,
): DqlError | undefined {
  for (const index of table.indexes) {
    const partition = equalOrIn(uses.get(index.partitionKey))
    const missing = missingKey(table, index, present)
    if (partition === undefined || missing === undefined) continue
    return fail(
      'plan.sparse-index',
      `Index ${index.name} holds only the items that have \`${missing}\`, and this statement does not require it, so a Query on the index would miss the others. ` +
        `Add a condition on ${missing} to the top-level AND (such as ${missing} = …, a range, or attribute_exists(${missing})), ` +
        `write USE INDEX (${index.name}) to read only the items the index holds, or write SCAN.`,
      partition.node.at,
    )
  }
  return undefined
}

/**
 * `plan.overlapping-paths`: DynamoDB refuses a ProjectionExpression in which one path is part
 * of another (`meta, meta.tags[1]`). The same path twice is no overlap: it is read once.
 */
export function checkOverlap(table: TableDefinition, ast: ReadOrScan, fail: Fail): void {
  if (ast.projection.kind !== 'paths') return
  const paths = ast.projection.paths
  // Projections are a handful of paths: the quadratic walk costs nothing, and only at plan time.
  for (const inner of paths) {
    for (const outer of paths) {
      if (outer.segments.length >= inner.segments.length || !isPrefix(table, outer, inner)) continue
      throw fail(
        'plan.overlapping-paths',
        `\`${pathText(inner)}\` is part of \`${pathText(outer)}\`, which this SELECT already reads, ` +
          `and DynamoDB refuses overlapping paths: drop \`${pathText(inner)}\` (\`${pathText(outer)}\` holds it).`,
        inner.at,
      )
    }
  }
}

function isPrefix(table: TableDefinition, outer: PathNode, inner: PathNode): boolean {
  if (first(table, outer) !== first(table, inner)) return false
  for (let i = 1; i < outer.segments.length; i++) {
    if (outer.segments[i] !== inner.segments[i]) return false
  }
  return true
}

/** A path as written: `a.b[2].c`. */
function pathText(path: PathNode): string {
  let text = ''
  for (const segment of path.segments) {
    text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`
  }
  return text
}
