/**
 * What the parser throws: a problem and where it is. src/parse turns it into a positioned
 * DqlError, so the language folder needs nothing of the error's presentation.
 */
import type { DqlErrorCode } from '../errors.js'

/** A problem found while parsing; `offset` is where in the statement text it is. */
export class SyntaxProblem {
  constructor(
    readonly code: DqlErrorCode,
    readonly reason: string,
    readonly offset: number,
    readonly suggestions: readonly string[] = [],
  ) {}
}
