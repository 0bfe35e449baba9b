/**
 * A part of dql that Node loads on its first use rather than with dql (writes, page cursors,
 * scans: see the package's `#dql/writes`, `#dql/cursors` and `#dql/scans` imports): an object
 * whose every property, read, requires the part's module (synchronously: `require` of an ES
 * module, Node 20.19 and later) and answers from it. The module shares dql's chunks, so its
 * classes are the ones the rest of dql checks with `instanceof`. Bundlers take the part's own
 * module instead (the `module` condition), as they do the grammar.
 */
export function lazySupport<T extends object>(
  url: string,
  file: string,
  name: string,
  keys: readonly (keyof T & string)[],
): T {
  let loaded: T | undefined
  const load = (): T => {
    if (loaded === undefined) {
      const part: Record<string, T> = process.getBuiltinModule('node:module').createRequire(url)(
        file,
      )
      loaded = part[name]!
    }
    return loaded
  }
  const support = {} as T
  for (const key of keys) Object.defineProperty(support, key, { get: () => load()[key] })
  return Object.freeze(support)
}
