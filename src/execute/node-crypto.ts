/**
 * node:crypto, taken on first use. Loading it costs a few milliseconds, and only cursors,
 * transactions and a cursor secret need it, so importing dql does not load it
 * (docs/performance.md, "Cold start").
 */
let loaded: typeof import('node:crypto') | undefined

/** The node:crypto module, loaded on the first call. */
export function nodeCrypto(): typeof import('node:crypto') {
  return (loaded ??= process.getBuiltinModule('node:crypto'))
}
