/**
 * Transactions: TransactWriteItems with a ClientRequestToken of dql's own, so that a request
 * the SDK (or a deadline) sends again is applied once, and TransactGetItems. A cancelled
 * transaction is `write.transaction-canceled`, with DynamoDB's reason for each statement.
 */
import { randomUUID } from 'node:crypto'
import {
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  type CancellationReason as SdkCancellationReason,
  type ConditionCheck,
  type DeleteItemCommandInput,
  type PutItemCommandInput,
  type TransactWriteItem,
  type UpdateItemCommandInput,
  type TransactGetItemsCommandInput,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb'
import { DqlError, type CancellationReason } from '../errors.js'
import type { TableDefinition } from '../schema/define-table.js'
import { mapItem, type NumberMode } from './map-item.js'
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
  const command = new TransactWriteItemsCommand({ ...input, ClientRequestToken: randomUUID() })
  try {
    await bounded(context, 'TransactWriteItems', (options) => context.client.send(command, options))
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
  const command = new TransactGetItemsCommand(input)
  let output
  try {
    output = await bounded(context, 'TransactGetItems', (options) =>
      context.client.send(command, options),
    )
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

/** What one transaction item of each kind keeps of a single write's input. */
type Shared = Pick<
  PutItemCommandInput,
  | 'TableName'
  | 'ConditionExpression'
  | 'ExpressionAttributeNames'
  | 'ExpressionAttributeValues'
  | 'ReturnValuesOnConditionCheckFailure'
>

/**
 * A single write's SDK input as an item of TransactWriteItems: the same table, key or item,
 * expressions and values; what a transaction item cannot carry (ReturnValues, capacity and
 * metrics options) is left out.
 */
export function transactItemOf(
  write:
    | { readonly operation: 'PutItem'; readonly input: PutItemCommandInput }
    | { readonly operation: 'UpdateItem'; readonly input: UpdateItemCommandInput }
    | { readonly operation: 'DeleteItem'; readonly input: DeleteItemCommandInput }
    | { readonly operation: 'ConditionCheck'; readonly input: ConditionCheck },
): TransactWriteItem {
  switch (write.operation) {
    case 'PutItem': {
      const { Item, ...rest } = write.input
      return { Put: { ...shared(rest), Item } }
    }
    case 'UpdateItem': {
      const { Key, UpdateExpression, ...rest } = write.input
      return { Update: { ...shared(rest), Key, UpdateExpression } }
    }
    case 'DeleteItem': {
      const { Key, ...rest } = write.input
      return { Delete: { ...shared(rest), Key } }
    }
    case 'ConditionCheck':
      return { ConditionCheck: write.input }
  }
}

/** The fields every kind of transaction item shares, only those present. */
function shared(input: Shared & { readonly TableName: string | undefined }) {
  const out: Shared & { TableName: string | undefined } = { TableName: input.TableName }
  if (input.ConditionExpression !== undefined) out.ConditionExpression = input.ConditionExpression
  if (input.ExpressionAttributeNames !== undefined) {
    out.ExpressionAttributeNames = input.ExpressionAttributeNames
  }
  if (input.ExpressionAttributeValues !== undefined) {
    out.ExpressionAttributeValues = input.ExpressionAttributeValues
  }
  if (input.ReturnValuesOnConditionCheckFailure !== undefined) {
    out.ReturnValuesOnConditionCheckFailure = input.ReturnValuesOnConditionCheckFailure
  }
  return out
}
