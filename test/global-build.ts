/**
 * Builds dist/ once before the unit tests that run the built package (the CLI, a plain .mjs
 * consumer), so that no two tests rebuild it under each other.
 */
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'

export default function setup(): void {
  execFileSync('npm', ['run', 'build', '--silent'], {
    cwd: resolve(import.meta.dirname, '..'),
    stdio: 'inherit',
  })
}
