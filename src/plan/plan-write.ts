/**
 * The planner of writes (pure: AST + table definition → WritePlan), by the rules of
 * docs/planner.md, "Writes": the key part of WHERE is the table's full primary key by
 * equality in the top-level AND (IN lists for a batch DELETE), the rest is the condition;
 * no write ever reads or scans to find its items.
 */
import type {
  CheckStatement,
  Condition,
  DeleteStatement,
  MapLiteral,
  PutStatement,
  UpdateStatement,
  WriteStatement,
} from '../ast/nodes.js'
import { DqlError, type DqlErrorCode } from '../errors.js'
import type { ParsedStatement } from '../parse/parse-text.js'
import { attributeOf, type TableDefinition } from '../schema/define-table.js'
import {
  conjuncts,
  equalOrIn,
  isList,
  keyUseOf,
  type EqualUse,
  type KeyUse,
} from './key-conditions.js'
import type { KeyValue } from './plan.js'
import { MAX_INSERT_ITEMS, type WritePlan } from './write-plan.js'

type Fail = (code: DqlErrorCode, reason: string, at: number) => DqlError

/** Plans a parsed write statement against its table. Throws a positioned DqlError. */
export function planWrite(
  parsed: ParsedStatement,
  ast: WriteStatement,
  table: TableDefinition,
): WritePlan {
  const fail: Fail = (code, reason, at) =>
    new DqlError(code, reason, { position: { text: parsed.text, offset: at } })
  switch (ast.kind) {
    case 'put':
      return planPut(ast, table, fail)
    case 'update':
      return planUpdate(ast, table, fail)
    case 'delete':
      return planDelete(ast, table, fail)
    case 'check':
      return planCheck(ast, table, fail)
  }
}

function planPut(ast: PutStatement, table: TableDefinition, fail: Fail): WritePlan {
  const { items, plural } = ast.values
  for (const item of items) if (item.kind === 'map') checkItem(table, item, fail)
  if (ast.mode === 'insert' && ast.where !== undefined) {
    throw fail(
      'plan.bad-write',
      'INSERT takes no WHERE: it writes only items whose key is new. Use REPLACE … WHERE to ' +
        'write over an item that matches a condition.',
      ast.where.at,
    )
  }
  const [only] = items
  if (only !== undefined && items.length === 1) {
    const maybeList = plural && only.kind !== 'map'
    return {
      operation: 'PutItem',
      table,
      mode: ast.mode,
      item: only,
      condition: ast.where,
      maybeList,
      reason:
        ast.mode === 'insert'
          ? 'INSERT writes one item with PutItem, on condition that its key is new.'
          : ast.where
            ? 'REPLACE … WHERE writes one item with PutItem, on condition that the stored item matches.'
            : 'REPLACE writes one item with PutItem, whether or not its key exists.',
    }
  }
  if (ast.mode === 'replace') {
    if (ast.where !== undefined) {
      throw fail(
        'plan.bad-write',
        'REPLACE … VALUES of several items is a BatchWriteItem, which cannot carry a condition: ' +
          'drop the WHERE, or replace one item at a time (REPLACE INTO … VALUE … WHERE …), or ' +
          'use db.transact.',
        ast.where.at,
      )
    }
    return {
      operation: 'BatchWriteItem',
      kind: 'put',
      table,
      items,
      reason: `REPLACE … VALUES writes ${items.length} items with BatchWriteItem, 25 per request.`,
    }
  }
  if (items.length > MAX_INSERT_ITEMS) {
    throw fail(
      'plan.bad-item',
      `INSERT … VALUES writes at most ${MAX_INSERT_ITEMS} items, all or none, in one ` +
        `TransactWriteItems; this one has ${items.length}. Split it, or use REPLACE (a batch, ` +
        'without the all-or-none and the new-key check).',
      items[MAX_INSERT_ITEMS]?.at ?? ast.values.at,
    )
  }
  return {
    operation: 'TransactWriteItems',
    table,
    items,
    reason: `INSERT … VALUES writes ${items.length} items in one TransactWriteItems: all or none, each key new.`,
  }
}

/**
 * A written item: every name once (a field and its attribute are one name), the full key
 * present, and a key value that can be a key (a string, a number, a hole or a parameter).
 */
function checkItem(table: TableDefinition, item: MapLiteral, fail: Fail): void {
  const seen = new Map<string, string>()
  for (const entry of item.entries) {
    const attribute = attributeOf(table, entry.name)
    const before = seen.get(attribute)
    if (before !== undefined) {
      throw fail(
        'plan.bad-item',
        before === entry.name
          ? `The item gives '${entry.name}' twice; give each attribute once.`
          : `The item gives the attribute ${attribute} twice, as '${before}' and as '${entry.name}'; give it once.`,
        entry.at,
      )
    }
    seen.set(attribute, entry.name)
    if (isKeyAttribute(table, attribute)) {
      const kind = entry.value.kind
      if (kind !== 'string' && kind !== 'number' && kind !== 'hole' && kind !== 'param') {
        throw fail(
          'plan.bad-item',
          `The key ${attribute} takes a string or a number (or binary, from a value), not a ${kind}.`,
          entry.value.at,
        )
      }
    }
  }
  for (const key of keyAttributes(table)) {
    if (!seen.has(key)) {
      throw fail(
        'plan.bad-item',
        `The item has no ${describeAttribute(table, key)}; an item holds the table's full primary key (${describeKeys(table)}).`,
        item.at,
      )
    }
  }
}

function planUpdate(ast: UpdateStatement, table: TableDefinition, fail: Fail): WritePlan {
  const word = ast.upsert ? 'UPSERT' : 'UPDATE'
  for (const action of ast.actions) {
    const first = action.path.segments[0]
    const attribute = typeof first === 'string' ? attributeOf(table, first) : undefined
    if (attribute !== undefined && isKeyAttribute(table, attribute)) {
      throw fail(
        'plan.key-update',
        `${word} cannot ${action.kind.toUpperCase()} the key attribute ${attribute}: DynamoDB ` +
          'keeps an item under its key. To move an item, DELETE it and INSERT it under the new ' +
          'key (in one db.transact).',
        action.at,
      )
    }
  }
  const key = singleKey(table, ast.where, word, fail)
  return {
    operation: 'UpdateItem',
    table,
    upsert: ast.upsert,
    partition: key.partition,
    sort: key.sort,
    actions: ast.actions,
    condition: key.rest,
    returning: ast.returning?.value,
    reason: ast.upsert
      ? 'UPSERT changes one item by its full key with UpdateItem, creating it when it is missing.'
      : 'UPDATE changes one item by its full key with UpdateItem, on condition that it exists.',
  }
}

function planDelete(ast: DeleteStatement, table: TableDefinition, fail: Fail): WritePlan {
  const found = keyUses(table, ast.where)
  const lists = [found.partition, found.sort].some((use) => use !== undefined && isList(use))
  if (!lists) {
    const key = singleKey(table, ast.where, 'DELETE', fail)
    return {
      operation: 'DeleteItem',
      table,
      partition: key.partition,
      sort: key.sort,
      condition: key.rest,
      returning: ast.returning?.value,
      reason: 'DELETE removes one item by its full key with DeleteItem.',
    }
  }
  const { partition, sort } = requireKey(table, found, ast.where, 'DELETE', fail)
  const [extra] = found.rest
  if (extra !== undefined) {
    throw fail(
      'plan.bad-write',
      'A DELETE of several keys (IN lists) is a BatchWriteItem, which takes no condition: ' +
        'drop this condition, or delete one key at a time (DELETE … WHERE key = … AND …).',
      extra.at,
    )
  }
  if (ast.returning !== undefined && ast.returning.value !== 'NONE') {
    throw fail(
      'plan.bad-write',
      'A DELETE of several keys (IN lists) is a BatchWriteItem, which returns no items: drop RETURNING.',
      ast.returning.at,
    )
  }
  return {
    operation: 'BatchWriteItem',
    kind: 'delete',
    table,
    partition: partition.condition.values,
    sort: sort?.condition.values,
    reason: 'DELETE of the keys of IN lists removes them with BatchWriteItem, 25 per request.',
  }
}

function planCheck(ast: CheckStatement, table: TableDefinition, fail: Fail): WritePlan {
  const key = singleKey(table, ast.where, 'CHECK', fail)
  const exists: Condition = {
    kind: 'attribute-exists',
    path: { kind: 'path', segments: [table.partitionKey], at: ast.where.at },
    at: ast.where.at,
  }
  return {
    operation: 'ConditionCheck',
    table,
    partition: key.partition,
    sort: key.sort,
    // A CHECK of the key alone checks that the item exists.
    condition: key.rest ?? exists,
    reason: 'CHECK is a ConditionCheck on one item by its full key, inside a transaction.',
  }
}

interface FoundKey {
  readonly partition: EqualUse | undefined
  readonly sort: EqualUse | undefined
  readonly rest: readonly Condition[]
}

/** The key uses of WHERE's top-level AND, and the conditions left for the condition. */
function keyUses(table: TableDefinition, where: Condition): FoundKey {
  const conditions = conjuncts(where)
  const uses = new Map<string, KeyUse[]>()
  for (const condition of conditions) {
    const use = keyUseOf(table, condition)
    if (use === undefined) continue
    const list = uses.get(use.attribute) ?? []
    list.push(use)
    uses.set(use.attribute, list)
  }
  const partition = equalOrIn(uses.get(table.partitionKey))
  const sort = table.sortKey === undefined ? undefined : equalOrIn(uses.get(table.sortKey))
  const taken = new Set<Condition>()
  if (partition) taken.add(partition.node)
  if (sort) taken.add(sort.node)
  return { partition, sort, rest: conditions.filter((condition) => !taken.has(condition)) }
}

function requireKey(
  table: TableDefinition,
  found: FoundKey,
  where: Condition,
  word: string,
  fail: Fail,
): { partition: EqualUse; sort: EqualUse | undefined } {
  const { partition, sort } = found
  if (partition === undefined || (table.sortKey !== undefined && sort === undefined)) {
    const missing = partition === undefined ? table.partitionKey : (table.sortKey ?? '')
    throw fail(
      'plan.write-needs-key',
      `${word} needs the table's full primary key by equality in the WHERE clause (${describeKeys(table)}); ` +
        `${describeAttribute(table, missing)} is missing. A write never reads or scans to find its items.`,
      where.at,
    )
  }
  return { partition, sort }
}

/** One key by `=`, and the rest of WHERE joined by AND (undefined when nothing is left). */
function singleKey(
  table: TableDefinition,
  where: Condition,
  word: string,
  fail: Fail,
): { partition: KeyValue; sort: KeyValue | undefined; rest: Condition | undefined } {
  const found = keyUses(table, where)
  const { partition, sort } = requireKey(table, found, where, word, fail)
  const one = (use: EqualUse): KeyValue => {
    const values = use.condition.values
    if (values.kind === 'one') return values.value
    throw fail(
      'plan.write-needs-key',
      `${word} writes one item: give ${describeAttribute(table, use.attribute)} with = (an IN list ` +
        'of keys is for DELETE, as a batch).',
      use.node.at,
    )
  }
  const rest = found.rest
  const [first] = rest
  const condition =
    rest.length > 1 && first !== undefined
      ? ({ kind: 'and', operands: rest, at: first.at } as const)
      : first
  return { partition: one(partition), sort: sort && one(sort), rest: condition }
}

function keyAttributes(table: TableDefinition): string[] {
  return table.sortKey === undefined ? [table.partitionKey] : [table.partitionKey, table.sortKey]
}

function isKeyAttribute(table: TableDefinition, attribute: string): boolean {
  return attribute === table.partitionKey || attribute === table.sortKey
}

function describeAttribute(table: TableDefinition, attribute: string): string {
  const field = table.fieldOf.get(attribute)
  return field === undefined ? attribute : `${attribute} (field ${field})`
}

function describeKeys(table: TableDefinition): string {
  return keyAttributes(table)
    .map((key) => describeAttribute(table, key))
    .join(' and ')
}
