/**
 * `.describe`: a table's keys, fields and indexes, in the shell's words.
 */
import type { TableDefinition } from '../schema/define-table.js'

/** `.describe`: a table's keys, fields and indexes, as lines of text. */
export function describeDefinition(table: TableDefinition): string {
  const lines = [
    `table ${table.name} (DynamoDB: ${table.tableName})`,
    `  partition key  ${table.partitionKey}`,
    ...(table.sortKey ? [`  sort key       ${table.sortKey}`] : []),
  ]
  if (table.fields.size > 0) {
    lines.push('  fields')
    for (const [field, attribute] of table.fields) lines.push(`    ${field} → ${attribute}`)
  }
  for (const index of table.indexes) {
    const projection = Array.isArray(index.projection)
      ? `INCLUDE ${index.projection.join(', ')}`
      : index.projection
    lines.push(
      `  ${index.type} index ${index.name}: ${index.partitionKey}${index.sortKey ? `, ${index.sortKey}` : ''} (${projection})`,
    )
  }
  return lines.join('\n')
}
