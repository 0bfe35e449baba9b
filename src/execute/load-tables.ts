/**
 * Reading table definitions from DynamoDB: ListTables and DescribeTable, bounded in time like
 * every request dql sends.
 */
import { fromDescription } from '../schema/from-description.js'
import { isTableName, type TableDefinition } from '../schema/define-table.js'
import { bounded, type SendContext } from './send.js'

/** Every table name the client's account and region hold. */
export async function listTableNames(context: SendContext): Promise<string[]> {
  const names: string[] = []
  let start: string | undefined
  do {
    const output = await bounded(context, 'ListTables', { ExclusiveStartTableName: start })
    names.push(...(output.TableNames ?? []))
    start = output.LastEvaluatedTableName
  } while (start !== undefined)
  return names
}

/** The definition of one table from DescribeTable, or undefined when no such table exists. */
export async function describeTable(
  context: SendContext,
  name: string,
): Promise<TableDefinition | undefined> {
  // A name DynamoDB cannot hold (too short, odd characters) names no table: nothing to ask.
  if (!isTableName(name)) return undefined
  try {
    const output = await bounded(context, 'DescribeTable', { TableName: name })
    return output.Table ? fromDescription(output.Table) : undefined
  } catch (error) {
    // No such table; or DynamoDB's own word that the name cannot be a table's, if its rules
    // differ from ours. By name, as every transport raises DynamoDB's errors.
    const name = error instanceof Error ? error.name : undefined
    if (name === 'ResourceNotFoundException' || name === 'ValidationException') return undefined
    throw error
  }
}
