/**
 * Every ```sql block of README.md and docs/*.md runs on the shell's demo data: each file gets
 * a freshly seeded embedded demo, and its blocks run in the order they appear (so that a write
 * an example makes is seen by the examples after it). A block holds one statement, or several
 * each ended by `;` (split as the shell splits them), and runs through `db.prepare(…).execute`,
 * so EXPLAIN runs as explain and any statement kind the library runs is run. The conventions
 * (`<!-- expect: … -->`, `<!-- params: … -->`) are in DEVELOPERS.md.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Dql } from '../../src/db.js'
import { createDql } from '../support/create-dql.js'
import { DqlError } from '../../src/errors.js'
import { startEmbedded, type EmbeddedDynamo } from '../../src/execute/embedded.js'
import { demoTables, seedDemo } from '../../src/repl/demo.js'
import { splitStatements } from '../../src/repl/shell.js'

const root = resolve(import.meta.dirname, '../..')
const files = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
]

interface Block {
  /** The line of the opening fence, 1-based. */
  readonly line: number
  readonly statements: string[]
  /** One outcome per statement: 'ok', or the error code it must fail with. */
  readonly expected: string[]
  readonly params: Record<string, unknown>
}

/** The sql blocks of a Markdown text, with the directives in the comments just before each. */
function sqlBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n')
  const blocks: Block[] = []
  for (let i = 0; i < lines.length; i++) {
    if (!/^```sql\s*$/.test(lines[i] ?? '')) continue
    const start = i
    const body: string[] = []
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ''); i++) body.push(lines[i] ?? '')
    const directives = new Map<string, string>()
    for (let j = start - 1; j >= 0; j--) {
      if ((lines[j] ?? '').trim() === '') continue
      const match = /^<!--\s*(expect|params):\s*(.*?)\s*-->$/.exec(lines[j] ?? '')
      if (!match) break
      directives.set(match[1] ?? '', match[2] ?? '')
    }
    const { statements, rest } = splitStatements(body.join('\n'))
    if (rest.trim() !== '') statements.push(rest)
    const outcomes = (directives.get('expect') ?? 'ok').split(/\s*,\s*/)
    const expected = outcomes.length === 1 ? statements.map(() => outcomes[0] ?? 'ok') : outcomes
    const params: unknown = JSON.parse(directives.get('params') ?? '{}')
    if (typeof params !== 'object' || params === null) throw new Error('params is a JSON object')
    blocks.push({ line: start + 1, statements, expected, params: { ...params } })
  }
  return blocks
}

/** Runs one statement: `${name}` holes as a tagged template would, `:name` as parameters. */
async function outcome(db: Dql, statement: string, params: Record<string, unknown>) {
  const text = statement.replace(/;\s*$/, '')
  try {
    if (/\$\{\w+\}/.test(text)) {
      const parts = text.split(/\$\{(\w+)\}/)
      const strings = parts.filter((_, n) => n % 2 === 0)
      const values = parts.filter((_, n) => n % 2 === 1).map((name) => params[name])
      await db.execute(Object.assign([...strings], { raw: [...strings] }), ...values)
    } else {
      await db.prepare(text).execute(params)
    }
    return 'ok'
  } catch (error) {
    if (error instanceof DqlError) return error.code
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  }
}

for (const file of files) {
  const blocks = sqlBlocks(readFileSync(join(root, file), 'utf8'))
  if (blocks.length === 0) continue
  describe(file, () => {
    let engine: EmbeddedDynamo
    let db: Dql
    beforeAll(async () => {
      engine = await startEmbedded()
      await seedDemo(engine.client)
      db = createDql({ client: engine.client, tables: demoTables })
    })
    afterAll(() => engine.close())

    for (const block of blocks) {
      const first = block.statements[0]
        ?.trim()
        .split('\n')
        .find((l) => !l.startsWith('--'))
      test(`line ${block.line}: ${first ?? ''}`, async () => {
        const outcomes: string[] = []
        for (const statement of block.statements) {
          outcomes.push(await outcome(db, statement, block.params))
        }
        expect(outcomes).toEqual(block.expected)
      })
    }
  })
}
