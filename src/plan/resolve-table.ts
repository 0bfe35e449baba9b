/**
 * FROM → table definition: by the statement name or the physical name among known tables,
 * or from a `${table}` hole. Decided without I/O, so EXPLAIN stays synchronous.
 */
import { didYouMean, DqlError } from '../errors.js'
import type { ParsedStatement } from '../parse/parse-text.js'
import { isTableDefinition, type TableDefinition } from '../schema/define-table.js'

/** Known tables, by statement name and by physical name (a statement name wins). */
export class TableRegistry {
  private readonly byName = new Map<string, TableDefinition>()
  private readonly byTableName = new Map<string, TableDefinition>()

  constructor(tables: Iterable<TableDefinition> = []) {
    for (const table of tables) this.add(table)
  }

  add(table: TableDefinition): void {
    if (!isTableDefinition(table)) {
      throw new DqlError(
        'usage.bad-argument',
        'tables holds table definitions made by defineTable (or read by loadTables).',
      )
    }
    const existing = this.byName.get(table.name)
    if (existing !== undefined && existing !== table && existing.tableName !== table.tableName) {
      throw new DqlError(
        'schema.invalid',
        `Two tables are named ${table.name} (${existing.tableName} and ${table.tableName}); give one another name.`,
      )
    }
    this.byName.set(table.name, table)
    const holder = this.byTableName.get(table.tableName)
    if (holder === undefined || holder.name === table.name) {
      this.byTableName.set(table.tableName, table)
    }
  }

  get(name: string): TableDefinition | undefined {
    return this.byName.get(name) ?? this.byTableName.get(name)
  }

  /** Statement names of every known table. */
  names(): string[] {
    return [...this.byName.keys()]
  }

  tables(): TableDefinition[] {
    return [...this.byName.values()]
  }
}

/** The table a statement reads. `values` are the template's values, for `FROM ${table}`. */
export function resolveTable(
  parsed: ParsedStatement,
  registry: TableRegistry,
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
  const suggestions = didYouMean(ref.name, known)
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
