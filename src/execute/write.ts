/**
 * Sending a one-item write (PutItem, UpdateItem, DeleteItem) and reading its answer as a
 * WriteResult: a failed condition is `count: 0` with the stored item as `current` (DynamoDB
 * returns it, ReturnValuesOnConditionCheckFailure ALL_OLD), except for INSERT, whose failed
 * condition — the key exists — is `write.item-exists`. Batches and transactions are sent by
 * their own executors.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import type { BoundWrite } from '../compile/prepared-write.js'
import { DqlError } from '../errors.js'
import { batchWrite } from './batch-write.js'
import { mapItem } from './map-item.js'
import { bounded, type RunContext } from './send.js'
import { insertItems } from './transact.js'

type Item = Record<string, unknown>

/** What `db.run` returns. */
export interface WriteResult {
  /** Items written, updated or deleted. */
  readonly count: number
  /** The RETURNING image, field names as for reads; absent without RETURNING. */
  readonly item?: Item
  /** On a failed condition, the stored item, when there is one. */
  readonly current?: Item
}

export async function runWrite(bound: BoundWrite, context: RunContext): Promise<WriteResult> {
  try {
    switch (bound.operation) {
      case 'PutItem': {
        await bounded(context, 'PutItem', bound.input)
        return { count: 1 }
      }
      case 'UpdateItem': {
        const output = await bounded(context, 'UpdateItem', bound.input)
        if (bound.input.ReturnValues === undefined) return { count: 1 }
        return { count: 1, item: mapped(output.Attributes ?? {}, context) }
      }
      case 'DeleteItem': {
        const output = await bounded(context, 'DeleteItem', bound.input)
        const old = output.Attributes
        if (old === undefined) return { count: 0 }
        return bound.returning ? { count: 1, item: mapped(old, context) } : { count: 1 }
      }
      case 'BatchWriteItem':
        return { count: await batchWrite(context, bound.requests) }
      case 'TransactWriteItems':
        return { count: await insertItems(context, bound.items) }
      case 'ConditionCheck':
        throw new DqlError(
          'usage.wrong-call',
          'CHECK writes nothing by itself: pass it to db.transact with the writes it guards.',
        )
    }
  } catch (error) {
    if (!isConditionFailure(error)) throw error
    const stored = storedItem(error)
    if (bound.operation === 'PutItem' && bound.insert) {
      throw new DqlError(
        'write.item-exists',
        'INSERT writes only new items, and an item with this key exists: use REPLACE to write ' +
          'over it, or UPDATE to change it.',
        { indexes: [0], cause: error },
      )
    }
    if (stored === undefined) return { count: 0 }
    return { count: 0, current: mapped(stored, context) }
  }
}

function mapped(item: Record<string, AttributeValue>, context: RunContext): Item {
  return mapItem(item, context.table, context.numbers)
}

/** DynamoDB's answer to a write whose condition is false (from any client or version). */
function isConditionFailure(error: unknown): error is Error {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException'
}

/** The stored item DynamoDB sends with a failed condition, when it asked for and there is one. */
function storedItem(error: Error): Record<string, AttributeValue> | undefined {
  const item: unknown = Reflect.get(error, 'Item')
  if (typeof item !== 'object' || item === null) return undefined
  const out: Record<string, AttributeValue> = {}
  for (const [name, value] of Object.entries(item)) {
    if (typeof value === 'object' && value !== null) out[name] = value
  }
  return Object.keys(out).length === 0 ? undefined : out
}
