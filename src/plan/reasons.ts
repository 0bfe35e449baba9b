/**
 * The one sentence EXPLAIN gives for a plan: why this operation, on this table or index.
 */
import type { Condition } from '../ast/nodes.js'
import type { IndexDefinition, TableDefinition } from '../schema/define-table.js'
import type { Candidate } from './choose-index.js'
import { isList } from './key-conditions.js'
import type { KeyCondition } from './plan.js'

export function describeKey(table: TableDefinition): string {
  return table.sortKey ? `${table.partitionKey}, ${table.sortKey}` : table.partitionKey
}

export function describeSource(table: TableDefinition, index: IndexDefinition | undefined): string {
  return index ? `index ${index.name}` : `table ${table.name}`
}

export function describeCandidate(candidate: Candidate): string {
  return candidate.index ? `index ${candidate.index.name}` : `the table's partition key`
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

export function queryReason(
  table: TableDefinition,
  candidate: Candidate,
  sort: KeyCondition | undefined,
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
  const partition = `${candidate.partitionKey} ${isList(candidate.partition) ? 'IN (…)' : '= …'}`
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
