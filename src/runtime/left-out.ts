/**
 * The error of a part of dql that `dqlPrecompile` left out of an application's bundle, the
 * application's statements read at build time never needing it (docs/bundling.md).
 */
import { DqlError } from '../errors.js'

export function leftOut(part: string): DqlError {
  return new DqlError(
    'usage.not-bundled',
    `${part} not in this bundle: dqlPrecompile left it out, reading no statement or call in ` +
      "the application's files that needs it. Bundle with dqlPrecompile({ features: 'all' }) " +
      'to keep every part of dql.',
  )
}
