/**
 * DescribeTable's answer → a table definition, so that statements written with attribute
 * names work against any existing table with no definition in code.
 */
import type { Projection, TableDescription } from '@aws-sdk/client-dynamodb'
import { DqlError } from '../errors.js'
import {
  defineTable,
  type IndexOptions,
  type IndexProjection,
  type TableDefinition,
} from './define-table.js'

/** Builds the definition of a described table; its statement name is its DynamoDB name. */
export function fromDescription(description: TableDescription): TableDefinition {
  const name = description.TableName
  const keys = description.KeySchema ?? []
  const partitionKey = keys.find((key) => key.KeyType === 'HASH')?.AttributeName
  if (name === undefined || partitionKey === undefined) {
    throw new DqlError(
      'schema.invalid',
      `DescribeTable returned no table name or partition key${name ? ` for ${name}` : ''}.`,
    )
  }
  const indexes: Record<string, IndexOptions> = {}
  const add = (
    type: 'global' | 'local',
    index: {
      IndexName?: string
      KeySchema?: { AttributeName?: string; KeyType?: string }[]
      Projection?: Projection
    },
  ) => {
    if (index.IndexName === undefined) return
    indexes[index.IndexName] = {
      type,
      partitionKey: index.KeySchema?.find((key) => key.KeyType === 'HASH')?.AttributeName,
      sortKey: index.KeySchema?.find((key) => key.KeyType === 'RANGE')?.AttributeName,
      projection: projectionOf(index.Projection),
    }
  }
  for (const index of description.GlobalSecondaryIndexes ?? []) add('global', index)
  for (const index of description.LocalSecondaryIndexes ?? []) add('local', index)
  return defineTable({
    name,
    partitionKey,
    sortKey: keys.find((key) => key.KeyType === 'RANGE')?.AttributeName,
    indexes,
  })
}

function projectionOf(projection: Projection | undefined): IndexProjection {
  switch (projection?.ProjectionType) {
    case 'KEYS_ONLY':
      return 'KEYS_ONLY'
    case 'INCLUDE':
      return projection.NonKeyAttributes?.length ? [...projection.NonKeyAttributes] : 'KEYS_ONLY'
    default:
      return 'ALL'
  }
}
