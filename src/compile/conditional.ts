/**
 * What conditional writes share: the ConditionExpression with its implied part (INSERT: the
 * key is new; UPDATE and CHECK of a key alone: the item exists) and the values bound per call.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import type { Condition } from '../ast/nodes.js'
import type { TableDefinition } from '../schema/define-table.js'
import { bindKey, bindValues, expandPieces } from './binder.js'
import {
  slotOf,
  type ExpressionBuilder,
  type OperandCheck,
  type Pieces,
  type Slot,
  type ValueSlot,
} from './expression.js'
import { checkOperands } from './operand-checks.js'
import type { BindArgs, Key, KeyPart } from './prepared.js'
import type { KeyValue } from '../plan/plan.js'

/** `attribute_exists(pk)` or `attribute_not_exists(pk)` AND the statement's condition. */
export function writeCondition(
  builder: ExpressionBuilder,
  table: TableDefinition,
  implied: 'exists' | 'not-exists' | undefined,
  rest: Condition | undefined,
): Pieces | undefined {
  const at = rest?.at ?? 0
  const path = { kind: 'path', segments: [table.partitionKey], at } as const
  const first: Condition | undefined =
    implied === 'exists'
      ? { kind: 'attribute-exists', path, at }
      : implied === 'not-exists'
        ? { kind: 'attribute-not-exists', path, at }
        : undefined
  if (first === undefined) return rest && builder.condition(rest)
  if (rest === undefined) return builder.condition(first)
  return builder.condition({ kind: 'and', operands: [first, rest], at })
}

/** The parts of a conditional write that are bound per call. */
export interface ConditionalParts {
  readonly text: string
  readonly values: readonly ValueSlot[]
  readonly checks: readonly OperandCheck[]
  readonly condition: Pieces | undefined
}

/**
 * What every conditional write adds to its input — the names its expressions use and, with a
 * condition, the stored item asked back when it fails (the result's `current`) — and the
 * parts it keeps for its calls. Called once the builder holds every expression.
 */
export function conditionalParts(
  builder: ExpressionBuilder,
  text: string,
  condition: Pieces | undefined,
  input: {
    ExpressionAttributeNames?: Record<string, string> | undefined
    ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE' | undefined
  },
): ConditionalParts {
  const names = builder.namesObject()
  if (names) input.ExpressionAttributeNames = names
  if (condition !== undefined) input.ReturnValuesOnConditionCheckFailure = 'ALL_OLD'
  return {
    text,
    values: Object.freeze(builder.values),
    checks: Object.freeze(builder.checks),
    condition,
  }
}

/** Binds the values and expands the condition into `input`. */
export function bindConditional(
  prepared: ConditionalParts,
  args: BindArgs,
  input: {
    ConditionExpression?: string | undefined
    ExpressionAttributeValues?: Record<string, AttributeValue> | undefined
  },
): void {
  const { text, values, condition } = prepared
  const bound = bindValues(text, values, args)
  if (prepared.checks.length > 0) checkOperands(text, prepared.checks, bound)
  if (condition !== undefined) {
    input.ConditionExpression = expandPieces(text, condition, args, bound, values.length)
  }
  for (const _ in bound) {
    input.ExpressionAttributeValues = bound
    break
  }
}

/** The key parts of a one-item write. */
export function keyParts(
  table: TableDefinition,
  partition: KeyValue,
  sort: KeyValue | undefined,
): { partition: KeyPart<Slot>; sort: KeyPart<Slot> | undefined } {
  const sortKey = table.sortKey
  return {
    partition: { attribute: table.partitionKey, slots: slotOf(partition) },
    sort:
      sort === undefined || sortKey === undefined
        ? undefined
        : { attribute: sortKey, slots: slotOf(sort) },
  }
}

/** This call's Key. */
export function bindWriteKey(
  text: string,
  partition: KeyPart<Slot>,
  sort: KeyPart<Slot> | undefined,
  args: BindArgs,
): Key {
  const p = bindKey(text, partition.slots, args, partition.attribute)
  return sort
    ? {
        [partition.attribute]: p,
        [sort.attribute]: bindKey(text, sort.slots, args, sort.attribute),
      }
    : { [partition.attribute]: p }
}
