/**
 * How createDql reaches the lean transport's code (index.ts), which it loads on the first
 * request (lazy.ts). The main entry's build leaves this module to the package's
 * `#dql/lean-transport` import, so that `dqlPrecompile` can leave the lean transport out of an
 * application's bundle that never asks for it: there this is `undefined`, and
 * `createDql({ transport: 'lean' })` fails with `usage.not-bundled` (docs/bundling.md).
 */
export const loadLean: (() => Promise<typeof import('./index.js')>) | undefined = () =>
  import('./index.js')
