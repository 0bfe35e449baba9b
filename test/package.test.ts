import { execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, expect, test } from 'vitest'

const root = resolve(import.meta.dirname, '..')
const consumer = mkdtempSync(join(tmpdir(), 'dql-consumer-'))
afterAll(() => rmSync(consumer, { recursive: true, force: true }))

// dist/ is built by test/global-build.ts, with `npm run build`, before the tests.
test('npm run build emits dist/ that a plain .mjs consumer imports as "dql"', () => {
  mkdirSync(join(consumer, 'node_modules'))
  symlinkSync(root, join(consumer, 'node_modules', 'dql'), 'dir')
  writeFileSync(
    join(consumer, 'consumer.mjs'),
    `import { createDql, defineTable, dql, DqlError } from 'dql'
const statement = dql\`FROM bins WHERE card_bin = \${'411111'}\`
const bins = defineTable({ name: 'bins', partitionKey: 'card_bin' })
const db = createDql({ region: 'us-east-1', tables: [bins] })
let error
try { dql\`FROM bins WHRE x\` } catch (e) { error = e }
console.log(JSON.stringify({
  text: statement.text,
  values: statement.values,
  fields: Object.keys(statement),
  plan: db.explain(statement).operation,
  error: { isDqlError: error instanceof DqlError, code: error.code, column: error.column },
}))
`,
  )
  const output = execFileSync('node', ['consumer.mjs'], { cwd: consumer, encoding: 'utf8' })
  expect(JSON.parse(output)).toEqual({
    text: 'FROM bins WHERE card_bin = ${…}',
    values: ['411111'],
    fields: ['values'],
    plan: 'GetItem',
    error: { isDqlError: true, code: 'parse.unexpected-token', column: 11 },
  })
  // Type declarations ship for the public API.
  const declarations = readFileSync(join(root, 'dist/src/index.d.ts'), 'utf8')
  expect(declarations).toContain('export { dql, BoundStatement }')
  expect(declarations).toContain('export { DqlError }')
})

// The build bundles each entry (Chevrotain inside) so that importing dql reads a few files,
// not Chevrotain's hundreds of modules; the SDK and dynalite stay the consumer's own packages,
// and only dql/embedded loads dynalite. In Node the library imports no package at all: it loads
// the SDK only when a client is made or the SDK transport sends (test/transport-loading.test.ts);
// a bundler (the `module` condition of the package's own imports) is given the SDK to bundle.
test('the built entries import no package but the SDK (and dql/embedded, dynalite)', () => {
  const { imports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    imports: Record<string, Record<string, string>>
  }
  const packagesReached = (entry: string, condition = 'default'): string[] => {
    const packages = new Set<string>()
    const seen = new Set<string>()
    const visit = (file: string) => {
      if (seen.has(file)) return
      seen.add(file)
      const text = readFileSync(file, 'utf8')
      const specifiers = text.matchAll(
        /^\s*(?:import|export)\s(?:[^'";]*?\sfrom\s*)?["']([^"']+)["']/gm,
      )
      for (const [, specifier = ''] of specifiers) {
        if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier))
        else if (specifier.startsWith('#')) {
          // The package's own imports: the file the condition chooses.
          const targets = imports[specifier] ?? {}
          const target = targets[condition] ?? targets.default ?? ''
          if (target.endsWith('.js')) visit(join(root, target))
        } else if (!specifier.startsWith('node:')) packages.add(specifier)
      }
    }
    visit(join(root, entry))
    return [...packages].sort()
  }
  expect(packagesReached('dist/src/index.js')).toEqual([])
  expect(packagesReached('dist/src/index.js', 'module')).toEqual(['@aws-sdk/client-dynamodb'])
  expect(packagesReached('dist/src/lean.js', 'module')).toEqual([])
  expect(packagesReached('dist/src/repl/cli.js')).toEqual(['@aws-sdk/client-dynamodb', 'dynalite'])
  expect(packagesReached('dist/src/execute/embedded.js')).toEqual([
    '@aws-sdk/client-dynamodb',
    'dynalite',
  ])
})

// Node ≥ 20.19 loads ES modules with require(): the package is ESM only, with a `require`
// condition so that CommonJS consumers reach the same build.
test('a CommonJS consumer requires "dql" and "dql/embedded"', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dql-cjs-consumer-'))
  try {
    mkdirSync(join(dir, 'node_modules'))
    symlinkSync(root, join(dir, 'node_modules', 'dql'), 'dir')
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'cjs', type: 'commonjs' }))
    writeFileSync(
      join(dir, 'consumer.cjs'),
      `const { createDql, defineTable, dql, DqlError } = require('dql')
const { startEmbedded, localClient } = require('dql/embedded')
const bins = defineTable({ name: 'bins', partitionKey: 'card_bin' })
const db = createDql({ region: 'us-east-1', tables: [bins] })
let error
try { dql\`FROM bins WHRE x\` } catch (e) { error = e }
console.log(JSON.stringify({
  plan: db.explain(dql\`FROM bins WHERE card_bin = \${'411111'}\`).input,
  error: { isDqlError: error instanceof DqlError, code: error.code },
  embedded: [typeof startEmbedded, typeof localClient],
}))
`,
    )
    const output = execFileSync('node', ['consumer.cjs'], { cwd: dir, encoding: 'utf8' })
    expect(JSON.parse(output)).toEqual({
      plan: { TableName: 'bins', Key: { card_bin: { S: '411111' } } },
      error: { isDqlError: true, code: 'parse.unexpected-token' },
      embedded: ['function', 'function'],
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

// What `npm publish` would ship: the built library, its types, the docs; no source maps (the
// TypeScript sources they would point at are not shipped), no scripts, no examples, no tests.
test('npm pack ships dist/src (JS and .d.ts), README, LICENSE and docs, and nothing else', () => {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
  })
  const [pack] = JSON.parse(output) as { files: { path: string }[] }[]
  const files = (pack?.files ?? []).map((file) => file.path)
  const unexpected = files.filter(
    (path) =>
      !/^dist\/src\/.+\.(js|d\.ts)$/.test(path) &&
      !/^docs\/[^/]+\.(md|ebnf|html|svg)$/.test(path) &&
      !['README.md', 'LICENSE', 'package.json'].includes(path),
  )
  expect(unexpected).toEqual([])
  expect(files).toContain('dist/src/index.js')
  expect(files).toContain('dist/src/index.d.ts')
  expect(files).toContain('dist/src/execute/embedded.js')
  expect(files).toContain('dist/src/repl/cli.js')
  // No built file names a source map that is not there.
  const mapped = files.filter(
    (path) =>
      path.endsWith('.js') && readFileSync(join(root, path), 'utf8').includes('sourceMappingURL'),
  )
  expect(mapped).toEqual([])
})
