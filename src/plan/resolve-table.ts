/**
 * FROM → table definition: by the statement name or the physical name among known tables,
 * or from a `${table}` hole. Decided without I/O, so EXPLAIN stays synchronous.
 */
import { DqlError } from '../errors.js'
import { didYouMean } from '../text/did-you-mean.js'
import type { ParsedStatement } from '../parse/parse-text.js'
import { isTableDefinition, type TableDefinition } from '../schema/define-table.js'

/** The tables a statement may name, as the planner sees them: no I/O. */
export interface TableLookup {
  /** The table with this statement name or DynamoDB name. */
  get(name: string): TableDefinition | undefined
  /** Statement names of every known table. */
  names(): string[]
  /** DynamoDB names of every known table. */
  tableNames(): string[]
}

/** The table a statement reads. `values` are the template's values, for `FROM ${table}`. */
export function resolveTable(
  parsed: ParsedStatement,
  registry: TableLookup,
  values: readonly unknown[] | undefined,
): TableDefinition {
  const ref = parsed.ast.table
  const position = { text: parsed.text, offset: ref.at }
  if (ref.kind === 'table-hole') {
    const value = values?.[ref.hole]
    if (isTableDefinition(value)) return value
    throw new DqlError(
      'plan.bad-table-hole',
      'The ${…} after FROM must hold a table definition made by defineTable; ' +
        'a value can never name a table. Write the table name in the statement instead.',
      { position },
    )
  }
  const table = registry.get(ref.name)
  if (table) return table
  const known = registry.names()
  // A slip in a DynamoDB name is as likely as one in a statement name.
  const suggestions = didYouMean(ref.name, new Set([...known, ...registry.tableNames()]))
  throw new DqlError(
    'plan.unknown-table',
    `Unknown table ${ref.name}; ` +
      (known.length
        ? `the known tables are ${known.join(', ')}.`
        : 'no tables are known: pass them to createDql({ tables }) or call db.loadTables().') +
      (suggestions.length ? ` Did you mean ${suggestions[0]}?` : ''),
    { position, suggestions },
  )
}
