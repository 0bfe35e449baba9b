/**
 * What a fresh process loads: importing the built dql loads no AWS SDK; the SDK transport
 * loads @aws-sdk/client-dynamodb when it builds or uses a client, and a handle on any other
 * transport never does. Each script runs in a fresh node process on dist/ (built by
 * test/global-build.ts) against a dynalite started here.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { build } from 'esbuild'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startEmbedded, type EmbeddedDynamo } from '../src/execute/embedded.js'

const root = resolve(import.meta.dirname, '..')
let engine: EmbeddedDynamo

beforeAll(async () => {
  engine = await startEmbedded()
  await engine.client.send(
    new CreateTableCommand({
      TableName: 'bins',
      KeySchema: [{ AttributeName: 'card_bin', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'card_bin', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  )
  await engine.client.send(
    new PutItemCommand({
      TableName: 'bins',
      Item: { card_bin: { S: '411111' }, issuer: { S: 'ACME Bank' } },
    }),
  )
})
afterAll(() => engine?.close())

/** Runs `body` as an ES module in a fresh node; `sdkLoaded()` says whether the SDK is loaded. */
async function run(body: string, entry = 'index.js'): Promise<unknown> {
  const script = `
import { createRequire } from 'node:module'
const cache = createRequire(${JSON.stringify(`${root}/package.json`)}).cache
const sdkLoaded = () => Object.keys(cache).some((file) => file.includes('/@aws-sdk/client-dynamodb/'))
const dql = await import(${JSON.stringify(`${root}/dist/src/${entry}`)})
const bins = dql.defineTable({ name: 'bins', partitionKey: 'card_bin' })
const out = { imported: sdkLoaded() }
${body}
console.log(JSON.stringify(out))
`
  // Not execFileSync: the dynalite answering the script runs in this process.
  const { stdout } = await promisify(execFile)('node', ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  })
  return JSON.parse(stdout)
}

test('the SDK transport loads the SDK when it builds its client, not at import', async () => {
  expect(
    await run(`
const db = dql.createDql({
  region: 'local',
  endpoint: ${JSON.stringify(engine.endpoint)},
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  tables: [bins],
})
out.item = await db.first\`FROM bins WHERE card_bin = \${'411111'}\`
out.sent = sdkLoaded()
`),
  ).toEqual({ imported: false, item: { card_bin: '411111', issuer: 'ACME Bank' }, sent: true })
})

test('a handle on a Transport object of its own never loads the SDK', async () => {
  expect(
    await run(`
const transport = {
  kind: 'lean',
  async send(operation, input) {
    return { $metadata: {}, Item: { card_bin: input.Key.card_bin, issuer: { S: operation } } }
  },
  destroy() {},
}
const db = dql.createDql({ transport, tables: [bins] })
out.item = await db.first\`FROM bins WHERE card_bin = \${'411111'}\`
out.sent = sdkLoaded()
`),
  ).toEqual({ imported: false, item: { card_bin: '411111', issuer: 'GetItem' }, sent: false })
})

test('the lean transport never loads the SDK, and reads the same item', async () => {
  expect(
    await run(`
const db = dql.createDql({
  transport: 'lean',
  region: 'local',
  endpoint: ${JSON.stringify(engine.endpoint)},
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  tables: [bins],
})
out.item = await db.first\`FROM bins WHERE card_bin = \${'411111'}\`
out.sent = sdkLoaded()
`),
  ).toEqual({ imported: false, item: { card_bin: '411111', issuer: 'ACME Bank' }, sent: false })
})

test('dql/lean sends with the lean transport by default and refuses the SDK transport', async () => {
  expect(
    await run(
      `
const db = dql.createDql({
  region: 'local',
  endpoint: ${JSON.stringify(engine.endpoint)},
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  tables: [bins],
})
out.item = await db.first\`FROM bins WHERE card_bin = \${'411111'}\`
out.sent = sdkLoaded()
try {
  dql.createDql({ transport: 'sdk', region: 'local', tables: [bins] })
} catch (error) {
  out.refused = { code: error.code, message: error.message, isDqlError: error instanceof dql.DqlError }
}
`,
      'lean.js',
    ),
  ).toEqual({
    imported: false,
    item: { card_bin: '411111', issuer: 'ACME Bank' },
    sent: false,
    refused: {
      code: 'usage.bad-argument',
      message:
        "dql/lean sends with the lean transport only: import createDql from 'dql' for transport: 'sdk'.",
      isDqlError: true,
    },
  })
})

test('a handler bundled from dql/lean holds no SDK code; one from dql holds the SDK client', async () => {
  // Inside the package, so that `dql` and `dql/lean` resolve to the built package itself.
  const dir = await mkdtemp(join(root, 'dist', 'lean-bundle-'))
  try {
    const inputs = async (entry: string) => {
      const handler = join(dir, `${entry.replace('/', '-')}.mjs`)
      await writeFile(
        handler,
        `import { createDql, defineTable } from '${entry}'
const db = createDql({ transport: 'lean', tables: [defineTable({ name: 'bins', partitionKey: 'card_bin' })] })
export const handler = (event) => db.first\`FROM bins WHERE card_bin = \${event.bin}\``,
      )
      const result = await build({
        entryPoints: [handler],
        bundle: true,
        format: 'esm',
        platform: 'node',
        mainFields: ['module', 'main'],
        write: false,
        metafile: true,
        outdir: dir,
        logLevel: 'silent',
      })
      const packages = Object.keys(result.metafile.inputs).flatMap((path) => {
        const found = /node_modules\/(@aws-sdk\/[^/]+|@smithy\/[^/]+)/.exec(path)
        return found?.[1] === undefined ? [] : [found[1]]
      })
      return [...new Set(packages)].filter((name) => name === '@aws-sdk/client-dynamodb')
    }
    expect({ lean: await inputs('dql/lean'), main: await inputs('dql') }).toEqual({
      lean: [],
      main: ['@aws-sdk/client-dynamodb'],
    })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
