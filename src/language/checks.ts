/**
 * The checks that go beyond the grammar: function names and arities, LIMIT, SEGMENTS and
 * list-index ranges, SEGMENTS outside a SCAN, empty back-quoted names, nesting depth, and a condition used where a value belongs.
 * Each throws a SyntaxProblem at the spot; the parser runs them inside `$.ACTION`.
 */
import type { IToken } from 'chevrotain'
import type { Condition, Operand, PathNode, ReturningNode, SetOperand } from '../ast/nodes.js'
import { didYouMean } from '../text/did-you-mean.js'
import { SyntaxProblem } from './syntax-problem.js'
import { Explain, Scan, Segments } from './tokens.js'
import { FUNCTIONS, PROJECTION_FUNCTION, UPDATE_FUNCTIONS } from './vocabulary.js'

/** How deep parentheses and NOTs may nest; deeper input is `parse.too-deep`. */
export const MAX_NESTING = 64

/** What a term parsed to: an operand, or a function call that is a condition by itself. */
export type Term =
  | { readonly kind: 'operand'; readonly operand: Operand; readonly at: number }
  | { readonly kind: 'condition'; readonly condition: Condition; readonly at: number }

export function operandTerm(node: Operand): Term {
  return { kind: 'operand', operand: node, at: node.at }
}

function conditionTerm(node: Condition): Term {
  return { kind: 'condition', condition: node, at: node.at }
}

/** A function call as written: its name, arguments and offset. */
export interface Call {
  readonly name: string
  readonly args: readonly Operand[]
  readonly at: number
}

/** Checks a function call's name and arguments and turns it into a node. */
export function checkCall(call: Call): Term {
  const lower = call.name.toLowerCase()
  const path = (): PathNode => {
    const first = call.args[0]
    if (first?.kind !== 'path') {
      throw new SyntaxProblem(
        'parse.bad-arguments',
        `${lower}() takes an attribute path as its first argument.`,
        first?.at ?? call.at,
      )
    }
    return first
  }
  const second = (): Operand => {
    const operand = call.args[1]
    if (operand === undefined) throw new Error('unreachable: the arity was checked')
    return operand
  }
  const arity = (count: number, shape: string): void => {
    if (call.args.length !== count) {
      throw new SyntaxProblem(
        'parse.bad-arguments',
        `${lower}() takes ${count === 1 ? 'one argument' : `${count} arguments`}: ${shape}.`,
        call.args[count]?.at ?? call.at,
      )
    }
  }
  const at = call.at
  switch (lower) {
    case 'size':
      arity(1, 'size(path)')
      return operandTerm({ kind: 'size', path: path(), at })
    case 'begins_with':
      arity(2, "begins_with(path, 'prefix')")
      return conditionTerm({ kind: 'begins-with', path: path(), prefix: second(), at })
    case 'contains':
      arity(2, 'contains(path, value)')
      return conditionTerm({ kind: 'contains', path: path(), operand: second(), at })
    case 'attribute_exists':
      arity(1, 'attribute_exists(path)')
      return conditionTerm({ kind: 'attribute-exists', path: path(), at })
    case 'attribute_not_exists':
      arity(1, 'attribute_not_exists(path)')
      return conditionTerm({ kind: 'attribute-not-exists', path: path(), at })
    case 'attribute_type':
      arity(2, "attribute_type(path, 'S')")
      return conditionTerm({ kind: 'attribute-type', path: path(), type: second(), at })
    case PROJECTION_FUNCTION.toLowerCase():
      throw new SyntaxProblem(
        'parse.unknown-function',
        'COUNT(*) belongs in the projection: SELECT COUNT(*) FROM …',
        at,
      )
    default: {
      const suggestions = didYouMean(call.name, FUNCTIONS)
      const hint = suggestions.length > 0 ? ` Did you mean ${suggestions[0]}?` : ''
      throw new SyntaxProblem(
        'parse.unknown-function',
        `Unknown function \`${call.name}\`; the functions are ${FUNCTIONS.join(', ')}.${hint}`,
        at,
        suggestions,
      )
    }
  }
}

/** The name before `(*)` in a projection must be COUNT. */
export function checkProjectionFunction(name: string, at: number): void {
  if (name.toUpperCase() !== PROJECTION_FUNCTION) {
    throw new SyntaxProblem(
      'parse.unknown-function',
      `Unknown function \`${name}\` in the projection; the only one is COUNT(*).`,
      at,
      [PROJECTION_FUNCTION],
    )
  }
}

/** A term where a value or path belongs: a condition there cannot be compared. */
export function asOperand(term: Term): Operand {
  if (term.kind === 'condition') {
    throw new SyntaxProblem(
      'parse.not-comparable',
      `${describeTerm(term)} is a condition by itself and cannot be compared; write it alone.`,
      term.at,
    )
  }
  return term.operand
}

/** LIMIT's number: a whole number of items, at least 1. */
export function checkLimit(image: string, at: number): number {
  const value = Number(image)
  if (!/^\d+$/.test(image) || value < 1 || !Number.isSafeInteger(value)) {
    throw new SyntaxProblem(
      'parse.bad-limit',
      `LIMIT takes a whole number of items from 1 to ${Number.MAX_SAFE_INTEGER}, not ${image}.`,
      at,
    )
  }
  return value
}

/** The most segments DynamoDB's Scan takes (TotalSegments, 1 to 1,000,000). */
export const MAX_SEGMENTS = 1_000_000

/** SEGMENTS' number: a whole number of segments from 1 to MAX_SEGMENTS. */
export function checkSegments(image: string, at: number): number {
  const value = Number(image)
  if (!/^\d+$/.test(image) || value < 1 || value > MAX_SEGMENTS) {
    throw new SyntaxProblem(
      'parse.bad-segments',
      `SEGMENTS takes a whole number of segments from 1 to ${MAX_SEGMENTS.toLocaleString('en-US')}, not ${image}.`,
      at,
    )
  }
  return value
}

/**
 * The problem when a syntax error is the word SEGMENTS in a statement that is not a SCAN:
 * only a Scan is read in segments. Undefined for any other syntax error.
 */
export function segmentsOutsideScan(
  actual: IToken,
  tokens: readonly IToken[],
): SyntaxProblem | undefined {
  if (actual.tokenType !== Segments) return undefined
  const first = tokens.find((token) => token.tokenType !== Explain)
  if (first === undefined || first.tokenType === Scan) return undefined
  return new SyntaxProblem(
    'parse.segments-not-scan',
    'SEGMENTS splits a Scan into parallel segments, and this statement is not a SCAN: write ' +
      'SCAN … SEGMENTS n to read every item in parallel, or drop SEGMENTS.',
    actual.startOffset,
  )
}

/** `[n]` in a path: a whole number from 0. */
export function checkListIndex(image: string, at: number): number {
  const value = Number(image)
  if (!/^\d+$/.test(image) || !Number.isSafeInteger(value)) {
    throw new SyntaxProblem(
      'parse.bad-index',
      `A list index is a whole number from 0 up, not ${image}.`,
      at,
    )
  }
  return value
}

/** The name inside back-quotes (a doubled back-quote is one); never empty. */
export function unquoteName(image: string, at: number): string {
  const name = image.slice(1, -1).replaceAll('``', '`')
  if (name === '') {
    throw new SyntaxProblem(
      'parse.empty-name',
      'A back-quoted name cannot be empty: DynamoDB has no attribute named "".',
      at,
    )
  }
  return name
}

/** Refuses a nesting level past MAX_NESTING. */
export function checkDepth(depth: number, at: number): void {
  if (depth > MAX_NESTING) {
    throw new SyntaxProblem(
      'parse.too-deep',
      `Conditions nest more than ${MAX_NESTING} levels deep (parentheses and NOTs); simplify the WHERE clause.`,
      at,
    )
  }
}

/** How a term is named in a message. */
export function describeTerm(term: Term): string {
  if (term.kind === 'condition') return `${term.condition.kind.replaceAll('-', '_')}(…)`
  const operand = term.operand
  switch (operand.kind) {
    case 'path':
      return `\`${operand.segments.join('.')}\``
    case 'size':
      return 'size(…)'
    default:
      return 'a value'
  }
}

/** A call on the right of `SET path =`: if_not_exists(path, operand) or list_append(a, b). */
export function checkUpdateCall(name: string, args: readonly SetOperand[], at: number): SetOperand {
  const lower = name.toLowerCase()
  const [first, second] = args
  if (lower === 'if_not_exists') {
    if (args.length !== 2 || first === undefined || second === undefined) {
      throw new SyntaxProblem(
        'parse.bad-arguments',
        'if_not_exists() takes 2 arguments: a path and the value to use when it has none.',
        args[2]?.at ?? at,
      )
    }
    if (first.kind !== 'path') {
      throw new SyntaxProblem(
        'parse.bad-arguments',
        'if_not_exists() takes an attribute path as its first argument.',
        first.at,
      )
    }
    return { kind: 'if-not-exists', path: first, fallback: second, at }
  }
  if (lower === 'list_append') {
    if (args.length !== 2 || first === undefined || second === undefined) {
      throw new SyntaxProblem(
        'parse.bad-arguments',
        'list_append() takes 2 arguments: the list and the list to append to it.',
        args[2]?.at ?? at,
      )
    }
    return { kind: 'list-append', left: first, right: second, at }
  }
  throw new SyntaxProblem(
    'parse.unknown-function',
    `Unknown function \`${name}\` in SET; the functions are ${UPDATE_FUNCTIONS.join(' and ')}.`,
    at,
    didYouMean(name, UPDATE_FUNCTIONS),
  )
}

/** DELETE returns the item it deleted, or nothing. */
export function checkDeleteReturning(returning: ReturningNode | undefined): void {
  if (returning === undefined || returning.value === 'ALL_OLD' || returning.value === 'NONE') return
  throw new SyntaxProblem(
    'parse.unexpected-token',
    'DELETE returns the item it deleted or nothing: RETURNING ALL OLD or RETURNING NONE.',
    returning.at,
  )
}
