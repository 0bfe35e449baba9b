/**
 * `#dql/cursors` for Node (the package import without the `module` condition): the page cursors
 * are required by the first `db.page`, not imported with dql.
 */
import { lazySupport } from '../runtime/lazy-support.js'
import type { CursorSupport } from './cursor-support.js'

export const cursorSupport: CursorSupport | undefined = lazySupport<CursorSupport>(
  import.meta.url,
  './cursor-support.js',
  'cursorSupport',
  ['decodeCursor', 'encodeCursor', 'identityOf'],
)
