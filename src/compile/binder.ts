/**
 * Looking up and marshalling one call's values, with errors that point at the hole or
 * parameter in the statement text.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { DqlError } from '../errors.js'
import {
  staticText,
  type CallSlot,
  type CompositeSlot,
  type Pieces,
  type Slot,
  type ValueSlot,
} from './expression.js'
import { defineOwn, isKeyType, marshal, MarshalProblem } from './marshal.js'
import type { BindArgs, KeySlots } from './prepared.js'

/** True for a template's values (an array), false for a text statement's parameters. */
function isHoleValues(args: BindArgs): args is readonly unknown[] {
  return Array.isArray(args)
}

/** The raw value a slot names in this call's values. */
export function rawValue(text: string, slot: CallSlot, args: BindArgs): unknown {
  if (slot.kind === 'hole') {
    if (!isHoleValues(args)) {
      throw bindError(
        text,
        'bind.missing-param',
        'This statement has ${…} holes; call it with the template values.',
        slot.at,
      )
    }
    return args[slot.index]
  }
  if (isHoleValues(args)) {
    throw bindError(
      text,
      'bind.missing-param',
      `:${slot.name} is a parameter of text statements (db.prepare); in a template, write the value as \${…}.`,
      slot.at,
    )
  }
  if (!Object.hasOwn(args, slot.name)) {
    throw bindError(
      text,
      'bind.missing-param',
      `No value for :${slot.name}; pass it in the parameters, e.g. { ${slot.name}: … }.`,
      slot.at,
    )
  }
  return args[slot.name]
}

/** A slot's value, marshalled. */
export function bindValue(text: string, slot: Slot, args: BindArgs): AttributeValue {
  if (slot.kind === 'static') return slot.value
  if (slot.kind === 'composite') return bindComposite(text, slot, args)
  const mapped = marshal(rawValue(text, slot, args))
  if (mapped instanceof MarshalProblem) throw badValue(text, slot, mapped.reason)
  return mapped
}

/** A written map or list with holes or parameters inside, built for this call. */
function bindComposite(text: string, slot: CompositeSlot, args: BindArgs): AttributeValue {
  const { shape } = slot
  if (shape.kind === 'list') return { L: shape.items.map((item) => bindValue(text, item, args)) }
  const map: Record<string, AttributeValue> = {}
  for (const [name, item] of shape.entries) {
    const value = bindValue(text, item, args)
    if (name === '__proto__') defineOwn(map, name, value)
    else map[name] = value
  }
  return { M: map }
}

/** A key attribute's value: marshalled, and a string, a number or binary. */
export function bindKey(
  text: string,
  slot: Slot,
  args: BindArgs,
  attribute: string,
): AttributeValue {
  const value = bindValue(text, slot, args)
  checkKey(text, value, slot, attribute)
  return value
}

/** Throws bind.bad-value unless `value` can be a key: a string, a number or a binary. */
export function checkKey(text: string, value: AttributeValue, slot: Slot, attribute: string): void {
  if (!isKeyType(value)) {
    throw bindError(
      text,
      'bind.bad-value',
      `The key ${attribute} takes a string, a number or a Uint8Array, not ${describeValue(value)}.`,
      slot.kind === 'static' ? 0 : slot.at,
    )
  }
}

/** Every value a key attribute takes in this call, in order. */
export function bindKeyList(
  text: string,
  slots: KeySlots,
  args: BindArgs,
  attribute: string,
): AttributeValue[] {
  switch (slots.kind) {
    case 'one':
      return [bindKey(text, slots.slot, args, attribute)]
    case 'list':
      return slots.slots.map((slot) => bindKey(text, slot, args, attribute))
    case 'array':
      return bindArray(text, slots.slot, args).map((item) => {
        const mapped = marshal(item)
        if (mapped instanceof MarshalProblem) throw badValue(text, slots.slot, mapped.reason)
        if (!isKeyType(mapped)) {
          throw bindError(
            text,
            'bind.bad-value',
            `The key ${attribute} takes strings, numbers or Uint8Arrays, not ${describeValue(mapped)}.`,
            slots.slot.at,
          )
        }
        return mapped
      })
  }
}

/** The items of a value that holds an IN list: an array, or a Set. */
export function bindArray(text: string, slot: CallSlot, args: BindArgs): readonly unknown[] {
  const raw = rawValue(text, slot, args)
  if (Array.isArray(raw)) return raw
  if (raw instanceof Set) return [...raw]
  throw badValue(text, slot, `IN needs an array (or a Set) of values here, not ${typeof raw}`)
}

/** Every placeholder's value, marshalled. */
export function bindValues(
  text: string,
  list: readonly ValueSlot[],
  args: BindArgs,
): Record<string, AttributeValue> {
  const bound: Record<string, AttributeValue> = {}
  for (const { placeholder, slot } of list) bound[placeholder] = bindValue(text, slot, args)
  return bound
}

/** `bind.bad-value` for the value of a hole or a parameter. */
export function badValue(text: string, slot: CallSlot, problem: string): DqlError {
  const which =
    slot.kind === 'hole' ? `The value of hole ${slot.index + 1}` : `The value of :${slot.name}`
  return bindError(text, 'bind.bad-value', `${which} cannot be sent: ${problem}.`, slot.at)
}

export function bindError(
  text: string,
  code: 'bind.bad-value' | 'bind.missing-param',
  reason: string,
  at: number,
): DqlError {
  return new DqlError(code, reason, { position: { text, offset: at } })
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  S: 'a string',
  N: 'a number',
  B: 'binary',
  BOOL: 'a boolean',
  NULL: 'null',
  L: 'a list',
  M: 'an object',
  SS: 'a Set',
  NS: 'a Set',
  BS: 'a Set',
}

/** "a string", "a list", …: the kind of a value, for messages. */
export function describeValue(value: AttributeValue): string {
  const type = Object.keys(value)[0] ?? 'nothing'
  return TYPE_NAMES[type] ?? type
}

/** Largest IN list DynamoDB takes in a condition. */
const MAX_IN_VALUES = 100

/**
 * Expression text for this call: an IN list held by one value gets a placeholder per item,
 * numbered on from `next`, and its values are added to `bound`.
 */
export function expandPieces(
  text: string,
  pieces: Pieces,
  args: BindArgs,
  bound: Record<string, AttributeValue>,
  next: number,
): string {
  const fixed = staticText(pieces)
  if (fixed !== undefined) return fixed
  let expanded = ''
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      expanded += piece
      continue
    }
    const items = bindArray(text, piece.slot, args)
    if (items.length === 0 || items.length > MAX_IN_VALUES) {
      throw badValue(
        text,
        piece.slot,
        `IN takes 1 to ${MAX_IN_VALUES} values in a condition, not ${items.length}`,
      )
    }
    const placeholders: string[] = []
    for (const item of items) {
      const mapped = marshal(item)
      if (mapped instanceof MarshalProblem) throw badValue(text, piece.slot, mapped.reason)
      const placeholder = `:v${next++}`
      bound[placeholder] = mapped
      placeholders.push(placeholder)
    }
    expanded += placeholders.join(', ')
  }
  return expanded
}
