/**
 * The tables a handle knows: those given to `createDql({ tables })`, and those read from
 * DynamoDB with DescribeTable — on first use of an unknown name, before that statement is
 * planned, or all at once by `loadTables`.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { TableRef } from '../ast/nodes.js'
import { DqlError } from '../errors.js'
import { describeTable, listTableNames } from '../execute/load-tables.js'
import type { TableLookup } from '../plan/resolve-table.js'
import { isTableDefinition, type TableDefinition } from '../schema/define-table.js'

export class TableRegistry implements TableLookup {
  private readonly byName = new Map<string, TableDefinition>()
  private readonly byTableName = new Map<string, TableDefinition>()

  constructor(
    private readonly client: DynamoDBClient,
    tables: Iterable<unknown> = [],
  ) {
    for (const table of tables) this.add(table)
  }

  add(table: unknown): void {
    if (!isTableDefinition(table)) {
      throw new DqlError(
        'usage.bad-argument',
        'tables holds table definitions made by defineTable (or read by loadTables).',
      )
    }
    const existing = this.byName.get(table.name)
    if (existing !== undefined && existing !== table && existing.tableName !== table.tableName) {
      throw new DqlError(
        'schema.duplicate-table',
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

  names(): string[] {
    return [...this.byName.keys()]
  }

  tableNames(): string[] {
    return [...this.byTableName.keys()]
  }

  tables(): TableDefinition[] {
    return [...this.byName.values()]
  }

  /**
   * Makes the table a statement names known, reading it with DescribeTable when no one
   * defined it. A name DynamoDB does not have either is left unknown: planning then says
   * `plan.unknown-table`, with the known names.
   */
  async ensure(ref: TableRef): Promise<void> {
    if (ref.kind !== 'name' || this.get(ref.name) !== undefined) return
    const described = await describeTable(this.client, ref.name)
    if (described !== undefined) this.add(described)
  }

  /** DescribeTable for each name (every table when none are given); known tables stay. */
  async load(names?: readonly string[]): Promise<TableDefinition[]> {
    const wanted = names ?? (await listTableNames(this.client))
    const loaded: TableDefinition[] = []
    for (const name of wanted) {
      const known = this.get(name)
      if (known) {
        loaded.push(known)
        continue
      }
      const table = await describeTable(this.client, name)
      if (table === undefined) {
        throw new DqlError(
          'schema.table-not-found',
          `DynamoDB has no table named ${name} (DescribeTable found none with this client's account and region).`,
        )
      }
      this.add(table)
      loaded.push(table)
    }
    return loaded
  }
}
