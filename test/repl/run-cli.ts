/** Runs the built `dql` command for the CLI tests (dist/ is built by the unit global setup). */
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const root = resolve(import.meta.dirname, '../..')
export const cli = join(root, 'dist/src/repl/cli.js')
export const home = mkdtempSync(join(tmpdir(), 'dql-cli-run-'))

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the CLI with `args`, writing `input` to its stdin, and waits for it to exit. */
export function runCli(args: readonly string[], input = ''): Promise<Run> {
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
