/**
 * Only `dql check` loads the JavaScript parser: importing the library, starting the shell and
 * loading the ESLint plugin never do (and the plugin loads no AWS SDK either). A module
 * resolution hook records every module each process loads.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, expect, test } from 'vitest'
import { cli, root } from './project.js'

const dir = mkdtempSync(join(tmpdir(), 'dql-lazy-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
writeFileSync(
  join(dir, 'hooks.mjs'),
  `import { appendFileSync } from 'node:fs'
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  appendFileSync(process.env.DQL_LOADED, result.url + '\\n')
  return result
}
`,
)
writeFileSync(
  join(dir, 'register.mjs'),
  `import { register } from 'node:module'
register(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)})
`,
)

let runs = 0
/** The URLs of the modules a node process with `args` loads. */
function loaded(args: readonly string[]): string[] {
  const log = join(dir, `loaded-${runs++}.txt`)
  writeFileSync(log, '')
  spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), ...args], {
    cwd: root,
    env: { ...process.env, DQL_LOADED: log },
    stdio: 'ignore',
  })
  return readFileSync(log, 'utf8').split('\n').filter(Boolean)
}

const parser = (url: string) => url.includes('/oxc-parser/')

test('importing dql does not load the parser', () => {
  const urls = loaded(['--input-type=module', '-e', "import 'dql'"])
  expect(urls.some((url) => url.endsWith('/dist/src/index.js'))).toBe(true)
  expect(urls.filter(parser)).toEqual([])
})

test('starting the shell does not load the parser', () => {
  const urls = loaded([cli, '--no-demo', '-e', 'FROM nothing WHERE id = 1'])
  expect(urls.some((url) => url.endsWith('/dist/src/repl/cli.js'))).toBe(true)
  expect(urls.filter(parser)).toEqual([])
})

test('dql check loads it', () => {
  expect(loaded([cli, 'check', '--help']).some(parser)).toBe(true)
})

test('the ESLint plugin loads neither the parser nor the AWS SDK', () => {
  const urls = loaded(['--input-type=module', '-e', "import 'dql/eslint-plugin'"])
  expect(urls.some((url) => url.endsWith('/dist/src/check/eslint-plugin.js'))).toBe(true)
  expect(urls.filter((url) => parser(url) || url.includes('@aws-sdk'))).toEqual([])
})
