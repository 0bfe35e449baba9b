/**
 * `db.transact(statements)`: all reads by full key → one TransactGetItems, all writes → one
 * TransactWriteItems. Everything that makes a transaction impossible is refused before
 * anything is sent: no statements, more than 100, a read that is not a GetItem, reads and
 * writes mixed, an EXPLAIN.
 */
import type { TransactGetItem, TransactWriteItem } from '@aws-sdk/client-dynamodb'
import { transactItems } from '../compile/compile-write.js'
import { DqlError, type CancellationReason } from '../errors.js'
import { transactGet, transactWrite, type TransactContext } from '../execute/transact.js'
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
  const context: TransactContext = { ...runtime.sendContext(), signal }
  if (reads) {
    const { input, tables } = await gets(runtime, calls)
    return { items: await transactGet(context, input, tables) }
  }
  return { count: await writes(runtime, calls, context) }
}

/** The reads, each a GetItem, as TransactGetItems input and the table of each. */
async function gets(runtime: Runtime, calls: readonly Call[]) {
  const items: TransactGetItem[] = []
  const tables: TableDefinition[] = []
  for (const call of calls) {
    const { bound, context } = await runtime.bound(call, 'items')
    if (bound.operation !== 'GetItem') throw notGetItem(call, bound.operation)
    // Reads in a transaction are always consistent: TransactGetItems takes no ConsistentRead.
    const { ConsistentRead: _, ...get } = bound.input
    items.push({
      Get: { ...get, TableName: get.TableName ?? context.table.tableName, Key: get.Key ?? {} },
    })
    tables.push(context.table)
  }
  return { input: { TransactItems: items }, tables }
}

/**
 * The writes as one TransactWriteItems: each statement's items (one, or one per item of a
 * VALUES list or key of an IN list) with its implied condition. Cancellation reasons are given
 * per statement: a statement's first reason that is not `None`. Returns how many statements
 * wrote (every one but CHECK).
 */
async function writes(runtime: Runtime, calls: readonly Call[], context: TransactContext) {
  const items: TransactWriteItem[] = []
  const tables: TableDefinition[] = []
  /** The statement each item comes from. */
  const owners: number[] = []
  let count = 0
  for (const [index, call] of calls.entries()) {
    const { ast, text } = call.parsed
    if ((ast.kind === 'update' || ast.kind === 'delete') && ast.returning !== undefined) {
      throw new DqlError(
        'usage.wrong-call',
        'A transaction returns no items: TransactWriteItems cannot give RETURNING images. Drop ' +
          'RETURNING, or read the items in a transaction of their own.',
        { position: { text, offset: ast.returning.at } },
      )
    }
    const { prepared, bound } = await runtime.boundWrite(call)
    const own = transactItems(bound)
    for (const item of own) {
      items.push(item)
      tables.push(prepared.plan.table)
      owners.push(index)
    }
    if (ast.kind !== 'check') count++
  }
  if (items.length > MAX_TRANSACTION) {
    throw new DqlError(
      'usage.bad-argument',
      `A transaction holds at most ${MAX_TRANSACTION} items (DynamoDB's limit); these statements ` +
        `write ${items.length}. Split them, or use a batch if they need not be written together.`,
    )
  }
  try {
    await transactWrite(context, { TransactItems: items }, tables)
  } catch (error) {
    throw byStatement(error, owners, calls.length)
  }
  return count
}

/** A cancellation's reasons per statement rather than per item, when they differ. */
function byStatement(error: unknown, owners: readonly number[], statements: number): unknown {
  if (!(error instanceof DqlError) || error.reasons === undefined) return error
  if (owners.length === statements && owners.every((owner, i) => owner === i)) return error
  const reasons: CancellationReason[] = []
  for (let index = 0; index < statements; index++) reasons.push({ index, code: 'None' })
  for (const reason of error.reasons) {
    const owner = owners[reason.index]
    if (owner === undefined || reason.code === 'None' || reasons[owner]?.code !== 'None') continue
    reasons[owner] = { ...reason, index: owner }
  }
  return new DqlError(error.code, error.reason, { reasons, cause: error.cause })
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
