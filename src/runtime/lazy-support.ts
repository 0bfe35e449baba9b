/**
 * A part of dql that Node loads on its first use rather than with dql (writes, page cursors,
 * scans: see the package's `#dql/writes`, `#dql/cursors` and `#dql/scans` imports): an object
 * whose first property read requires the part's module (synchronously: `require` of an ES
 * module, Node 20.19 and later) and takes its members as its own. The module shares dql's
 * chunks, so its classes are the ones the rest of dql checks with `instanceof`. Bundlers take
 * the part's own module instead (the `module` condition), as they do the grammar.
 */
export function lazySupport<T extends object>(
  url: string,
  file: string,
  name: string,
  keys: readonly (keyof T & string)[],
): T {
  const support = {} as T
  // The first property read requires the part and puts its members in place of the getters,
  // so later calls (every db.run, every SCAN) read plain properties.
  const load = (): T => {
    const part: Record<string, T> = process.getBuiltinModule('node:module').createRequire(url)(file)
    const loaded = part[name]!
    for (const key of keys) Object.defineProperty(support, key, { value: loaded[key] })
    return loaded
  }
  for (const key of keys) {
    Object.defineProperty(support, key, { get: () => load()[key], configurable: true })
  }
  return support
}
