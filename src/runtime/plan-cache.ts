/**
 * The plans of one handle: per parsed statement, the PreparedCommand for the items it reads
 * and the one for its count — and for `FROM ${table}`, per table definition too. A cached
 * call does no lexing, parsing or planning: it only binds and sends.
 */
import type { PreparedCommand } from '../compile/prepared.js'
import type { ParsedStatement } from '../parse/parse-text.js'
import type { ResultShape } from '../plan/plan.js'
import type { TableDefinition } from '../schema/define-table.js'

type Shapes<P> = { [Shape in ResultShape]?: P }

interface Entry<P> extends Shapes<P> {
  /** Plans of a `FROM ${table}` statement, by the table its hole held. */
  byTable?: WeakMap<TableDefinition, Shapes<P>>
}

/** Plans of reads (PreparedCommand), or, in a cache of its own, of writes. */
export class PlanCache<P = PreparedCommand> {
  private readonly entries = new WeakMap<ParsedStatement, Entry<P>>()

  /** The plan of a statement that names its table. */
  get(parsed: ParsedStatement, shape: ResultShape): P | undefined {
    return this.entries.get(parsed)?.[shape]
  }

  /** The plan of a `FROM ${table}` statement for one table. */
  getFor(parsed: ParsedStatement, table: TableDefinition, shape: ResultShape): P | undefined {
    return this.entries.get(parsed)?.byTable?.get(table)?.[shape]
  }

  set(
    parsed: ParsedStatement,
    table: TableDefinition | undefined,
    shape: ResultShape,
    prepared: P,
  ): void {
    let entry = this.entries.get(parsed)
    if (entry === undefined) {
      entry = {}
      this.entries.set(parsed, entry)
    }
    if (table === undefined) {
      entry[shape] = prepared
      return
    }
    entry.byTable ??= new WeakMap()
    let shapes = entry.byTable.get(table)
    if (shapes === undefined) {
      shapes = {}
      entry.byTable.set(table, shapes)
    }
    shapes[shape] = prepared
  }
}
