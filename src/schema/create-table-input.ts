/**
 * A table definition → the CreateTable input that makes that table in DynamoDB: for tests,
 * local engines and examples, so that a table and its definition cannot drift apart.
 */
import type { CreateTableCommandInput, ScalarAttributeType } from '@aws-sdk/client-dynamodb'
import { DqlError } from '../errors.js'
import type { IndexDefinition, TableDefinition } from './define-table.js'

/**
 * The `CreateTableCommand` input for `table`, billed on demand. `types` gives the type of
 * every key attribute (of the table and of its indexes), by attribute or field name:
 * `createTableInput(bins, { card_bin: 'S', card_bin_extended: 'S', issuer_name: 'S' })`.
 */
export function createTableInput(
  table: TableDefinition<unknown>,
  types: Readonly<Record<string, ScalarAttributeType>>,
): CreateTableCommandInput {
  const byAttribute = new Map<string, ScalarAttributeType>()
  for (const [name, type] of Object.entries(types)) {
    if (type !== 'S' && type !== 'N' && type !== 'B') {
      throw new DqlError(
        'schema.invalid',
        `The type of ${name} is 'S', 'N' or 'B', not ${JSON.stringify(type)}.`,
      )
    }
    byAttribute.set(table.fields.get(name) ?? name, type)
  }
  const definitions = new Map<string, ScalarAttributeType>()
  const key = (attribute: string) => {
    const type = byAttribute.get(attribute)
    if (type === undefined) {
      throw new DqlError(
        'schema.invalid',
        `Table ${table.name}: give the type of the key attribute ${attribute} ('S', 'N' or 'B').`,
      )
    }
    definitions.set(attribute, type)
  }
  const schema = (partitionKey: string, sortKey: string | undefined) => {
    key(partitionKey)
    if (sortKey !== undefined) key(sortKey)
    return [
      { AttributeName: partitionKey, KeyType: 'HASH' as const },
      ...(sortKey === undefined ? [] : [{ AttributeName: sortKey, KeyType: 'RANGE' as const }]),
    ]
  }
  const projection = (index: IndexDefinition) => {
    if (index.projected === null) return { ProjectionType: 'ALL' as const }
    if (index.projection === 'KEYS_ONLY') return { ProjectionType: 'KEYS_ONLY' as const }
    const keys = new Set([table.partitionKey, table.sortKey, index.partitionKey, index.sortKey])
    return {
      ProjectionType: 'INCLUDE' as const,
      NonKeyAttributes: [...index.projected].filter((attribute) => !keys.has(attribute)),
    }
  }
  const input: CreateTableCommandInput = {
    TableName: table.tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: schema(table.partitionKey, table.sortKey),
    AttributeDefinitions: [],
  }
  const globals = table.indexes.filter((index) => index.type === 'global')
  const locals = table.indexes.filter((index) => index.type === 'local')
  if (globals.length > 0) {
    input.GlobalSecondaryIndexes = globals.map((index) => ({
      IndexName: index.indexName,
      KeySchema: schema(index.partitionKey, index.sortKey),
      Projection: projection(index),
    }))
  }
  if (locals.length > 0) {
    input.LocalSecondaryIndexes = locals.map((index) => ({
      IndexName: index.indexName,
      KeySchema: schema(index.partitionKey, index.sortKey),
      Projection: projection(index),
    }))
  }
  input.AttributeDefinitions = [...definitions].map(([AttributeName, AttributeType]) => ({
    AttributeName,
    AttributeType,
  }))
  return input
}
