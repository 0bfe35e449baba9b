/**
 * The refusals a call makes before anything is planned or sent, for a statement its result
 * type cannot hold. Pure (no I/O, no SDK), so that `dql check` applies the same refusals.
 */
import { DqlError } from '../errors.js'
import type { WriteStatement } from '../ast/nodes.js'
import type { ParsedStatement } from '../parse/parse-text.js'
import type { ResultShape } from '../plan/plan.js'

/** The calls that read items; the others are `count` and `explain`. */
export type ItemCall = 'first' | 'all' | 'iterate' | 'page'

/** What a statement gives by what it says: COUNT(*) a count, anything else items. */
export function shapeOf(parsed: ParsedStatement): ResultShape {
  const { ast } = parsed
  return (ast.kind === 'read' || ast.kind === 'scan') && ast.projection.kind === 'count'
    ? 'count'
    : 'items'
}

/**
 * Refuses, before anything is sent, a statement this call cannot run as its type says: an
 * EXPLAIN anywhere but `explain`, a COUNT(*) anywhere but `count`.
 */
export function refuse(parsed: ParsedStatement, call: ItemCall | 'count'): void {
  const { ast, text } = parsed
  if (ast.explain) {
    throw new DqlError(
      'usage.wrong-call',
      `An EXPLAIN statement gives a plan, not ${call === 'count' ? 'a count' : 'items'}: ` +
        'pass it to db.explain (or db.execute), or drop EXPLAIN.',
      { position: { text, offset: ast.at } },
    )
  }
  if (ast.kind !== 'read' && ast.kind !== 'scan') throw notRead(parsed, call)
  if (call !== 'count' && ast.projection.kind === 'count') {
    throw new DqlError(
      'usage.wrong-call',
      `SELECT COUNT(*) gives a number, not items: call db.count (or db.execute) for it, or select attributes with ${call}.`,
      { position: { text, offset: ast.projection.at } },
    )
  }
}

/** `usage.wrong-call` for a write given to a call that reads. */
export function notRead(parsed: ParsedStatement, call?: ItemCall | 'count'): DqlError {
  const { ast, text } = parsed
  const word =
    ast.kind === 'put' ? ast.mode : ast.kind === 'update' && ast.upsert ? 'upsert' : ast.kind
  return new DqlError(
    'usage.wrong-call',
    `${word.toUpperCase()} is a write, and ${call === undefined ? 'this call' : `db.${call}`} reads: ` +
      'run it with db.run (or db.transact).',
    { position: { text, offset: ast.at } },
  )
}

/**
 * Refuses, before anything is sent, a statement `db.run` cannot run: a read, an EXPLAIN, or a
 * CHECK on its own (a CHECK is a condition of a transaction).
 */
export function refuseRun(
  parsed: ParsedStatement,
): asserts parsed is ParsedStatement & { readonly ast: WriteStatement } {
  const { ast, text } = parsed
  if (ast.kind === 'read' || ast.kind === 'scan') {
    throw new DqlError(
      'usage.wrong-call',
      `${ast.kind === 'scan' ? 'SCAN' : 'A read'} gives items, and db.run writes: read with ` +
        'db.first, db.all, db.iterate, db.count or db.page.',
      { position: { text, offset: ast.at } },
    )
  }
  if (ast.explain) {
    throw new DqlError(
      'usage.wrong-call',
      'An EXPLAIN statement gives a plan and writes nothing: pass it to db.explain (or db.execute), or drop EXPLAIN.',
      { position: { text, offset: ast.at } },
    )
  }
  if (ast.kind === 'check') {
    throw new DqlError(
      'usage.wrong-call',
      'CHECK writes nothing by itself: it is a condition of a transaction. Pass it to db.transact with the writes it guards.',
      { position: { text, offset: ast.at } },
    )
  }
}
