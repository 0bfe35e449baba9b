/**
 * The page cursors of `page` (cursor.ts), reached through this one module: the main entry's
 * build leaves it to the package's `#dql/cursors` import, so that `dqlPrecompile` can leave
 * them out of the bundle of an application that never calls `page`; there `cursorSupport` is
 * `undefined`, and `page` fails with `usage.not-bundled` (docs/bundling.md).
 */
import { decodeCursor, encodeCursor, identityOf } from './cursor.js'

export interface CursorSupport {
  readonly decodeCursor: typeof decodeCursor
  readonly encodeCursor: typeof encodeCursor
  readonly identityOf: typeof identityOf
}

export const cursorSupport: CursorSupport | undefined = { decodeCursor, encodeCursor, identityOf }
