/**
 * Bad options and schema modules: a usage error exits 2 with the usage, a broken schema module
 * exits 1 with what went wrong, never a TypeError or a silent exit 0.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { home, runCli } from './run-cli.js'

function schema(name: string, text: string): string {
  const file = join(home, name)
  writeFileSync(file, text)
  return file
}

describe('bad options exit 2 with the usage', () => {
  test.each([
    [
      ['--endpoint', 'not a url'],
      'dql: --endpoint needs a URL such as http://localhost:8000, not not a url',
    ],
    [['--endpoint='], 'dql: --endpoint needs a value'],
    [
      ['--endpoint', 'ftp://host'],
      'dql: --endpoint needs a URL such as http://localhost:8000, not ftp://host',
    ],
    [['--region='], 'dql: --region needs a value'],
  ])('%j', async (args, message) => {
    const result = await runCli(args)
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(
      new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\n\nUsage: dql`),
    )
  })

  test('a schema module with no table definitions', async () => {
    const file = schema('empty.mjs', 'export const x = 1\n')
    const result = await runCli(['--schema', file, '-e', '.tables'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      new RegExp(
        `^dql: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} exports no table definitions \\(defineTable results\\)\n\nUsage: dql`,
      ),
    )
  })
})

describe('a broken schema module exits 1 and says so', () => {
  test('one that throws null', async () => {
    const file = schema('throws-null.mjs', 'throw null\n')
    const result = await runCli(['--schema', file, '-e', '.tables'])
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `dql: ${file} failed to load: it threw null\n`,
    })
  })

  test('one that throws an error', async () => {
    const file = schema('throws.mjs', "throw new Error('no config')\n")
    const result = await runCli(['--schema', file, '-e', '.tables'])
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `dql: ${file} failed to load: it threw Error: no config\n`,
    })
  })

  test('one whose top-level await never settles', async () => {
    const file = schema('hangs.mjs', 'await new Promise(() => {})\n')
    const result = await runCli(['--schema', file, '-e', '.tables'])
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `dql: ${file} never finished loading: a top-level await in it never settles\n`,
    })
  })
})
