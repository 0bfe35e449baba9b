/**
 * Plans made at build time, for `dqlPrecompile`: the table definitions an application writes
 * as literals (`defineTable({ name: 'bins', partitionKey: 'card_bin' })`) or gives the plugin,
 * each read statement planned and compiled against its table's definition for both result
 * shapes, and the module bundled in place of the planner (`#dql/planner`) that holds them. A
 * handle uses such a plan only when its own definition of the table is the same
 * (src/runtime/runtime.ts); see docs/bundling.md.
 */
import type { Statement } from '../ast/nodes.js'
import { DqlError } from '../errors.js'
import type { Reading } from '../parse/grammar.js'
import type { ResultShape } from '../plan/plan.js'
import { planner, type Outcome, type Precompiled } from '../runtime/planner-support.js'
import { defineTable, isTableDefinition, type TableDefinition } from '../schema/define-table.js'
import { differenceOf } from '../schema/same-table.js'
import type { TableOptions } from '../schema/table-types.js'
import { get, isType, nodes, str, walk, type EsNode } from './estree.js'
import { offsetIn } from './check-statement.js'
import { sourceOf } from './source-of.js'

/** A definition as the plugin's `tables` option takes it: `defineTable`'s options or result. */
export type TableInput = TableDefinition | TableOptions<Item>

type Item = Record<string, unknown>

/**
 * The options of every `defineTable(…)` call in `program` whose argument is written as a
 * literal (strings, numbers, booleans, objects and arrays of them, no spread or computed name):
 * `defineTable({ … })` and the curried `defineTable<Item>()({ … })`. Others are not read.
 */
export function literalDefinitions(program: EsNode): unknown[] {
  const found: unknown[] = []
  walk(program, (node) => {
    if (!isType(node, 'CallExpression')) return
    const callee = get(node, 'callee')
    const named = (value: unknown) =>
      (isType(value, 'Identifier') && str(value, 'name') === 'defineTable') ||
      (isType(value, 'MemberExpression') && str(get(value, 'property'), 'name') === 'defineTable')
    const curried =
      isType(callee, 'CallExpression') &&
      named(get(callee, 'callee')) &&
      nodes(get(callee, 'arguments')).length === 0
    if (!named(callee) && !curried) return
    const [argument] = nodes(get(node, 'arguments'))
    const value = argument === undefined ? NOT_LITERAL : literal(argument)
    if (value !== NOT_LITERAL) found.push(value)
  })
  return found
}

const NOT_LITERAL = Symbol('not a literal')

function literalOf(value: unknown): unknown {
  return isType(value, str(value, 'type')) ? literal(value) : NOT_LITERAL
}

/** The value a literal expression writes, or NOT_LITERAL. */
function literal(node: EsNode): unknown {
  switch (node.type) {
    case 'Literal': {
      const value = get(node, 'value')
      const plain =
        typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      return plain || value === null ? value : NOT_LITERAL
    }
    case 'TemplateLiteral': {
      const [quasi, ...more] = nodes(get(node, 'quasis'))
      if (quasi === undefined || more.length > 0) return NOT_LITERAL
      const cooked = get(get(quasi, 'value'), 'cooked')
      return typeof cooked === 'string' ? cooked : NOT_LITERAL
    }
    // `{ … } as const`, `<const>{ … }`, `{ … } satisfies T`: the value as written.
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSTypeAssertion': {
      return literalOf(get(node, 'expression'))
    }
    case 'ArrayExpression': {
      const elements: unknown[] = get(node, 'elements') as unknown[]
      const values = []
      for (const element of elements) {
        const value = isType(element, 'SpreadElement') ? NOT_LITERAL : literalOf(element)
        if (value === NOT_LITERAL) return NOT_LITERAL
        values.push(value)
      }
      return values
    }
    case 'ObjectExpression': {
      const object: Record<string, unknown> = {}
      for (const property of nodes(get(node, 'properties'))) {
        if (!isType(property, 'Property') || get(property, 'computed') === true) return NOT_LITERAL
        if (get(property, 'kind') !== 'init' || get(property, 'method') === true) return NOT_LITERAL
        const key = get(property, 'key')
        const name = isType(key, 'Identifier') ? str(key, 'name') : get(key, 'value')
        if (typeof name !== 'string' && typeof name !== 'number') return NOT_LITERAL
        const valueNode = get(property, 'value')
        const value = literalOf(valueNode)
        if (value === NOT_LITERAL || String(name) === '__proto__') return NOT_LITERAL
        object[String(name)] = value
      }
      return object
    }
    default:
      return NOT_LITERAL
  }
}

/** The definitions to plan against, by name and by DynamoDB table name; ambiguous ones left out. */
export class BuildTables {
  private readonly byName = new Map<string, TableDefinition | null>()
  private readonly byTableName = new Map<string, TableDefinition | null>()

  /**
   * `given` are the plugin's `tables` (an invalid one fails the build with `schema.invalid`);
   * `found` the literal options read from the application's files (an invalid one is not a
   * table: the application's own call of defineTable fails with it at run time).
   */
  constructor(given: readonly TableInput[], found: readonly unknown[]) {
    for (const input of given) {
      this.add(isTableDefinition(input) ? input : defineTable(input as TableOptions<Item>))
    }
    for (const options of found) {
      let table: TableDefinition
      try {
        table = defineTable(options as TableOptions<Item>)
      } catch (error) {
        if (error instanceof DqlError) continue
        throw error
      }
      this.add(table)
    }
  }

  private add(table: TableDefinition): void {
    for (const [map, key] of [
      [this.byName, table.name],
      [this.byTableName, table.tableName],
    ] as const) {
      const known = map.get(key)
      // Two different definitions under one name: which one a handle has is not known.
      const same =
        known === undefined || (known !== null && differenceOf(known, table) === undefined)
      map.set(key, same ? table : null)
    }
  }

  /** The one definition a statement's `FROM name` finds, as a handle looks it up. */
  get(name: string): TableDefinition | undefined {
    const byName = this.byName.get(name)
    if (byName !== undefined) return byName ?? undefined
    return this.byTableName.get(name) ?? undefined
  }
}

/** A statement's plans made at build time, as the bundle holds them (by its syntax tree). */
export type BuildPlan = Precompiled

/**
 * Plans a read statement for both result shapes against its table's definition: undefined
 * where there is nothing to plan at build time (a write, a `FROM ${x}` table, a table with no
 * one definition, a statement that did not read).
 */
export function planAtBuild(
  reading: Reading,
  text: string,
  holes: number,
  tables: BuildTables,
): BuildPlan | undefined {
  if (!('ast' in reading)) return undefined
  const ast: Statement = reading.ast
  if ((ast.kind !== 'read' && ast.kind !== 'scan') || ast.table.kind !== 'name') return undefined
  const table = tables.get(ast.table.name)
  const plan = planner
  if (table === undefined || plan === undefined) return undefined
  const parsed = { text, ast, holes, params: reading.params }
  const outcome = (shape: ResultShape): Outcome => {
    try {
      return { prepared: plan(parsed, table, shape) }
    } catch (error) {
      if (!(error instanceof DqlError)) throw error
      const { code, reason, suggestions } = error
      return { error: { code, reason, offset: offsetIn(error), suggestions } }
    }
  }
  return { table, items: outcome('items'), count: outcome('count') }
}

/**
 * The module bundled in place of the planner: the plans, each table's definition written once,
 * keyed by the syntax tree the statements' module (`statements`, its path in the bundle) gives
 * for their text; and the planner itself from `real` (its path) when it stays.
 */
export function plannerModule(
  plans: ReadonlyMap<string, BuildPlan>,
  statements: string,
  real: string | undefined,
): string {
  const refs = new Map<object, string>()
  const consts: string[] = []
  for (const { table } of plans.values()) {
    if (refs.has(table)) continue
    const name = `t${consts.length}`
    consts.push(`const ${name} = ${sourceOf(table)}`)
    refs.set(table, name)
    for (const [i, index] of table.indexes.entries()) refs.set(index, `${name}.indexes[${i}]`)
  }
  const entries = [...plans].map(
    ([key, { table, items, count }]) =>
      `[readings.get(${sourceOf(key)}).ast, { table: ${refs.get(table)}, items: ${sourceOf(items, refs)}, count: ${sourceOf(count, refs)} }]`,
  )
  return `import { readings } from ${sourceOf(statements)}
${real === undefined ? 'export const planner = undefined' : `export { planner } from ${sourceOf(real)}`}
${consts.join('\n')}
export const precompiled = new Map([
${entries.join(',\n')}
])
`
}
