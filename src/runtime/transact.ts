/**
 * `db.transact(statements)`: all reads by full key → one TransactGetItems, all writes → one
 * TransactWriteItems. Everything that makes a transaction impossible is refused before
 * anything is sent: no statements, more than 100, a read that is not a GetItem, reads and
 * writes mixed, an EXPLAIN.
 */
import type { TransactGetItem } from '@aws-sdk/client-dynamodb'
import { DqlError } from '../errors.js'
import { transactGet, type TransactContext } from '../execute/transact.js'
import type { TableDefinition } from '../schema/define-table.js'
import type { Call, Runtime } from './runtime.js'

/** Most statements one transaction may hold (DynamoDB's limit). */
export const MAX_TRANSACTION = 100

type Item = Record<string, unknown>

/** What a transaction gives: how many statements wrote, or the items read, in order. */
export type TransactResult =
  { readonly count: number } | { readonly items: readonly (Item | undefined)[] }

/** Runs `calls` as one transaction; `signal` may cancel it before it is sent. */
export async function transact(
  runtime: Runtime,
  calls: readonly Call[],
  signal: AbortSignal | undefined,
): Promise<TransactResult> {
  if (calls.length === 0) {
    throw new DqlError('usage.bad-argument', 'db.transact takes a list of one or more statements.')
  }
  if (calls.length > MAX_TRANSACTION) {
    throw new DqlError(
      'usage.bad-argument',
      `A transaction holds at most ${MAX_TRANSACTION} statements (DynamoDB's limit); this one has ` +
        `${calls.length}. Split it, or write the items with a batch (REPLACE … VALUES) if they ` +
        'need not be written together.',
    )
  }
  const first = calls[0]
  const reads = first !== undefined && isRead(first)
  for (const call of calls) refuse(call, reads)
  const items: TransactGetItem[] = []
  const tables: TableDefinition[] = []
  for (const call of calls) {
    const { bound, context } = await runtime.bound(call, 'items')
    if (bound.operation !== 'GetItem') throw notGetItem(call, bound.operation)
    const { ConsistentRead: _, ...get } = bound.input
    items.push({
      Get: { ...get, TableName: get.TableName ?? context.table.tableName, Key: get.Key ?? {} },
    })
    tables.push(context.table)
  }
  const context: TransactContext = { ...runtime.sendContext(), signal }
  return { items: await transactGet(context, { TransactItems: items }, tables) }
}

function isRead(call: Call): boolean {
  const kind = call.parsed.ast.kind
  return kind === 'read' || kind === 'scan'
}

/** Refuses what no transaction can hold, and a read among writes or a write among reads. */
function refuse(call: Call, reads: boolean): void {
  const { ast, text } = call.parsed
  const position = { text, offset: ast.at }
  if (ast.explain) {
    throw new DqlError(
      'usage.wrong-call',
      'An EXPLAIN statement gives a plan: pass it to db.explain, not db.transact.',
      { position },
    )
  }
  if (isRead(call) !== reads) {
    throw new DqlError(
      'usage.wrong-call',
      'A transaction either reads (TransactGetItems) or writes (TransactWriteItems), not both: ' +
        `this statement ${reads ? 'writes' : 'reads'}, the first one ${reads ? 'reads' : 'writes'}. ` +
        'Run them as two transactions, or guard the write with CHECK.',
      { position },
    )
  }
  if (ast.kind === 'scan' || (ast.kind === 'read' && ast.projection.kind === 'count')) {
    throw notGetItem(call, ast.kind === 'scan' ? 'Scan' : 'a count')
  }
}

function notGetItem(call: Call, what: string): DqlError {
  const { ast, text } = call.parsed
  return new DqlError(
    'usage.wrong-call',
    `A transaction reads one item per statement, by its full primary key (GetItem); this ` +
      `statement is ${what === 'a count' ? 'a count' : `a ${what}`}. Give the full key by equality, ` +
      'or read it outside the transaction.',
    { position: { text, offset: ast.at } },
  )
}
