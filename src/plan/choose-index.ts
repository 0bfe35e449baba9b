/**
 * Index choice. Candidates are the table and every index whose partition key has an equality
 * (or an IN list); an index that does not project what the statement reads is passed over
 * while another candidate does. They are ranked by, in order:
 *   1. the sort key is constrained, or is the ORDER BY path;
 *   2. the projection covers everything the statement reads;
 *   3. the table before an index;
 *   4. an equality on the partition key before an IN list (one Query, not one per key);
 *   5. a local index before a global one (same partition, consistent reads possible);
 *   6. the index name, in code-point order.
 * Rules 3–6 are the documented tie-break; declaration order never decides.
 *
 * An index holds only the items that have all its key attributes. One whose key attribute is
 * not a key of the table and not required by the statement (see `presentAttributes`) would
 * miss matching items: it is no candidate, unless USE INDEX names it or its definition says
 * `sparse: false` (every item has its keys).
 */
import type { Statement } from '../ast/nodes.js'
import type { IndexDefinition, TableDefinition } from '../schema/define-table.js'
import {
  attributesIn,
  equalOrIn,
  isList,
  topAttribute,
  type EqualUse,
  type KeyUse,
} from './key-conditions.js'
import type { ReadShape } from './plan.js'

/** A table or index that can serve the statement with a Query. */
export interface Candidate {
  readonly index: IndexDefinition | undefined
  readonly partitionKey: string
  readonly partition: EqualUse
  readonly sort: KeyUse | undefined
}

/** Which sort-key condition a candidate uses when several are given: = first, then IN, … */
function sortPreference(use: KeyUse): number {
  const condition = use.condition
  switch (condition.kind) {
    case 'equal':
      return condition.values.kind === 'one' ? 0 : 1
    case 'between':
      return 2
    case 'compare':
      return 3
    case 'begins-with':
      return 4
  }
}

/**
 * The best candidate, or undefined when no partition key has an equality. With `forced`
 * (USE INDEX) only that index is considered. With `consistent`, global indexes are passed
 * over while another candidate exists.
 */
export function choose(
  table: TableDefinition,
  uses: ReadonlyMap<string, readonly KeyUse[]>,
  ast: Statement,
  projection: ReadShape,
  forced: IndexDefinition | undefined,
  consistent: boolean,
  present: ReadonlySet<string>,
): Candidate | undefined {
  const sources: (IndexDefinition | undefined)[] = forced ? [forced] : [undefined, ...table.indexes]
  let candidates: Candidate[] = []
  for (const index of sources) {
    const partitionKey = index ? index.partitionKey : table.partitionKey
    const sortKey = index ? index.sortKey : table.sortKey
    const partition = equalOrIn(uses.get(partitionKey))
    if (partition === undefined) continue
    if (index && !forced && missingKey(table, index, present) !== undefined) continue
    const sortUses = sortKey === undefined ? [] : (uses.get(sortKey) ?? [])
    let sort: KeyUse | undefined
    for (const use of sortUses) {
      if (sort === undefined || sortPreference(use) < sortPreference(sort)) sort = use
    }
    candidates.push({ index, partitionKey, partition, sort })
  }
  if (consistent && !forced) {
    const notGlobal = candidates.filter((c) => c.index?.type !== 'global')
    if (notGlobal.length > 0) candidates = notGlobal
  }
  if (candidates.length === 0) return undefined

  // An index that does not project what the statement reads cannot serve it: pass it over
  // while another candidate can (USE INDEX still forces it, and then it is an error).
  const reads = readAttributes(table, ast, projection)
  if (!forced) {
    const covering = candidates.filter((c) => covers(c.index, reads))
    if (covering.length > 0) candidates = covering
  }

  const orderBy =
    ast.kind === 'read' && ast.orderBy ? topAttribute(table, ast.orderBy.path) : undefined
  const rank = (c: Candidate): (number | string)[] => {
    const sortKey = c.index ? c.index.sortKey : table.sortKey
    const sorted = c.sort !== undefined || (orderBy !== undefined && orderBy === sortKey)
    return [
      sorted ? 0 : 1,
      covers(c.index, reads) ? 0 : 1,
      c.index === undefined ? 0 : 1,
      isList(c.partition) ? 1 : 0,
      c.index?.type === 'local' ? 0 : 1,
      c.index?.name ?? '',
    ]
  }
  const ranked = candidates.map((c) => ({ c, key: rank(c) }))
  ranked.sort((a, b) => compareKeys(a.key, b.key))
  return ranked[0]?.c
}

/**
 * A key attribute of `index` that some matching items may lack — so the index does not hold
 * them — or undefined when every matching item is in the index.
 */
export function missingKey(
  table: TableDefinition,
  index: IndexDefinition,
  present: ReadonlySet<string>,
): string | undefined {
  if (!index.sparse) return undefined
  for (const key of [index.partitionKey, index.sortKey]) {
    if (key === undefined || key === table.partitionKey || key === table.sortKey) continue
    if (!present.has(key)) return key
  }
  return undefined
}

/** The top-level attributes a statement reads, or null for "every attribute". */
function readAttributes(
  table: TableDefinition,
  ast: Statement,
  projection: ReadShape,
): Set<string> | null {
  if (projection.kind === 'all') return null
  const reads = new Set<string>()
  if (projection.kind === 'paths') {
    for (const path of projection.paths) {
      const first = path.segments[0]
      if (typeof first === 'string') reads.add(table.fields.get(first) ?? first)
    }
  }
  if (ast.where) for (const attribute of attributesIn(table, ast.where).keys()) reads.add(attribute)
  return reads
}

function covers(index: IndexDefinition | undefined, reads: Set<string> | null): boolean {
  if (index === undefined || index.projected === null) return true
  if (reads === null) return false
  for (const attribute of reads) if (!index.projected.has(attribute)) return false
  return true
}

function compareKeys(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]
    const y = b[i]
    if (x === undefined || y === undefined) continue
    if (x < y) return -1
    if (x > y) return 1
  }
  return 0
}
