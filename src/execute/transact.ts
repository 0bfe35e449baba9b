/**
 * Transactions: TransactWriteItems with a ClientRequestToken of dql's own, so that a request
 * the SDK (or a deadline) sends again is applied once, and TransactGetItems. A cancelled
 * transaction is `write.transaction-canceled`, with DynamoDB's reason for each statement.
 */
import type {
  CancellationReason as SdkCancellationReason,
  TransactWriteItem,
  TransactGetItemsCommandInput,
  TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb'
import { DqlError, type CancellationReason } from '../errors.js'
import type { TableDefinition } from '../schema/define-table.js'
import { mapItem, type NumberMode } from './map-item.js'
import { nodeCrypto } from './node-crypto.js'
import { bounded, type SendContext } from './send.js'

/** Everything a transaction needs besides its input. */
export interface TransactContext extends SendContext {
  readonly numbers: NumberMode
}

type Item = Record<string, unknown>

/**
 * Sends one TransactWriteItems with a new ClientRequestToken (a random UUID): the SDK's own
 * retries and dql's deadline retries send the same input, so DynamoDB applies it once.
 * `tables[i]` is the table of statement i, to give a failed condition's item with field names.
 * Returns how many statements wrote (every one but the condition checks).
 */
export async function transactWrite(
  context: TransactContext,
  input: TransactWriteItemsCommandInput,
  tables: readonly TableDefinition[],
): Promise<number> {
  const tokened = { ...input, ClientRequestToken: nodeCrypto().randomUUID() }
  try {
    await bounded(context, 'TransactWriteItems', tokened)
  } catch (error) {
    throw canceled(error, context, tables, 'TransactWriteItems') ?? error
  }
  let count = 0
  for (const item of input.TransactItems ?? []) if (item.ConditionCheck === undefined) count++
  return count
}

/**
 * Sends one TransactGetItems; returns the items in the order asked, with field names, and
 * `undefined` for a key with no item.
 */
export async function transactGet(
  context: TransactContext,
  input: TransactGetItemsCommandInput,
  tables: readonly TableDefinition[],
): Promise<(Item | undefined)[]> {
  let output
  try {
    output = await bounded(context, 'TransactGetItems', input)
  } catch (error) {
    throw canceled(error, context, tables, 'TransactGetItems') ?? error
  }
  const responses = output.Responses ?? []
  const items: (Item | undefined)[] = []
  for (let i = 0; i < (input.TransactItems ?? []).length; i++) {
    const item = responses[i]?.Item
    const table = tables[i]
    items.push(
      item === undefined || table === undefined ? undefined : mapItem(item, table, context.numbers),
    )
  }
  return items
}

/** `write.transaction-canceled` for DynamoDB's TransactionCanceledException, else undefined. */
function canceled(
  error: unknown,
  context: TransactContext,
  tables: readonly TableDefinition[],
  operation: string,
): DqlError | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined
  const given: unknown = Reflect.get(error, 'CancellationReasons')
  const list: readonly SdkCancellationReason[] = Array.isArray(given) ? given : []
  const reasons = list.map((reason, index) =>
    reasonOf(reason, index, tables[index], context.numbers),
  )
  const causes = reasons.filter((reason) => reason.code !== 'None')
  const said = causes
    .map(
      (reason) =>
        `statement ${reason.index}: ${reason.code}${reason.message ? ` (${reason.message.replace(/\.$/, '')})` : ''}`,
    )
    .join('; ')
  return new DqlError(
    'write.transaction-canceled',
    `DynamoDB cancelled the transaction (${operation}), so none of its statements took effect` +
      `${said ? `: ${said}` : ''}. error.reasons gives the reason of each statement, by index.`,
    { reasons, cause: error },
  )
}

function reasonOf(
  reason: SdkCancellationReason,
  index: number,
  table: TableDefinition | undefined,
  numbers: NumberMode,
): CancellationReason {
  const code = reason.Code ?? 'None'
  const item = reason.Item
  return {
    index,
    code,
    ...(reason.Message === undefined ? {} : { message: reason.Message }),
    ...(item === undefined || table === undefined
      ? {}
      : { current: mapItem(item, table, numbers) }),
  }
}

/**
 * INSERT … VALUES of several items: one TransactWriteItems of their Puts, each on condition
 * that its key is new, all or none. Items whose key existed make `write.item-exists`, with
 * their indexes. Returns how many items were written (all of them).
 */
export async function insertItems(
  context: TransactContext & { readonly table: TableDefinition },
  items: readonly TransactWriteItem[],
): Promise<number> {
  try {
    return await transactWrite(
      context,
      { TransactItems: [...items] },
      items.map(() => context.table),
    )
  } catch (error) {
    const indexes =
      error instanceof DqlError && error.code === 'write.transaction-canceled'
        ? (error.reasons ?? [])
            .filter((reason) => reason.code === 'ConditionalCheckFailed')
            .map((reason) => reason.index)
        : []
    if (indexes.length === 0) throw error
    throw new DqlError(
      'write.item-exists',
      `INSERT writes only new items, and ${indexes.length === 1 ? 'an item' : `${indexes.length} items`} ` +
        `of the statement had a key that exists (${indexes.length === 1 ? 'index' : 'indexes'} ` +
        `${indexes.join(', ')}); nothing was written. Use REPLACE to write over them, or UPDATE ` +
        'to change them.',
      { indexes, cause: error },
    )
  }
}
