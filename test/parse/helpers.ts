import { expect } from 'vitest'
import type { PathNode, ReadOrScan, Statement } from '../../src/ast/nodes.js'
import { DqlError } from '../../src/errors.js'
import { parseText } from '../../src/parse/parse-text.js'

/** Parses a text statement and returns its AST. */
export function ast(text: string): Statement {
  return parseText(text, null).ast
}

/** Parses a read or scan statement and returns its AST. */
export function readAst(text: string): ReadOrScan {
  const statement = ast(text)
  if (statement.kind !== 'read' && statement.kind !== 'scan') throw new Error(`not a read: ${text}`)
  return statement
}

/** A path node, for whole-AST expectations. */
export function path(at: number, ...segments: (string | number)[]): PathNode {
  return { kind: 'path', segments, at }
}

/** What a failing parse reports: the parts a user reads. */
export interface Failure {
  code: string
  line: number | undefined
  column: number | undefined
}

/** Runs `fn`, expects a DqlError, and returns its code and position. */
export function failure(fn: () => unknown): Failure & { error: DqlError } {
  let caught: unknown
  try {
    fn()
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(DqlError)
  const error = caught as DqlError
  return { code: error.code, line: error.line, column: error.column, error }
}

/** The code, line and column of parsing `text`, which must fail. */
export function parseFailure(text: string): Failure {
  const { code, line, column } = failure(() => parseText(text, null))
  return { code, line, column }
}

/** Offset of the `occurrence`-th `needle` in `text` (1-based), failing loudly if absent. */
export function pos(text: string, needle: string, occurrence = 1): number {
  let offset = -1
  for (let i = 0; i < occurrence; i++) {
    offset = text.indexOf(needle, offset + 1)
    if (offset === -1) throw new Error(`"${needle}" #${occurrence} is not in: ${text}`)
  }
  return offset
}
