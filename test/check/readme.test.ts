/**
 * `dql check` on the README's TypeScript blocks, against the shell's demo tables (the tables
 * the README's examples read): every statement checks, except where the block shows the
 * error on purpose, naming its code.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { root, runDql } from './project.js'

const dir = mkdtempSync(join(tmpdir(), 'dql-readme-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Statement {
  file: string
  status: 'ok' | 'error' | 'skipped'
  error?: { code: string }
}

test('the README statements check; each error is one its block shows', async () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '')
  blocks.forEach((block, i) => writeFileSync(join(dir, `block-${i + 1}.ts`), block))
  const run = await runDql(
    ['check', '--schema', join(root, 'dist/src/repl/demo.js'), '--format', 'json'],
    dir,
  )
  const statements: Statement[] = JSON.parse(run.stdout).statements
  const unexplained = statements.filter(
    ({ file, status, error }) =>
      status === 'error' && !readFileSync(join(dir, file), 'utf8').includes(`'${error?.code}'`),
  )
  expect(unexplained).toEqual([])
  expect(statements.filter(({ status }) => status === 'ok').length).toBeGreaterThanOrEqual(10)
  expect(run.stderr).toBe('')
})
