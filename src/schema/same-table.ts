/**
 * Whether two table definitions are the same table in every respect, and if not, the first
 * way they differ, as a registry refusing both under one name says it.
 */
import type { IndexDefinition, IndexProjection, TableDefinition } from './define-table.js'

/**
 * How `a` and `b` first differ ("sortKey x in one, none in the other"), or undefined; `labels`
 * say which is which in place of "in one" and "in the other".
 */
export function differenceOf(
  a: TableDefinition,
  b: TableDefinition,
  labels: readonly [string, string] = ['in one', 'in the other'],
): string | undefined {
  const differs = (what: string, one: string, other: string) =>
    `${what} ${one} ${labels[0]}, ${other} ${labels[1]}`
  for (const key of ['tableName', 'partitionKey', 'sortKey'] as const) {
    if (a[key] !== b[key]) return differs(key, a[key] ?? 'none', b[key] ?? 'none')
  }
  if (!sameEntries(a.fields, b.fields)) {
    return differs('fields', fieldsOf(a), fieldsOf(b))
  }
  const names = (table: TableDefinition) =>
    table.indexes.map((index) => index.name).join(', ') || 'none'
  if (names(a) !== names(b)) return differs('indexes', names(a), names(b))
  for (const [i, index] of a.indexes.entries()) {
    const other = b.indexes[i]
    if (other === undefined) continue
    for (const key of INDEX_KEYS) {
      const [x, y] = [shown(index[key]), shown(other[key])]
      if (x !== y) return differs(`index ${index.name}'s ${key}`, x, y)
    }
  }
  return undefined
}

/** What an index is, apart from its name (`projected` follows from these). */
const INDEX_KEYS = [
  'indexName',
  'type',
  'partitionKey',
  'sortKey',
  'projection',
  'sparse',
] as const satisfies readonly (keyof IndexDefinition)[]

function shown(value: IndexProjection | string | boolean | undefined): string {
  if (value === undefined) return 'none'
  if (typeof value === 'string' || typeof value === 'boolean') return String(value)
  return `[${value.join(', ')}]`
}

function sameEntries(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false
  for (const [key, value] of a) if (b.get(key) !== value) return false
  return true
}

function fieldsOf(table: TableDefinition): string {
  const entries = [...table.fields].map(([field, attribute]) => `${field}: ${attribute}`)
  return entries.length ? `{ ${entries.join(', ')} }` : 'none'
}
