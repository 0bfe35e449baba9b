/**
 * What a SCAN statement needs beyond the reads of a key (compile/scan.ts, and segments.ts for
 * `SEGMENTS n`), reached through this one module: the main entry's build leaves it to the
 * package's `#dql/scans` import, so that `dqlPrecompile` can leave scans out of the bundle of
 * an application with no SCAN statement; there `scanSupport` is `undefined`, and a SCAN fails
 * with `usage.not-bundled` (docs/bundling.md).
 */
import { bindScan, compileScan } from '../compile/scan.js'
import { countSegments, iterateSegments, readSegmentPage, readSegments } from './segments.js'

export interface ScanSupport {
  readonly compileScan: typeof compileScan
  readonly bindScan: typeof bindScan
  readonly readSegments: typeof readSegments
  readonly iterateSegments: typeof iterateSegments
  readonly countSegments: typeof countSegments
  readonly readSegmentPage: typeof readSegmentPage
}

export const scanSupport: ScanSupport | undefined = {
  compileScan,
  bindScan,
  readSegments,
  iterateSegments,
  countSegments,
  readSegmentPage,
}
