/**
 * The tables a handle knows: those given to `createDql({ tables })`, and those read from
 * DynamoDB with DescribeTable — on first use of an unknown name, before that statement is
 * planned, or all at once by `loadTables`.
 *
 * DescribeTable is a control-plane call with a low rate limit, and a statement's text may come
 * from a user (`db.prepare`), so it is sent at most once at a time per name (callers share
 * it), and a name DynamoDB does not have is remembered for `UNKNOWN_TABLE_MS`.
 */
import type { TableRef } from '../ast/nodes.js'
import { DqlError } from '../errors.js'
import { describeTable, listTableNames } from '../execute/load-tables.js'
import type { SendContext } from '../execute/send.js'
import type { TableLookup } from '../plan/resolve-table.js'
import { isTableDefinition, type TableDefinition } from '../schema/define-table.js'
import { differenceOf } from '../schema/same-table.js'

/** How long a name DynamoDB has no table for stays unknown without another DescribeTable. */
export const UNKNOWN_TABLE_MS = 30_000

/** The most missing names remembered at once; past it the oldest is forgotten first. */
const MAX_MISSES = 1000

export class TableRegistry implements TableLookup {
  private readonly byName = new Map<string, TableDefinition>()
  private readonly byTableName = new Map<string, TableDefinition>()
  /** DescribeTable calls in flight, by name: concurrent first uses share one. */
  private readonly describing = new Map<string, Promise<void>>()
  /** Names DynamoDB had no table for, and until when (by `now`) that answer stands. */
  private readonly misses = new Map<string, number>()

  constructor(
    /** The client, and how its requests are bounded. */
    private readonly sender: SendContext,
    tables: Iterable<unknown> = [],
    /** A monotonic clock in milliseconds; tests pass their own. */
    private readonly now: () => number = () => performance.now(),
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
    if (existing !== undefined && existing !== table) {
      // One name, one table: the later definition would otherwise win silently.
      const difference = differenceOf(existing, table)
      if (difference === undefined) return
      throw new DqlError(
        'schema.duplicate-table',
        `Two different table definitions are named ${table.name}: ${difference}. ` +
          `FROM ${table.name} could not tell which to read: give one of them another name.`,
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
    const until = this.misses.get(ref.name)
    if (until !== undefined) {
      if (this.now() < until) return
      this.misses.delete(ref.name)
    }
    await this.describe(ref.name)
  }

  /**
   * DescribeTable for `name`, shared by every caller while it is in flight. A table found is
   * added; a name still unknown after it is remembered as a miss. A failed call (network,
   * throttling, credentials) is not: the next use asks again.
   */
  private describe(name: string): Promise<void> {
    const pending = this.describing.get(name)
    if (pending !== undefined) return pending
    const described = describeTable(this.sender, name).then(
      (table) => {
        this.describing.delete(name)
        if (table !== undefined) this.add(table)
        if (this.get(name) === undefined) this.remember(name)
        else this.misses.delete(name)
      },
      (error: unknown) => {
        this.describing.delete(name)
        throw error
      },
    )
    this.describing.set(name, described)
    return described
  }

  private remember(name: string): void {
    this.misses.delete(name)
    if (this.misses.size >= MAX_MISSES) {
      // Maps keep insertion order: the first key is the oldest miss.
      const oldest = this.misses.keys().next()
      if (oldest.done !== true) this.misses.delete(oldest.value)
    }
    this.misses.set(name, this.now() + UNKNOWN_TABLE_MS)
  }

  /**
   * DescribeTable for each name (every table when none are given); known tables stay. An
   * explicit load asks DynamoDB even for a name remembered as missing.
   */
  async load(names?: readonly string[]): Promise<TableDefinition[]> {
    const wanted = names ?? (await listTableNames(this.sender))
    const loaded: TableDefinition[] = []
    for (const name of wanted) {
      if (this.get(name) === undefined) await this.describe(name)
      const table = this.get(name)
      if (table === undefined) {
        throw new DqlError(
          'schema.table-not-found',
          `DynamoDB has no table named ${name} (DescribeTable found none with this client's account and region).`,
        )
      }
      loaded.push(table)
    }
    return loaded
  }
}
