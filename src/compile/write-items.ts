/**
 * Writes of several items, bound into plain SDK data for their executors: INSERT … VALUES as
 * the TransactWriteItems Puts (each on condition that its key is new), REPLACE … VALUES as
 * BatchWriteItem PutRequests and DELETE of IN-list keys as DeleteRequests — one request per
 * distinct key, in order, not yet cut into requests of 25.
 */
import type { TransactWriteItem, WriteRequest } from '@aws-sdk/client-dynamodb'
import { DqlError } from '../errors.js'
import type { DeleteItemsPlan, InsertItemsPlan, ReplaceItemsPlan } from '../plan/write-plan.js'
import type { TableDefinition } from '../schema/define-table.js'
import { keySlotsOf, keyProduct } from './key-slots.js'
import { keyId } from './marshal.js'
import type { BindArgs, Key } from './prepared.js'
import type { BoundWrite, PreparedInsertItems, PreparedWriteItems } from './prepared-write.js'
import { bindItem, compileItem, keyOf, type Item } from './write-values.js'

export function compileInsertItems(plan: InsertItemsPlan, text: string): PreparedInsertItems {
  return Object.freeze({
    operation: 'TransactWriteItems',
    plan,
    text,
    items: Object.freeze(plan.items.map((item) => compileItem(plan.table, item))),
  })
}

export function bindInsertItems(prepared: PreparedInsertItems, args: BindArgs): BoundWrite {
  const { plan, text } = prepared
  const items = prepared.items.map((item) => bindItem(text, plan.table, item, args))
  return insertRequests(plan.table, text, items, plan.items[0]?.at ?? 0)
}

/** One Put per item, on condition that its key is new; two items with one key are refused. */
export function insertRequests(
  table: TableDefinition,
  text: string,
  items: readonly Item[],
  at: number,
): BoundWrite {
  const seen = new Map<string, number>()
  items.forEach((item, i) => {
    const id = idOf(table, keyOf(table, item))
    const before = seen.get(id)
    if (before !== undefined) {
      throw new DqlError(
        'bind.bad-item',
        `Items ${before} and ${i} have the same key; INSERT writes each key once.`,
        { position: { text, offset: at } },
      )
    }
    seen.set(id, i)
  })
  const names = { '#n0': table.partitionKey }
  const transact: TransactWriteItem[] = items.map((Item) => ({
    Put: {
      TableName: table.tableName,
      Item,
      ConditionExpression: 'attribute_not_exists(#n0)',
      ExpressionAttributeNames: names,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  }))
  return { operation: 'TransactWriteItems', items: transact }
}

/** PutRequests, one per distinct key: of two items with one key, the later is written. */
export function replaceRequests(table: TableDefinition, items: readonly Item[]): BoundWrite {
  const byKey = new Map<string, { key: Key; item: Item }>()
  for (const item of items) {
    const key = keyOf(table, item)
    const id = idOf(table, key)
    // Deleted first so that the later item takes the later place.
    byKey.delete(id)
    byKey.set(id, { key, item })
  }
  const requests: WriteRequest[] = []
  const keys: Key[] = []
  for (const { key, item } of byKey.values()) {
    requests.push({ PutRequest: { Item: item } })
    keys.push(key)
  }
  return { operation: 'BatchWriteItem', tableName: table.tableName, requests, keys }
}

export function compileWriteItems(
  plan: ReplaceItemsPlan | DeleteItemsPlan,
  text: string,
): PreparedWriteItems {
  const { table } = plan
  if (plan.kind === 'put') {
    return Object.freeze({
      operation: 'BatchWriteItem',
      plan,
      text,
      items: Object.freeze(plan.items.map((item) => compileItem(table, item))),
      partition: undefined,
      sort: undefined,
    })
  }
  const sortKey = table.sortKey
  return Object.freeze({
    operation: 'BatchWriteItem',
    plan,
    text,
    items: [],
    partition: { attribute: table.partitionKey, slots: keySlotsOf(plan.partition) },
    sort:
      plan.sort === undefined || sortKey === undefined
        ? undefined
        : { attribute: sortKey, slots: keySlotsOf(plan.sort) },
  })
}

export function bindWriteItems(prepared: PreparedWriteItems, args: BindArgs): BoundWrite {
  const { plan, text, partition, sort } = prepared
  if (partition === undefined) {
    return replaceRequests(
      plan.table,
      prepared.items.map((item) => bindItem(text, plan.table, item, args)),
    )
  }
  const keys = keyProduct(text, args, partition, sort)
  const requests: WriteRequest[] = keys.map((Key) => ({ DeleteRequest: { Key } }))
  return { operation: 'BatchWriteItem', tableName: plan.table.tableName, requests, keys }
}

function idOf(table: TableDefinition, key: Key): string {
  const p = key[table.partitionKey]
  const s = table.sortKey === undefined ? undefined : key[table.sortKey]
  return (p ? keyId(p) : '') + (s ? `\u0000${keyId(s)}` : '')
}
