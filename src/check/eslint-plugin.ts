/**
 * The ESLint plugin `dql/eslint-plugin` (flat config), with one rule, `dql/valid-statement`:
 * the errors `dql check` reports, at the same spots, in the editor. Tables are the rule's
 * options, as `defineTable` takes them:
 *
 *   import dql from 'dql/eslint-plugin'
 *   export default [{
 *     plugins: { dql },
 *     rules: { 'dql/valid-statement': ['error', { tables: [{ name: 'bins', partitionKey: 'card_bin' }] }] },
 *   }]
 *
 * ESLint is an optional peer dependency: this module imports nothing from it.
 */
import { defineTable, isTableDefinition, type TableDefinition } from '../schema/define-table.js'
import { checkStatement, type CheckTables } from './check-statement.js'
import { findStatements, type EsNode } from './find.js'
import { checkTables } from './tables.js'

/** Where ESLint counts a position: 1-based lines, 0-based columns. */
interface Position {
  line: number
  column: number
}

/**
 * The part of ESLint's rule context the rule uses. `sourceCode` is read at run time: ESLint's
 * own type for it covers languages without text, and this module takes no types from ESLint.
 */
export interface RuleContext {
  readonly options: readonly unknown[]
  readonly sourceCode: unknown
  report(descriptor: { message: string; loc: { start: Position; end: Position } }): void
}

const tablesOf = new WeakMap<object, CheckTables>()

/** The rule's tables, made once per options object. */
function tables(options: unknown): CheckTables {
  if (typeof options !== 'object' || options === null) return checkTables([])
  const known = tablesOf.get(options)
  if (known !== undefined) return known
  const given: unknown = Reflect.get(options, 'tables')
  const definitions: TableDefinition[] = (Array.isArray(given) ? given : []).map((table) =>
    isTableDefinition(table) ? table : defineTable(table),
  )
  const made = checkTables(definitions)
  tablesOf.set(options, made)
  return made
}

const validStatement = {
  meta: {
    type: 'problem' as const,
    docs: {
      description:
        'Every dql statement parses and plans against the tables: what a call would refuse before sending anything.',
      url: 'https://github.com/dql/dql/blob/main/docs/check.md#the-eslint-rule',
    },
    schema: [
      {
        type: 'object',
        properties: { tables: { type: 'array', items: { type: 'object' } } },
        required: ['tables'],
        additionalProperties: false,
      },
    ],
  },
  create(context: RuleContext) {
    return {
      Program(program: EsNode) {
        const text: unknown = Reflect.get(Object(context.sourceCode), 'text')
        if (typeof text !== 'string') return
        const lines = lineStarts(text)
        const known = tables(context.options[0])
        for (const found of findStatements(program, text)) {
          const checked = checkStatement(found, text, known)
          if (checked.kind !== 'error') continue
          const { code, reason } = checked.error
          context.report({
            message: `${code}: ${reason}`,
            loc: {
              start: position(lines, checked.start),
              end: position(lines, checked.end),
            },
          })
        }
      },
    }
  },
}

/** The offset of each line's first character. */
function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

/** ESLint's position of a source offset (only LF ends a line here, as in ESLint's own count). */
function position(lines: readonly number[], offset: number): Position {
  let low = 0
  let high = lines.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if ((lines[middle] ?? 0) <= offset) low = middle
    else high = middle - 1
  }
  return { line: low + 1, column: offset - (lines[low] ?? 0) }
}

/** The plugin: `plugins: { dql }` in a flat config. */
const plugin = {
  meta: { name: 'dql/eslint-plugin' },
  rules: { 'valid-statement': validStatement },
}

export default plugin
