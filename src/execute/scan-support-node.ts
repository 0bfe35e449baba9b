/**
 * `#dql/scans` for Node (the package import without the `module` condition): scans are
 * required by the first SCAN statement planned or run, not imported with dql.
 */
import { lazySupport } from '../runtime/lazy-support.js'
import type { ScanSupport } from './scan-support.js'

export const scanSupport: ScanSupport | undefined = lazySupport<ScanSupport>(
  import.meta.url,
  './scan-support.js',
  'scanSupport',
  [
    'compileScan',
    'bindScan',
    'readSegments',
    'iterateSegments',
    'countSegments',
    'readSegmentPage',
  ],
)
