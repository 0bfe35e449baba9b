/**
 * What dqlPrecompile plans at build time: the table definitions it reads from literal
 * `defineTable` calls, which of them it trusts, and the plans it writes into the bundle, which
 * must be the planner's own, value for value.
 */
import { parseSync } from 'oxc-parser'
import { expect, test } from 'vitest'
import { BuildTables, literalDefinitions, planAtBuild } from '../../src/check/build-plans.js'
import { sourceOf } from '../../src/check/source-of.js'
import { compile } from '../../src/compile/compile.js'
import type { DqlError } from '../../src/errors.js'
import { loadGrammar } from '../../src/parse/load-grammar.js'
import { planStatement } from '../../src/plan/plan-statement.js'
import { defineTable } from '../../src/schema/define-table.js'

const definitionsIn = (source: string) =>
  literalDefinitions(parseSync('app.ts', source, { sourceType: 'module' }).program)

test('literal defineTable options are read, in every form a literal takes', () => {
  const found = definitionsIn(`
import * as d from 'dql'
import { defineTable } from 'dql'
const a = defineTable({ name: 'bins', partitionKey: 'card_bin', sortKey: \`ext\`, fields: { cardBin: 'card_bin' } })
const b = defineTable<Bin>()({ name: 'cards', partitionKey: 'id', indexes: { byOwner: { type: 'global', partitionKey: 'owner', projection: ['a', 'b'] } } } as const)
const c = d.defineTable({ 'name': 'users', partitionKey: 'id', count: 3, sparse: true, none: null } satisfies Options)
`)
  expect(found).toEqual([
    { name: 'bins', partitionKey: 'card_bin', sortKey: 'ext', fields: { cardBin: 'card_bin' } },
    {
      name: 'cards',
      partitionKey: 'id',
      indexes: { byOwner: { type: 'global', partitionKey: 'owner', projection: ['a', 'b'] } },
    },
    { name: 'users', partitionKey: 'id', count: 3, sparse: true, none: null },
  ])
})

test('a definition that is not all literal is not read', () => {
  expect(
    definitionsIn(`
const key = 'card_bin'
defineTable({ name: 'a1', partitionKey: key })
defineTable({ name: 'a2', ...base })
defineTable({ name: 'a3', [key]: 'x' })
defineTable({ name: \`a\${4}\`, partitionKey: 'id' })
defineTable({ name: 'a5', partitionKey: 'id', fields: { get x() { return 'y' } } })
defineTable({ name: 'a6', partitionKey: 'id', indexes: [...list] })
defineTable(options)
defineTable()
other({ name: 'a7', partitionKey: 'id' })
`),
  ).toEqual([])
})

test('two different definitions under one name are neither used; the same one twice is', () => {
  const bins = { name: 'bins', partitionKey: 'card_bin' }
  const tables = new BuildTables(
    [defineTable({ name: 'cards', tableName: 'card-table', partitionKey: 'id' })],
    [
      bins,
      { ...bins },
      { name: 'users', partitionKey: 'id' },
      { name: 'users', partitionKey: 'uid' },
    ],
  )
  expect(tables.get('bins')).toEqual(defineTable(bins))
  expect(tables.get('users')).toBeUndefined()
  expect(tables.get('cards')?.tableName).toBe('card-table')
  expect(tables.get('card-table')?.name).toBe('cards')
  expect(tables.get('nothing')).toBeUndefined()
  // An invalid literal is no table (the application's own call fails with it at run time).
  expect(new BuildTables([], [{ name: 'bad', partitionKey: '' }]).get('bad')).toBeUndefined()
})

const TABLE = defineTable({
  name: 'bins',
  partitionKey: 'card_bin',
  sortKey: 'ext',
  fields: { cardBin: 'card_bin', bank: 'issuer' },
  indexes: {
    byIssuer: { type: 'global', partitionKey: 'issuer', sortKey: 'ext', projection: ['brand'] },
    local: { type: 'local', sortKey: 'opened' },
  },
})

/** Statements of every read plan: GetItem, BatchGetItem, Query (table, index, per key), Scan. */
const STATEMENTS: [string, number][] = [
  ['FROM bins WHERE cardBin = ${…} AND ext = ${…}', 2],
  ["SELECT bank FROM bins WHERE card_bin = 'x' AND ext = ';' CONSISTENT", 0],
  ['FROM bins WHERE cardBin IN (${…}, ${…}) AND ext = ${…}', 3],
  ["FROM bins WHERE cardBin = ${…} AND ext BETWEEN 'a' AND 'b' AND bank <> ${…} LIMIT 3", 2],
  ['SELECT brand FROM bins USE INDEX (byIssuer) WHERE bank = :b ORDER BY ext DESC', 0],
  ["FROM bins WHERE card_bin IN ('a', 'b') AND opened > 5", 0],
  ['SELECT COUNT(*) FROM bins WHERE card_bin = ${…}', 1],
  ['SCAN FROM bins WHERE size(bank) > 3 AND attribute_exists(tags) SEGMENTS 4', 0],
  ['FROM bins WHERE bank = ${…}', 1],
]

test('the plans written into the bundle are the planner’s, value for value, for both shapes', () => {
  const grammar = loadGrammar()
  const tables = new BuildTables([TABLE], [])
  for (const [template, holes] of STATEMENTS) {
    // The text as the parse cache keys it: each hole `${…}` at its offset.
    const offsets = new Map<number, number>()
    let text = ''
    template.split('${…}').forEach((part, i) => {
      if (i > 0) {
        offsets.set(text.length, i - 1)
        text += '${…}'
      }
      text += part
    })
    const reading = grammar.readStatement(text, holes === 0 && text.includes(':') ? null : offsets)
    if (!('ast' in reading)) throw new Error(`${text}: ${reading.problem.reason}`)
    const made = planAtBuild(reading, text, holes, tables)
    expect(made?.table).toBe(TABLE)
    const parsed = { text, ast: reading.ast, holes, params: reading.params }
    for (const shape of ['items', 'count'] as const) {
      let expected: unknown
      try {
        expected = { prepared: compile(planStatement(parsed, TABLE, shape), text) }
      } catch (error) {
        const { code, reason, suggestions } = error as DqlError
        expected = { error: { code, reason, suggestions } }
      }
      const outcome = made?.[shape]
      // Written as JavaScript and evaluated, as the bundle does.
      const rebuilt: unknown = new Function(`return ${sourceOf(outcome)}`)()
      if ('error' in (expected as object)) {
        expect(rebuilt).toMatchObject(expected as object)
      } else {
        expect(rebuilt).toEqual(expected)
      }
    }
  }
})

test('nothing is planned for a write, a FROM ${table}, or a table with no one definition', () => {
  const grammar = loadGrammar()
  const tables = new BuildTables([TABLE], [])
  const read = (text: string, holes: Map<number, number> | null) => {
    const reading = grammar.readStatement(text, holes)
    return planAtBuild(reading, text, holes?.size ?? 0, tables)
  }
  expect(read("UPDATE bins SET bank = 'x' WHERE cardBin = 'a' AND ext = 'b'", null)).toBeUndefined()
  expect(read('FROM ${…} WHERE cardBin = :a', new Map([[5, 0]]))).toBeUndefined()
  expect(read("FROM cards WHERE id = 'a'", null)).toBeUndefined()
  expect(read('FROM bins WHERE', null)).toBeUndefined()
})
