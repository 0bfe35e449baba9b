/**
 * One found statement through the library's own stages — parse, the call's refusals, the
 * table, plan and compile — with no values and no I/O: what a call would refuse before
 * sending anything. Errors point into the source file.
 */
import { compile } from '../compile/compile.js'
import { compileWrite } from '../compile/compile-write.js'
import type { PreparedWrite } from '../compile/prepared-write.js'
import { DqlError } from '../errors.js'
import { parseStatementText, parseTemplate } from '../parse/parse-cache.js'
import type { ParsedStatement } from '../parse/parse-text.js'
import type { Operation, ResultShape } from '../plan/plan.js'
import { planStatement } from '../plan/plan-statement.js'
import { planWrite } from '../plan/plan-write.js'
import { resolveTable, type TableLookup } from '../plan/resolve-table.js'
import { refuse, refuseRun, shapeOf } from '../runtime/refuse.js'
import type { TableDefinition } from '../schema/define-table.js'
import type { Found, StatementCall, TableBinding } from './find.js'
import { StatementSource } from './source-map.js'

/** The tables statements are checked against. */
export interface CheckTables extends TableLookup {
  /** The definition a `FROM ${x}` hole names, when `x` is bound to an import or a definition. */
  forBinding(binding: TableBinding): TableDefinition | undefined
}

/** What became of one statement. Offsets are in the source file. */
export type Checked =
  | {
      readonly kind: 'ok'
      readonly call: StatementCall
      readonly at: number
      readonly text: string
      readonly operation: Operation | PreparedWrite['operation']
      readonly table: string
      readonly index: string | undefined
    }
  | {
      readonly kind: 'error'
      readonly call: StatementCall
      readonly at: number
      readonly text: string | undefined
      readonly error: DqlError
      /** The offending spot in the source: one character, or a whole `${…}` hole. */
      readonly start: number
      readonly end: number
    }
  | { readonly kind: 'skipped'; readonly at: number; readonly reason: string }

/** Checks one found statement of `source` against `tables`. */
export function checkStatement(found: Found, source: string, tables: CheckTables): Checked {
  if (found.kind === 'skipped') return found
  const { call, at } = found
  const map =
    found.kind === 'text'
      ? new StatementSource(source, [found.part], [])
      : new StatementSource(source, found.parts, found.holes)
  let parsed: ParsedStatement | undefined
  try {
    parsed = found.kind === 'text' ? parseStatementText(found.text) : parseTemplate(strings(found))
    let values: unknown[] | undefined
    const ref = parsed.ast.table
    if (ref.kind === 'table-hole' && found.kind === 'template') {
      const hole = found.holes[ref.hole]
      const table = hole?.binding && tables.forBinding(hole.binding)
      if (hole === undefined || table === undefined) {
        return { kind: 'skipped', at, reason: holeReason(hole?.expression, hole?.binding) }
      }
      values = []
      values[ref.hole] = table
    }
    const { ast } = parsed
    if (ast.kind !== 'read' && ast.kind !== 'scan') {
      // A write: db.run refuses what it cannot run alone; a transaction takes CHECK too.
      if (call === 'run') refuseRun(parsed)
      else if (call !== 'transact' && call !== 'explain' && call !== 'dql' && call !== 'prepare') {
        refuse(parsed, call)
      }
      const table = resolveTable(parsed, tables, values)
      const prepared = compileWrite(planWrite(parsed, ast, table), parsed.text)
      return {
        kind: 'ok',
        call,
        at,
        text: parsed.text,
        operation: prepared.operation,
        table: table.name,
        index: undefined,
      }
    }
    if (call === 'run') refuseRun(parsed)
    const shape = refusals(parsed, call)
    const table = resolveTable(parsed, tables, values)
    const plan = planStatement(parsed, table, shape)
    compile(plan, parsed.text)
    const index = plan.operation === 'Query' || plan.operation === 'Scan' ? plan.index : undefined
    return {
      kind: 'ok',
      call,
      at,
      text: parsed.text,
      operation: plan.operation,
      table: table.name,
      index: index?.name,
    }
  } catch (error) {
    if (!(error instanceof DqlError)) throw error
    const offset = offsetIn(error)
    const span = offset === undefined ? { start: at, end: at + 1 } : spanAt(map, error, offset)
    return { kind: 'error', call, at, text: parsed?.text ?? error.statement, error, ...span }
  }
}

/** The result shape a call plans for, after the refusals the call itself makes. */
function refusals(parsed: ParsedStatement, call: StatementCall): ResultShape {
  switch (call) {
    case 'first':
    case 'all':
    case 'iterate':
    case 'page':
      refuse(parsed, call)
      return 'items'
    case 'count':
      refuse(parsed, call)
      return 'count'
    default:
      return shapeOf(parsed)
  }
}

/**
 * The template as the runtime hands it to the tag. A part with an invalid escape has no cooked
 * text: its slot stays empty, as in a real TemplateStringsArray, and the parser refuses it.
 */
function strings(found: Extract<Found, { kind: 'template' }>): TemplateStringsArray {
  const cooked: string[] = []
  cooked.length = found.cooked.length
  found.cooked.forEach((part, i) => {
    if (part !== undefined) cooked[i] = part
  })
  return Object.assign(cooked, { raw: [...cooked] })
}

function holeReason(expression: string | undefined, binding: TableBinding | undefined): string {
  const hole = `FROM \${${expression ?? ''}}`
  if (binding === undefined) {
    return `${hole}: ${expression ?? 'the hole'} is neither an imported table definition nor a defineTable({ name: … }) in this file`
  }
  return binding.kind === 'import'
    ? `${hole}: ${binding.name} imported from ${binding.from} is no known table definition`
    : `${hole}: the table ${binding.name} defined here is not among the known tables`
}

/**
 * The source span of the spot: the whole name or number that starts there (a name written in
 * the statement has no escapes), the whole hole, or one character.
 */
function spanAt(
  map: StatementSource,
  error: DqlError,
  offset: number,
): { start: number; end: number } {
  const word = /[A-Za-z0-9_]+/y
  word.lastIndex = offset
  const length = word.exec(error.statement ?? '')?.[0].length ?? 1
  const { start } = map.span(offset)
  return { start, end: Math.max(map.span(offset + length - 1).end, start + 1) }
}

/** The offset in the statement text that the error's line and column point at. */
export function offsetIn(error: DqlError): number | undefined {
  const { statement, line, column } = error
  if (statement === undefined || line === undefined || column === undefined) return undefined
  let start = 0
  for (let l = 1; l < line; l++) start = statement.indexOf('\n', start) + 1
  return start + column - 1
}
