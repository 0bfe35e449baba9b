/**
 * How the rest of dql reaches the grammar (grammar.ts): through `loadGrammar()`, on the first
 * statement it reads. In the sources and in a bundler's build of dql (the package's `#dql/grammar`
 * import, `module` condition) this module imports the grammar statically; in Node, the same
 * import resolves to load-grammar-node.ts, which loads it on first use instead, so that
 * importing dql does not load Chevrotain (docs/performance.md, "Cold start").
 */
import * as grammar from './grammar.js'

/** The grammar's module: `readStatement`, statement text → syntax tree or problem. */
export type Grammar = typeof grammar

/** The grammar, loaded. */
export function loadGrammar(): Grammar {
  return grammar
}
