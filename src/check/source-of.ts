/**
 * JavaScript source text of a plain value (a syntax tree read or a plan made at build time), for
 * the modules the esbuild plugin writes. Unlike JSON it keeps a property whose value is
 * `undefined`, so the value the bundle builds has exactly the properties the parser or the
 * planner gave; Maps, Sets and byte arrays are built again, and an object of `refs` is written
 * as the expression `refs` gives for it (a table definition written once).
 */
export function sourceOf(value: unknown, refs?: ReadonlyMap<object, string>): string {
  if (value === undefined) return 'undefined'
  if (typeof value === 'number') {
    if (Object.is(value, -0)) return '-0'
    return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? 'NaN' : `${value}`
  }
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) {
    return JSON.stringify(value)
  }
  const ref = typeof value === 'object' ? refs?.get(value) : undefined
  if (ref !== undefined) return ref
  const of = (item: unknown) => sourceOf(item, refs)
  if (Array.isArray(value)) return `[${value.map(of).join(',')}]`
  if (value instanceof Map) return `new Map(${of([...value])})`
  if (value instanceof Set) return `new Set(${of([...value])})`
  if (value instanceof Uint8Array) return `new Uint8Array(${of([...value])})`
  if (typeof value === 'object') {
    const fields = Object.entries(value).map(
      ([key, field]) => `${JSON.stringify(key)}:${of(field)}`,
    )
    return `{${fields.join(',')}}`
  }
  throw new TypeError(`A syntax tree or plan holds no ${typeof value}.`)
}
