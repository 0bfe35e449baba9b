/**
 * What the shell makes of its input, piped: statements split at `;` tokens, input that ends
 * inside a statement, and input no one should type but that must not crash it.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const cli = join(root, 'dist/src/repl/cli.js')
const home = mkdtempSync(join(tmpdir(), 'dql-input-'))
afterAll(() => rmSync(home, { recursive: true, force: true }))

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the built CLI with `args`, writing `input` to its stdin, and waits for it to exit. */
function run(args: string[], input = ''): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: root,
      env: { ...process.env, DQL_HISTORY: join(home, 'history'), NO_COLOR: '1' },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }))
    child.stdin.end(input)
  })
}

/** stdout after the banner, with the prompts taken out. */
function results(stdout: string): string {
  return stdout
    .slice(stdout.indexOf('.exit to leave\n') + '.exit to leave\n'.length)
    .replace(/(dql|\.\.\.)> /g, '')
}

describe('statements on one line, and lines with none', () => {
  test('two statements on one line both run, in order; a lone ; and a line of spaces do nothing', async () => {
    const result = await run(
      [],
      [
        "SELECT issuer FROM bins WHERE cardBin = '411111' AND cardBinExtended = ';'; SELECT brand FROM bins WHERE cardBin = '411111' AND cardBinExtended = ';';",
        ';',
        '   ',
        '.params',
        '',
      ].join('\n'),
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(results(result.stdout).replace(/[\d.]+ ms/g, 'T ms')).toBe(
      'issuer\n─────────\nACME Bank\n1 item · T ms · GetItem · 0.5 RCU\n' +
        'brand\n─────\nVISA\n1 item · T ms · GetItem · 0.5 RCU\n' +
        'no parameters set (.set name value)\n',
    )
  })

  test('a statement after a ; waits for its own ;, the one before it runs at once', async () => {
    const result = await run(
      ['--no-demo'],
      '.format json\nSELECT COUNT(*) FROM t WHERE a = 1; FROM\n  u WHERE b = 2;\n',
    )
    expect(result.code).toBe(0)
    const errors = result.stdout.match(/^error [^:\s]+/gm)
    expect(errors).toEqual(['error plan.unknown-table', 'error plan.unknown-table'])
    // The second statement spans two lines: its position is on its own second line.
    expect(result.stdout).toContain('Unknown table u;')
    expect(result.stdout).toContain('(line 2, column 3)\n\n    u WHERE b = 2\n    ^')
  })
})

describe('input that ends inside a statement', () => {
  test('is an error naming it, and exit status 1', async () => {
    const result = await run(['--no-demo'], '.params\nFROM t\n  WHERE a = 1\n')
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('no parameters set')
    expect(result.stderr).toBe(
      'error: the input ended inside a statement (no ; after it):\n  FROM t\n    WHERE a = 1\n',
    )
  })
})

describe('input that must not crash the shell', () => {
  test('a 10 MB line is refused by the statement length limit, and the session goes on', async () => {
    const result = await run(['--no-demo'], `'${'a'.repeat(10_000_000)}\n;\n.params\n`)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      'error parse.too-long: The statement is 10000001 characters long; the limit is 100000.',
    )
    expect(result.stdout).toContain('no parameters set')
  })

  test('.set of JSON nested past the stack prints an error, and the session goes on', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`
    const result = await run(['--no-demo'], `.set x ${deep}\n.params\n`)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^(dql> )?error RangeError: Maximum call stack size exceeded$/m)
    expect(result.stdout).toContain('no parameters set')
  })
})

describe('dql -e', () => {
  test('an empty statement is a usage error, exit 2', async () => {
    const result = await run(['-e', ''])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/^dql: -e needs a value\n\nUsage: dql/)
  })
})
