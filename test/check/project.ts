/**
 * The fixture project for `dql check`, copied to a temporary directory as an application would
 * have it: `dql` installed in node_modules (a link to this repository, whose dist/ the unit
 * setup builds), plus a package and build output holding statements that must not be read.
 */
import { spawn } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const root = resolve(import.meta.dirname, '../..')
export const cli = join(root, 'dist/src/repl/cli.js')

/** Makes the project; returns its directory and a function that removes it. */
export function makeProject(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'dql-check-'))
  cpSync(join(root, 'test/check/fixture'), dir, { recursive: true })
  mkdirSync(join(dir, 'node_modules/other'), { recursive: true })
  symlinkSync(root, join(dir, 'node_modules/dql'), 'dir')
  const wrong = 'export const q = (db) => db.first`FROM nowhere WHERE`\n'
  writeFileSync(join(dir, 'node_modules/other/index.js'), wrong)
  mkdirSync(join(dir, 'dist'))
  writeFileSync(join(dir, 'dist/bundle.js'), wrong)
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the built `dql` command with `args` in `cwd`. */
export function runDql(args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }))
  })
}
