/**
 * What an application's bundle holds of dql. A bundler takes the SDK through the package's
 * `#dql/sdk` import (the `module` condition): the twelve commands dql sends, not the SDK's whole
 * index, and `createDql({ region })` builds the bundle's own client, so the bundle runs with no
 * node_modules beside it. With `dqlPrecompile`, the parts no statement or call of the
 * application needs are left out — the lean transport, writes and transactions, page cursors,
 * scans, the SDK's commands for them and DescribeTable — and reaching one fails with
 * `usage.not-bundled`. Each bundle
 * runs in a fresh process, from a directory with no node_modules, against dynalite.
 */
import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { build, type Plugin } from 'esbuild'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { dqlPrecompile } from '../../src/check/esbuild-plugin.js'
import { startEmbedded, type EmbeddedDynamo } from '../../src/execute/embedded.js'

const root = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'dql-bundle-parts-'))
/** Where the bundles run: no node_modules, so nothing resolves outside the bundle. */
const away = mkdtempSync(join(tmpdir(), 'dql-bundle-away-'))
let dynamo: EmbeddedDynamo

beforeAll(async () => {
  mkdirSync(join(dir, 'node_modules/@aws-sdk'), { recursive: true })
  symlinkSync(root, join(dir, 'node_modules/dql'), 'dir')
  const sdk = join(root, 'node_modules/@aws-sdk/client-dynamodb')
  symlinkSync(sdk, join(dir, 'node_modules/@aws-sdk/client-dynamodb'), 'dir')
  dynamo = await startEmbedded()
  await dynamo.client.send(
    new CreateTableCommand({
      TableName: 'bins',
      KeySchema: [{ AttributeName: 'card_bin', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'card_bin', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  )
  await dynamo.client.send(
    new PutItemCommand({
      TableName: 'bins',
      Item: { card_bin: { S: '411111' }, issuer: { S: 'ACME Bank' } },
    }),
  )
})
afterAll(async () => {
  await dynamo.close()
  rmSync(dir, { recursive: true, force: true })
  rmSync(away, { recursive: true, force: true })
})

const CONNECTION = `region: 'local', endpoint, credentials: { accessKeyId: 'k', secretAccessKey: 's' }`

/**
 * A handler that only reads, with its statement written where the plugin reads it. The other
 * calls reach dql's parts by names the plugin does not see (`db[name]`, an option's name built
 * at run time), as an application's code could: what was left out must fail, loudly.
 */
const READER = `import { createDql, defineTable, dql } from 'dql'
const bins = defineTable({ name: 'bins', partitionKey: 'card_bin' })
export function calls(endpoint) {
  const db = createDql({ ${CONNECTION}, tables: [bins] })
  const named = (name) => name.join('')
  return {
    first: () => db.first\`FROM bins WHERE card_bin = \${'411111'}\`,
    transact: () => db[named(['trans', 'act'])]([]),
    page: () => db[named(['pa', 'ge'])](dql\`FROM bins WHERE card_bin = \${'411111'}\`),
    loadTables: async () => (await db[named(['load', 'Tables'])]()).map((table) => table.name),
    other: () => createDql({ [named(['trans', 'port'])]: named(['le', 'an']), ${CONNECTION} }).tables,
    // A handle not given the definition: it reads the table with DescribeTable.
    described: () => createDql({ ${CONNECTION} }).first\`FROM bins WHERE card_bin = \${'411111'}\`,
  }
}
`

/**
 * A handler that writes, pages, scans in segments, names a table it does not define, and sends
 * with the lean transport too.
 */
const EVERYTHING = `import { createDql, defineTable } from 'dql'
export function calls(endpoint) {
  const db = createDql({ ${CONNECTION} })
  const lean = createDql({ transport: 'lean', ${CONNECTION} })
  return {
    run: () => db.run\`UPDATE bins SET issuer = \${'ACME Bank'} WHERE card_bin = \${'411111'} RETURNING ALL NEW\`,
    page: async () => (await db.page\`FROM bins WHERE card_bin = \${'411111'}\`).items,
    scan: () => db.all\`SCAN FROM bins WHERE issuer = \${'ACME Bank'} SEGMENTS 2\`,
    other: () => lean.first\`FROM bins WHERE card_bin = \${'411111'}\`,
  }
}
`

async function bundle(name: string, source: string, plugins: Plugin[]) {
  writeFileSync(join(dir, `${name}.mjs`), source)
  const result = await build({
    absWorkingDir: dir,
    entryPoints: [`${name}.mjs`],
    outfile: join(dir, `${name}.bundle.mjs`),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    metafile: true,
    logLevel: 'silent',
    plugins,
  })
  expect(result.errors).toEqual([])
  copyFileSync(join(dir, `${name}.bundle.mjs`), join(away, `${name}.mjs`))
  // The modules with bytes in the bundle (the metafile's inputs list every module read).
  const output = Object.values(result.metafile.outputs)[0]
  const inputs = Object.entries(output?.inputs ?? {})
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([input]) => input)
  /** Whether an input's path ends with one of `ends`, each answered. */
  const holds = (...ends: string[]) =>
    Object.fromEntries(ends.map((end) => [end, inputs.some((input) => input.endsWith(end))]))
  // What the build warned, each with where: `file:line`.
  const warnings = result.warnings.map(
    ({ text, location }) => `${location?.file}:${location?.line}: ${text}`,
  )
  return { file: join(away, `${name}.mjs`), holds, warnings }
}

/** What a fresh process running `script` (an ES module) from `away` printed, as JSON. */
async function runScript(script: string): Promise<unknown> {
  // Not execFileSync: dynalite runs in this process and must answer meanwhile.
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', script],
    {
      cwd: away,
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    },
  )
  return JSON.parse(stdout)
}

/** Runs every call of the bundle in a fresh process: results, or error codes and messages. */
function runCalls(file: string): Promise<unknown> {
  return runScript(`const { calls } = await import(${JSON.stringify(file)})
const out = {}
for (const [name, call] of Object.entries(calls(${JSON.stringify(dynamo.endpoint)}))) {
  try { out[name] = await call() } catch (e) { out[name] = { code: e.code, message: e.message } }
}
console.log(JSON.stringify(out))`)
}

const notBundled = (part: string) => ({
  code: 'usage.not-bundled',
  message:
    `${part} not in this bundle: dqlPrecompile left it out, reading no statement or call in ` +
    "the application's files that needs it. Bundle with dqlPrecompile({ features: 'all' }) " +
    'to keep every part of dql.',
})

const PARTS = [
  'dist/src/execute/load-sdk.js',
  'dist/src/execute/sdk-senders.js',
  'dist/src/execute/lean/index.js',
  'dist/src/runtime/write-support.js',
  'dist/src/execute/cursor-support.js',
  'dist/src/execute/scan-support.js',
  'dist-es/DynamoDB.js',
  'dist-es/commands/GetItemCommand.js',
  'dist-es/commands/ScanCommand.js',
  'dist-es/commands/PutItemCommand.js',
  'dist-es/commands/DescribeTableCommand.js',
  'dist-es/commands/ListTablesCommand.js',
]

test('without the plugin, a bundle holds the commands dql sends, not the SDK index, and runs alone', async () => {
  const { file, holds } = await bundle('reader-plain', READER, [])
  expect(holds(...PARTS)).toEqual({
    'dist/src/execute/load-sdk.js': true,
    'dist/src/execute/sdk-senders.js': true,
    'dist/src/execute/lean/index.js': true,
    'dist/src/runtime/write-support.js': true,
    'dist/src/execute/cursor-support.js': true,
    'dist/src/execute/scan-support.js': true,
    // The SDK's aggregated client (every command) is not reached.
    'dist-es/DynamoDB.js': false,
    'dist-es/commands/GetItemCommand.js': true,
    'dist-es/commands/ScanCommand.js': true,
    'dist-es/commands/PutItemCommand.js': true,
    'dist-es/commands/DescribeTableCommand.js': true,
    'dist-es/commands/ListTablesCommand.js': true,
  })
  // createDql({ region, endpoint }) builds its client from the bundle's SDK: no node_modules.
  expect(await runCalls(file)).toEqual({
    first: { card_bin: '411111', issuer: 'ACME Bank' },
    transact: {
      code: 'usage.bad-argument',
      message: 'db.transact takes a list of one or more statements.',
    },
    page: { items: [{ card_bin: '411111', issuer: 'ACME Bank' }], cursor: undefined },
    loadTables: ['bins'],
    other: [],
    described: { card_bin: '411111', issuer: 'ACME Bank' },
  })
})

test('dqlPrecompile leaves out the parts a reading application never names; reaching one is usage.not-bundled', async () => {
  const { file, holds } = await bundle('reader', READER, [dqlPrecompile()])
  expect(holds(...PARTS)).toEqual({
    'dist/src/execute/load-sdk.js': false,
    'dist/src/execute/sdk-senders.js': false,
    'dist/src/execute/lean/index.js': false,
    'dist/src/runtime/write-support.js': false,
    'dist/src/execute/cursor-support.js': false,
    'dist/src/execute/scan-support.js': false,
    'dist-es/DynamoDB.js': false,
    'dist-es/commands/GetItemCommand.js': true,
    'dist-es/commands/ScanCommand.js': false,
    'dist-es/commands/PutItemCommand.js': false,
    'dist-es/commands/DescribeTableCommand.js': false,
    'dist-es/commands/ListTablesCommand.js': false,
  })
  expect(await runCalls(file)).toEqual({
    first: { card_bin: '411111', issuer: 'ACME Bank' },
    transact: notBundled('Writes (INSERT, REPLACE, UPDATE, UPSERT, DELETE) and db.transact are'),
    page: notBundled('Page cursors (db.page) are'),
    loadTables: notBundled("The SDK's ListTablesCommand is"),
    other: {
      code: 'usage.not-bundled',
      message:
        "transport: 'lean' is not in this bundle: dqlPrecompile left the lean transport out, " +
        "seeing no use of it in the application's files. Bundle with " +
        "dqlPrecompile({ leanTransport: 'keep' }), or import createDql from 'dql/lean'.",
    },
    described: notBundled("The SDK's DescribeTableCommand is"),
  })
})

test("dqlPrecompile({ features: 'all', leanTransport: 'keep' }) keeps every part", async () => {
  const { file, holds } = await bundle('reader-all', READER, [
    dqlPrecompile({ features: 'all', leanTransport: 'keep' }),
  ])
  expect(holds(...PARTS)).toMatchObject({
    'dist/src/execute/lean/index.js': true,
    'dist/src/runtime/write-support.js': true,
    'dist/src/execute/cursor-support.js': true,
    'dist/src/execute/scan-support.js': true,
    'dist-es/commands/ScanCommand.js': true,
    'dist-es/commands/PutItemCommand.js': true,
    'dist-es/commands/DescribeTableCommand.js': true,
    'dist-es/commands/ListTablesCommand.js': true,
  })
  expect(await runCalls(file)).toEqual({
    first: { card_bin: '411111', issuer: 'ACME Bank' },
    transact: {
      code: 'usage.bad-argument',
      message: 'db.transact takes a list of one or more statements.',
    },
    page: { items: [{ card_bin: '411111', issuer: 'ACME Bank' }] },
    loadTables: ['bins'],
    other: [],
    described: { card_bin: '411111', issuer: 'ACME Bank' },
  })
})

test('an application that writes, pages, scans, names an undefined table and the lean transport keeps those parts', async () => {
  const { file, holds } = await bundle('everything', EVERYTHING, [dqlPrecompile()])
  expect(holds(...PARTS)).toEqual({
    'dist/src/execute/load-sdk.js': false,
    'dist/src/execute/sdk-senders.js': false,
    'dist/src/execute/lean/index.js': true,
    'dist/src/runtime/write-support.js': true,
    'dist/src/execute/cursor-support.js': true,
    'dist/src/execute/scan-support.js': true,
    'dist-es/DynamoDB.js': false,
    'dist-es/commands/GetItemCommand.js': true,
    'dist-es/commands/ScanCommand.js': true,
    'dist-es/commands/PutItemCommand.js': true,
    'dist-es/commands/DescribeTableCommand.js': true,
    'dist-es/commands/ListTablesCommand.js': false,
  })
  expect(await runCalls(file)).toEqual({
    run: { count: 1, item: { card_bin: '411111', issuer: 'ACME Bank' } },
    page: [{ card_bin: '411111', issuer: 'ACME Bank' }],
    scan: [{ card_bin: '411111', issuer: 'ACME Bank' }],
    other: { card_bin: '411111', issuer: 'ACME Bank' },
  })
})

// A statement read at run time may be any statement: where the parser stays, every part does.
test('a statement the plugin cannot read keeps every part, with the parser', async () => {
  const source = `${READER}
export async function dynamic(endpoint, text) {
  const db = createDql({ ${CONNECTION} })
  return db.run(db.prepare(text).bind({ bin: '411111' }))
}
`
  const { file, holds } = await bundle('reader-dynamic', source, [dqlPrecompile()])
  expect(holds(...PARTS)).toMatchObject({
    'dist/src/execute/lean/index.js': false,
    'dist/src/runtime/write-support.js': true,
    'dist/src/execute/cursor-support.js': true,
    'dist/src/execute/scan-support.js': true,
    'dist-es/commands/PutItemCommand.js': true,
    'dist-es/commands/DescribeTableCommand.js': true,
    'dist-es/commands/ListTablesCommand.js': true,
  })
  expect(
    await runScript(`const { dynamic } = await import(${JSON.stringify(file)})
console.log(JSON.stringify(await dynamic(${JSON.stringify(dynamo.endpoint)}, "UPDATE bins SET issuer = 'ACME Bank' WHERE card_bin = :bin")))`),
  ).toEqual({ count: 1 })
})

/**
 * A reading application whose table is defined by a literal `defineTable` call: its read
 * statements are planned at build time, and the planner is left out. The same handler run
 * unbundled (dql's planner at run time) is the reference; where the bundle's plans cannot serve
 * (a handle defining the table otherwise), the call fails with usage.not-bundled.
 */
const PLANNED = `import { createDql, defineTable } from 'dql'
const bins = defineTable({
  name: 'bins',
  partitionKey: 'card_bin',
  fields: { cardBin: 'card_bin', bank: 'issuer' },
  indexes: { byIssuer: { type: 'global', partitionKey: 'issuer', sortKey: 'card_bin', projection: ['brand'] } },
})
export function calls(endpoint) {
  const db = createDql({ ${CONNECTION}, tables: [bins] })
  // The same table defined with other fields, by a definition no literal gives.
  const fields = Object.fromEntries([['binNumber', 'card_bin']])
  const other = createDql({ ${CONNECTION}, tables: [defineTable({ name: 'bins', partitionKey: 'card_bin', fields })] })
  return {
    first: () => db.first\`FROM bins WHERE cardBin = \${'411111'}\`,
    projected: () => db.first\`SELECT bank FROM bins WHERE card_bin = \${'411111'} CONSISTENT\`,
    count: () => db.count\`FROM bins WHERE card_bin = \${'411111'}\`,
    text: () => db.all(db.prepare('FROM bins WHERE cardBin = :bin').bind({ bin: '411111' })),
    batch: () => db.explain\`FROM bins WHERE cardBin IN (\${'411111'}, '422222')\`,
    index: () => db.explain\`SELECT brand, cardBin FROM bins USE INDEX (byIssuer) WHERE bank = \${'ACME Bank'} AND card_bin > \${'4'} ORDER BY card_bin DESC LIMIT 5\`,
    refused: () => db.all\`FROM bins WHERE bank = \${'ACME Bank'} AND brand = 'VISA'\`,
    other: () => other.first\`FROM bins WHERE card_bin = \${'411111'}\`,
  }
}
`

/** What PLANNED's calls give unbundled: dql as installed, planning every statement at run time. */
async function plannedReference(): Promise<unknown> {
  writeFileSync(join(dir, 'planned-source.mjs'), PLANNED)
  return runCalls(join(dir, 'planned-source.mjs'))
}

test('read statements of a table defined by a literal are planned at build time, and the planner left out', async () => {
  const { file, holds, warnings } = await bundle('planned', PLANNED, [dqlPrecompile()])
  expect(holds('dist/src/runtime/planner-support.js')).toEqual({
    'dist/src/runtime/planner-support.js': false,
  })
  expect(warnings).toEqual([])
  // The same handler, unbundled: dql as installed, planning at run time.
  const reference = await plannedReference()
  const bundled = (await runCalls(file)) as Record<string, unknown>
  const { other, ...rest } = reference as Record<string, unknown>
  expect(bundled).toEqual({
    ...rest,
    other: {
      code: 'usage.not-bundled',
      message:
        'This statement was planned when the application was bundled, for table bins as ' +
        "defined then, and this handle's definition differs (fields { cardBin: card_bin, bank: " +
        'issuer } when bundled, { binNumber: card_bin } in this handle); dqlPrecompile left ' +
        'the planner out of the bundle. Give the plugin the definition the handle uses, or ' +
        "bundle with dqlPrecompile({ planner: 'keep' }). (line 1, column 6)\n\n" +
        '  FROM bins WHERE card_bin = ${…}\n       ^',
    },
  })
  // What the reference gave, written out: the plans are the planner's, not merely alike.
  expect(reference).toEqual({
    first: { cardBin: '411111', bank: 'ACME Bank' },
    projected: { bank: 'ACME Bank' },
    count: 1,
    text: [{ cardBin: '411111', bank: 'ACME Bank' }],
    batch: {
      operation: 'BatchGetItem',
      tableName: 'bins',
      input: {
        RequestItems: {
          bins: { Keys: [{ card_bin: { S: '411111' } }, { card_bin: { S: '422222' } }] },
        },
      },
      requests: 1,
      reason:
        'The WHERE clause gives full primary keys of bins (card_bin) as a list and nothing ' +
        'else, so BatchGetItem reads them, 100 keys a request.',
    },
    index: {
      operation: 'Query',
      tableName: 'bins',
      indexName: 'byIssuer',
      input: {
        TableName: 'bins',
        IndexName: 'byIssuer',
        KeyConditionExpression: '#n0 = :v0 AND #n1 > :v1',
        ProjectionExpression: '#n2, #n1',
        ExpressionAttributeNames: { '#n0': 'issuer', '#n1': 'card_bin', '#n2': 'brand' },
        ExpressionAttributeValues: { ':v0': { S: 'ACME Bank' }, ':v1': { S: '4' } },
        Limit: 5,
        ScanIndexForward: false,
      },
      requests: 1,
      reason:
        'Query on index byIssuer: issuer = … is the partition key of index byIssuer and the ' +
        'sort key card_bin narrows the range, as USE INDEX asks.',
    },
    refused: {
      code: 'plan.uncovered-projection',
      message:
        'Index byIssuer projects only some attributes (card_bin, issuer, brand), and this ' +
        'statement reads every attribute; SELECT some of card_bin, issuer, brand, or COUNT(*), ' +
        'or read the table instead. (line 1, column 1)\n\n' +
        "  FROM bins WHERE bank = ${…} AND brand = 'VISA'\n  ^",
    },
    other: { binNumber: '411111', issuer: 'ACME Bank' },
  })
})

test("dqlPrecompile({ planner: 'keep' }) keeps the planner behind the plans, for a handle defining the table otherwise", async () => {
  const { file, holds } = await bundle('planned-keep', PLANNED, [
    dqlPrecompile({ planner: 'keep' }),
  ])
  expect(holds('dist/src/runtime/planner-support.js')).toEqual({
    'dist/src/runtime/planner-support.js': true,
  })
  expect(await runCalls(file)).toEqual(await plannedReference())
})

// A `FROM ${table}` statement keeps the planner too, unsaid: its table is chosen when it runs.
test('a read the build cannot plan keeps the planner, and the build says why and where', async () => {
  const source = `import { createDql, defineTable } from 'dql'
const key = 'id'
const bins = defineTable({ name: 'bins', partitionKey: 'card_bin' })
const cards = defineTable({ name: 'cards', partitionKey: key })
export function calls(endpoint) {
  const db = createDql({ ${CONNECTION}, tables: [bins, cards] })
  return {
    bins: () => db.first\`FROM bins WHERE card_bin = \${'411111'}\`,
    cards: () => db.explain\`FROM cards WHERE id = \${'c1'}\`,
    hole: () => db.first\`FROM \${bins} WHERE card_bin = \${'411111'}\`,
  }
}
`
  const { file, holds, warnings } = await bundle('unplanned', source, [dqlPrecompile()])
  expect(holds('dist/src/runtime/planner-support.js')).toEqual({
    'dist/src/runtime/planner-support.js': true,
  })
  const advice =
    'It is planned when it first runs. Define the table with a literal defineTable({ … }) or ' +
    'pass it in dqlPrecompile({ tables }) to leave the planner out, or pass ' +
    "dqlPrecompile({ planner: 'keep' }) to keep it without this warning."
  expect(warnings).toEqual([
    'unplanned.mjs:9: dqlPrecompile keeps the planner of reads in the bundle: this statement ' +
      'was not planned at build time, because table cards has no one definition the build can ' +
      'read: the defineTable call naming it is not written as a literal (a variable, a spread ' +
      `or a computed name in its options), or two different ones name it. ${advice}`,
  ])
  expect(await runCalls(file)).toEqual({
    bins: { card_bin: '411111', issuer: 'ACME Bank' },
    cards: {
      operation: 'GetItem',
      tableName: 'cards',
      input: { TableName: 'cards', Key: { id: { S: 'c1' } } },
      requests: 1,
      reason:
        'The WHERE clause gives the full primary key of cards (id) and nothing else, so one ' +
        'GetItem reads the item.',
    },
    hole: { card_bin: '411111', issuer: 'ACME Bank' },
  })
  // planner: 'keep' says nothing.
  expect(
    (await bundle('unplanned-keep', source, [dqlPrecompile({ planner: 'keep' })])).warnings,
  ).toEqual([])
})
