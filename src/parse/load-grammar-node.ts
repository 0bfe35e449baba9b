/**
 * `loadGrammar` for Node (the package's `#dql/grammar` import without the `module` condition):
 * the grammar's file is required on the first statement, not imported with dql. `require` of
 * an ES module is synchronous (Node 20.19 and later), as the statement calls that need it are:
 * the `dql` tag, `db.explain` and `db.prepare`.
 */
import type { Grammar } from './load-grammar.js'

let loaded: Grammar | undefined

/** The grammar, loaded on the first call. */
export function loadGrammar(): Grammar {
  if (loaded === undefined) {
    const grammar: Grammar = process.getBuiltinModule('node:module').createRequire(import.meta.url)(
      './grammar.js',
    )
    loaded = grammar
  }
  return loaded
}
