/**
 * `#dql/writes` for Node (the package import without the `module` condition): the writes are
 * required by the first write, `db.transact` or a write's EXPLAIN, not imported with dql.
 */
import { lazySupport } from './lazy-support.js'
import type { WriteSupport } from './write-support.js'

export const writeSupport: WriteSupport | undefined = lazySupport<WriteSupport>(
  import.meta.url,
  './write-support.js',
  'writeSupport',
  ['bindWrite', 'compileWrite', 'explainWrite', 'runWrite', 'planWrite', 'transact'],
)
