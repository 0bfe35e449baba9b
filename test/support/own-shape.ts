/**
 * What `toEqual` does not show: whether each key of a result is an own, enumerable data
 * property, and what each object's prototype is. `toEqual` passes for an object whose
 * prototype was replaced (`out.__proto__ = …`), because it compares own keys only.
 */
export function ownShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ownShape)
  if (value === null || typeof value !== 'object') return value
  if (value instanceof Uint8Array || value instanceof Set) return value
  const prototype = Object.getPrototypeOf(value)
  return {
    prototype:
      prototype === Object.prototype ? 'Object.prototype' : prototype === null ? 'null' : 'other',
    properties: Object.getOwnPropertyNames(value)
      .sort()
      .map((key) => {
        const property = Object.getOwnPropertyDescriptor(value, key)
        return {
          key,
          enumerable: property?.enumerable,
          data: property !== undefined && 'value' in property,
          value: ownShape(property?.value),
        }
      }),
  }
}

/** Object.prototype's own property names, to show a read added none. */
export function prototypeNames(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort()
}
