/**
 * `dql/eslint-plugin` as a user installs it: a flat config importing the package's export,
 * ESLint's own API linting a file, the rule's tables given as defineTable takes them.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ESLint } from 'eslint'
import { afterAll, expect, test } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'dql-eslint-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('a flat config with dql/eslint-plugin reports a refused statement where dql check does', async () => {
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(root, join(dir, 'node_modules', 'dql'), 'dir')
  writeFileSync(
    join(dir, 'eslint.config.mjs'),
    `import dql from 'dql/eslint-plugin'
export default [{
  plugins: { dql },
  rules: {
    'dql/valid-statement': ['error', { tables: [{ name: 'bins', partitionKey: 'card_bin', sortKey: 'card_bin_extended' }] }],
  },
}]
`,
  )
  writeFileSync(
    join(dir, 'lookup.mjs'),
    'export const lookup = (db, x) =>\n  db.first`FROM bins WHERE card_bin_extended = ${x}`\n',
  )
  const eslint = new ESLint({ cwd: dir })
  const [result] = await eslint.lintFiles(['lookup.mjs'])
  expect(
    result?.messages.map(({ ruleId, message, line, column, endLine, endColumn }) => ({
      ruleId,
      message,
      line,
      column,
      endLine,
      endColumn,
    })),
  ).toEqual([
    {
      ruleId: 'dql/valid-statement',
      message:
        'plan.partial-key: `card_bin_extended` is the sort key of bins, but its partition key is not given; add card_bin = … to the top-level AND (or write SCAN to read everything).',
      line: 2,
      column: 28,
      endLine: 2,
      endColumn: 45,
    },
  ])
})
