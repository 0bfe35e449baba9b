/**
 * What `import 'dql'` loads. The grammar (the lexer, the parser and Chevrotain inside them) is
 * loaded by the first statement a process reads, not by `import 'dql'`: a module resolution hook
 * records every module the process imports, and none of them may hold Chevrotain. The first
 * statement then loads it and reads as before, errors included. And the grammar is built into
 * one file only, which the shell loads too. Writes, scans and page cursors are loaded the same
 * way, by their first use.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, expect, test } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'dql-grammar-'))
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

/** What a process running `script` printed, the files of dql and the built-ins it imported. */
function run(script: string): { output: string; dqlFiles: string[]; builtins: string[] } {
  const log = join(dir, `loaded-${Math.random().toString(36).slice(2)}.txt`)
  writeFileSync(log, '')
  const child = spawnSync(
    process.execPath,
    ['--import', join(dir, 'register.mjs'), '--input-type=module', '-e', script],
    { cwd: root, env: { ...process.env, DQL_LOADED: log }, encoding: 'utf8' },
  )
  expect(child.stderr).toBe('')
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean)
  const dqlFiles = urls
    .filter((url) => url.startsWith('file:') && url.includes('/dist/src/'))
    .map((url) => fileURLToPath(url))
  const builtins = urls.filter((url) => url.startsWith('node:'))
  return { output: child.stdout, dqlFiles, builtins }
}

// esbuild names each bundled package file in a comment (`// node_modules/chevrotain/…`), which
// minifying removes; Chevrotain's messages name its site (chevrotain.io), minified or not.
const holdsChevrotain = (file: string) => {
  const text = readFileSync(file, 'utf8')
  return text.includes('chevrotain/') || text.includes('chevrotain.io')
}

test('importing dql loads no module holding the grammar or Chevrotain', () => {
  const { dqlFiles } = run("import 'dql'")
  expect(dqlFiles.some((file) => file.endsWith('/dist/src/index.js'))).toBe(true)
  expect(dqlFiles.filter(holdsChevrotain)).toEqual([])
})

// The shell (its split at `;`, completion) reaches the lexer and the parser through
// `#dql/grammar` as the library does, so no other built file carries a copy of them.
test('the build holds Chevrotain in one file, the grammar: the dql command carries no copy', () => {
  const files = readdirSync(join(root, 'dist/src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .map((file) => join('dist/src', file))
  expect(files).toContain(join('dist/src', 'repl', 'cli.js'))
  expect(files.filter((file) => holdsChevrotain(join(root, file)))).toEqual([
    join('dist/src', 'parse', 'grammar.js'),
  ])
})

// node:crypto (cursors, transactions, a cursor secret) costs milliseconds to load; dql takes
// it, and any other built-in, when a call needs it.
test('importing dql loads no Node built-in', () => {
  expect(run("import 'dql'").builtins).toEqual([])
})

test('the first statement loads the grammar and reads as before, errors included', () => {
  const { output } = run(`import { createDql, defineTable, dql, DqlError } from 'dql'
const db = createDql({ region: 'us-east-1', tables: [defineTable({ name: 'bins', partitionKey: 'card_bin' })] })
const input = db.explain\`FROM bins WHERE card_bin = \${'411111'}\`.input
let error
try { dql\`FROM bins WHRE x\` } catch (e) { error = e }
console.log(JSON.stringify({ input, error: [error instanceof DqlError, error.code, error.line, error.column] }))`)
  expect(JSON.parse(output)).toEqual({
    input: { TableName: 'bins', Key: { card_bin: { S: '411111' } } },
    error: [true, 'parse.unexpected-token', 1, 11],
  })
})

// In Node, `#dql/writes`, `#dql/scans` and `#dql/cursors` are loaders that require their part on
// its first use; the part shares dql's chunks, so its errors are dql's DqlError.
test('importing dql loads no write, scan or cursor module; their first use does, errors included', () => {
  const parts = ['runtime/write-support.js', 'execute/scan-support.js', 'execute/cursor-support.js']
  const { dqlFiles } = run("import 'dql'")
  expect(parts.filter((part) => dqlFiles.some((file) => file.endsWith(part)))).toEqual([])
  const { output } = run(`import { createDql, defineTable, DqlError } from 'dql'
const db = createDql({ region: 'us-east-1', tables: [defineTable({ name: 'bins', partitionKey: 'card_bin' })] })
const write = db.explain\`UPDATE bins SET issuer = \${'ACME'} WHERE card_bin = \${'411111'}\`
const scan = db.explain\`SCAN FROM bins SEGMENTS 2\`
let error
try { db.explain\`UPDATE bins SET issuer = 'x' WHERE issuer = 'y'\` } catch (e) { error = e }
console.log(JSON.stringify({ write: [write.operation, write.input.UpdateExpression], scan: [scan.operation, scan.segments], error: [error instanceof DqlError, error.code] }))`)
  expect(JSON.parse(output)).toEqual({
    write: ['UpdateItem', 'SET #n0 = :v0'],
    scan: ['Scan', 2],
    error: [true, 'plan.write-needs-key'],
  })
})
