/**
 * The tables `dql check` and the ESLint rule plan against: by statement name and DynamoDB
 * name, as a handle finds them, and for `FROM ${x}` by what `x` is bound to.
 */
import type { TableDefinition } from '../schema/define-table.js'
import type { CheckTables } from './check-statement.js'
import type { TableBinding } from './find.js'

/**
 * `definitions` are the known tables; `exported` maps a schema module's export names to its
 * definitions, so that `import { binsTable } from './schema'` finds the definition exported
 * under that name whatever its `name` is.
 */
export function checkTables(
  definitions: readonly TableDefinition[],
  exported: ReadonlyMap<string, TableDefinition> = new Map(),
): CheckTables {
  const byName = new Map<string, TableDefinition>()
  const byTableName = new Map<string, TableDefinition>()
  for (const table of definitions) {
    byName.set(table.name, table)
    byTableName.set(table.tableName, table)
  }
  return {
    get: (name) => byName.get(name) ?? byTableName.get(name),
    names: () => [...byName.keys()],
    tableNames: () => [...byTableName.keys()],
    forBinding: (binding: TableBinding) =>
      (binding.kind === 'import' ? exported.get(binding.name) : undefined) ??
      byName.get(binding.name),
  }
}
