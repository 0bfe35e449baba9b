/**
 * The planner of reads (plan/ and the compile step of compile/), reached through this one
 * module: the main entry's build leaves it to the package's `#dql/planner` import, so that
 * `dqlPrecompile`, where it planned every read statement of an application at build time, can
 * put those plans in its place. There `planner` is `undefined` (or the real one, kept for the
 * statements it could not plan), and `precompiled` holds, by syntax tree, each statement's
 * plans and the table definition they were made for (docs/bundling.md).
 */
import type { Statement } from '../ast/nodes.js'
import { compile } from '../compile/compile.js'
import type { PreparedCommand } from '../compile/prepared.js'
import type { DqlErrorCode } from '../errors.js'
import type { ParsedStatement } from '../parse/parse-text.js'
import type { ResultShape } from '../plan/plan.js'
import { planStatement } from '../plan/plan-statement.js'
import type { TableDefinition } from '../schema/define-table.js'

/** Plans and compiles a read statement for one table. */
export type Planner = (
  parsed: ParsedStatement,
  table: TableDefinition,
  shape: ResultShape,
) => PreparedCommand

/** What planning one statement for one result shape gave at build time. */
export type Outcome =
  | { readonly prepared: PreparedCommand }
  | {
      /** The refusal, as the planner made it: thrown again, with its caret, when called. */
      readonly error: {
        readonly code: DqlErrorCode
        readonly reason: string
        readonly offset: number | undefined
        readonly suggestions: readonly string[]
      }
    }

/** A statement's plans made at build time, and the definition they were made for. */
export interface Precompiled {
  readonly table: TableDefinition
  readonly items: Outcome
  readonly count: Outcome
}

export const planner: Planner | undefined = (parsed, table, shape) =>
  compile(planStatement(parsed, table, shape), parsed.text)

/** Plans made at build time, by syntax tree; none outside a bundle made by `dqlPrecompile`. */
export const precompiled: ReadonlyMap<Statement, Precompiled> | undefined = undefined
