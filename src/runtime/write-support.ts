/**
 * Everything the runtime needs for writes and transactions (db.run, db.transact, a write's
 * EXPLAIN), reached through this one module: the main entry's build leaves it to the package's
 * `#dql/writes` import, so that `dqlPrecompile` can leave writes out of the bundle of an
 * application whose statements only read; there `writeSupport` is `undefined`, and a write
 * fails with `usage.not-bundled` (docs/bundling.md).
 */
import { bindWrite, compileWrite } from '../compile/compile-write.js'
import { explainWrite } from '../compile/explain.js'
import { runWrite } from '../execute/write.js'
import { planWrite } from '../plan/plan-write.js'
import { transact } from './transact.js'

export interface WriteSupport {
  readonly bindWrite: typeof bindWrite
  readonly compileWrite: typeof compileWrite
  readonly explainWrite: typeof explainWrite
  readonly runWrite: typeof runWrite
  readonly planWrite: typeof planWrite
  readonly transact: typeof transact
}

export const writeSupport: WriteSupport | undefined = {
  bindWrite,
  compileWrite,
  explainWrite,
  runWrite,
  planWrite,
  transact,
}
