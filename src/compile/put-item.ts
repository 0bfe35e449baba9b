/**
 * PutItem: INSERT (on condition that the key is new) or REPLACE (with WHERE, on condition that
 * the stored item matches) of one item. `VALUES ${array}` is planned as one item too, and
 * bound as a transaction (INSERT) or a batch (REPLACE) when the array holds several.
 */
import type { PutItemCommandInput } from '@aws-sdk/client-dynamodb'
import { DqlError } from '../errors.js'
import type { PutItemPlan } from '../plan/write-plan.js'
import { MAX_INSERT_ITEMS } from '../plan/write-plan.js'
import { rawValue } from './binder.js'
import { bindConditional, conditionalParts, writeCondition } from './conditional.js'
import { ExpressionBuilder } from './expression.js'
import type { BindArgs } from './prepared.js'
import type { BoundWrite, PreparedPutItem } from './prepared-write.js'
import { bindItem, compileItem, itemOf, type Item } from './write-values.js'
import { insertRequests, replaceRequests } from './write-items.js'

export function compilePutItem(plan: PutItemPlan, text: string): PreparedPutItem {
  const { table } = plan
  const builder = new ExpressionBuilder(table)
  const condition = writeCondition(
    builder,
    table,
    plan.mode === 'insert' ? 'not-exists' : undefined,
    plan.condition,
  )
  const input: Omit<PutItemCommandInput, 'Item'> = { TableName: table.tableName }
  const parts = conditionalParts(builder, text, condition, input)
  return Object.freeze({
    operation: 'PutItem',
    plan,
    input: Object.freeze(input),
    item: compileItem(table, plan.item),
    ...parts,
  })
}

export function bindPutItem(prepared: PreparedPutItem, args: BindArgs): BoundWrite {
  const { plan, text, item } = prepared
  const insert = plan.mode === 'insert'
  if (plan.maybeList && item.kind === 'value') {
    const raw = rawValue(text, item.slot, args)
    if (Array.isArray(raw)) {
      const items = raw.map((one: unknown, i) => itemOf(text, plan.table, one, item.slot, i))
      const [only] = items
      if (items.length !== 1 || only === undefined) return several(prepared, items)
      return put(prepared, only, args, insert)
    }
  }
  return put(prepared, bindItem(text, plan.table, item, args), args, insert)
}

function put(prepared: PreparedPutItem, Item: Item, args: BindArgs, insert: boolean): BoundWrite {
  const input: PutItemCommandInput = { ...prepared.input, Item }
  bindConditional(prepared, args, input)
  return { operation: 'PutItem', input, insert }
}

/** VALUES ${array} of several items: a transaction (INSERT) or a batch (REPLACE). */
function several(prepared: PreparedPutItem, items: Item[]): BoundWrite {
  const { plan, text, item } = prepared
  const at = item.kind === 'value' ? item.slot.at : 0
  const fail = (reason: string) =>
    new DqlError('bind.bad-item', reason, { position: { text, offset: at } })
  if (items.length === 0) throw fail('VALUES holds no items; pass at least one.')
  if (plan.mode === 'insert') {
    if (items.length > MAX_INSERT_ITEMS) {
      throw fail(
        `INSERT … VALUES writes at most ${MAX_INSERT_ITEMS} items, all or none, in one ` +
          `TransactWriteItems; this array holds ${items.length}. Split it, or use REPLACE.`,
      )
    }
    return insertRequests(plan.table, text, items, at)
  }
  if (plan.condition !== undefined) {
    throw fail(
      `REPLACE … VALUES of ${items.length} items is a BatchWriteItem, which cannot carry the ` +
        'WHERE condition: pass one item, or drop the WHERE.',
    )
  }
  return replaceRequests(plan.table, items)
}
