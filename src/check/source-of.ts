/**
 * JavaScript source text of a plain value (a syntax tree read at build time), for the module
 * the esbuild plugin writes. Unlike JSON it keeps a property whose value is `undefined`, so
 * the value the bundle builds has exactly the properties the parser gave.
 */
export function sourceOf(value: unknown): string {
  if (value === undefined) return 'undefined'
  if (typeof value === 'number') {
    if (Object.is(value, -0)) return '-0'
    return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? 'NaN' : `${value}`
  }
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) {
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) return `[${value.map(sourceOf).join(',')}]`
  if (typeof value === 'object') {
    const fields = Object.entries(value).map(
      ([key, field]) => `${JSON.stringify(key)}:${sourceOf(field)}`,
    )
    return `{${fields.join(',')}}`
  }
  throw new TypeError(`A syntax tree holds no ${typeof value}.`)
}
