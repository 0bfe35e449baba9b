/**
 * Key values: the slots of a key attribute's values (compiled once), and every key an IN list
 * names in one call (bound per call).
 */
import type { KeyValues } from '../plan/plan.js'
import { bindKeyList } from './binder.js'
import { callSlotOf, slotOf } from './expression.js'
import { keyId } from './marshal.js'
import type { BindArgs, Key, KeyPart, KeySlots } from './prepared.js'

/** The slots of a key attribute's values. */
export function keySlotsOf(values: KeyValues): KeySlots {
  switch (values.kind) {
    case 'one':
      return { kind: 'one', slot: slotOf(values.value) }
    case 'list':
      return { kind: 'list', slots: values.values.map(slotOf) }
    case 'array':
      return { kind: 'array', slot: callSlotOf(values.value) }
  }
}

/** Every key (partition × sort) the IN lists name, in list order, without duplicates. */
export function keyProduct(
  text: string,
  args: BindArgs,
  partition: KeyPart<KeySlots>,
  sort: KeyPart<KeySlots> | undefined,
): Key[] {
  const partitions = bindKeyList(text, partition.slots, args, partition.attribute)
  const sorts = sort ? bindKeyList(text, sort.slots, args, sort.attribute) : [undefined]
  const seen = new Set<string>()
  const keys: Key[] = []
  for (const p of partitions) {
    for (const s of sorts) {
      const id = keyId(p) + (s ? `\u0000${keyId(s)}` : '')
      if (seen.has(id)) continue
      seen.add(id)
      // A literal, not `key[name] = s`, so that a key named __proto__ is an own property.
      keys.push(
        s && sort
          ? { [partition.attribute]: p, [sort.attribute]: s }
          : { [partition.attribute]: p },
      )
    }
  }
  return keys
}
