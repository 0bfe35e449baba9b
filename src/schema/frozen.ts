/**
 * Maps and sets that cannot change: `Object.freeze` stops a Map's properties from changing but
 * not its entries, and a table definition is shared by every handle and cached plan, so a
 * change to one would make a cached plan disagree with a fresh one. They stay real Maps and
 * Sets (reads cost what they always did, `new Map(table.fields)` copies one); only their
 * mutators throw.
 */

const FROZEN = 'A table definition cannot be changed; define another table with defineTable.'

function refuse(): never {
  throw new TypeError(FROZEN)
}

/** `map`, whose set, delete and clear now throw, frozen. */
export function frozenMap<Key, Value>(map: Map<Key, Value>): ReadonlyMap<Key, Value> {
  // Own, non-enumerable properties: they shadow Map.prototype's and do not show as entries.
  Object.defineProperties(map, {
    set: { value: refuse },
    delete: { value: refuse },
    clear: { value: refuse },
  })
  return Object.freeze(map)
}

/** `set`, whose add, delete and clear now throw, frozen. */
export function frozenSet<Value>(set: Set<Value>): ReadonlySet<Value> {
  Object.defineProperties(set, {
    add: { value: refuse },
    delete: { value: refuse },
    clear: { value: refuse },
  })
  return Object.freeze(set)
}
