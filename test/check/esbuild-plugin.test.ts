/**
 * The esbuild plugin `dql/esbuild` (`dqlPrecompile`): an application bundled with it reads its
 * statements from the table the plugin wrote at build time, without Chevrotain in the bundle,
 * and gives the same results and errors as the application unbundled, on dynalite. A statement
 * the plugin cannot see keeps the parser (and says so), or, when told to drop it, fails with
 * `parse.not-precompiled`.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { build, type BuildResult, type Message } from 'esbuild'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { dqlPrecompile } from '../../src/check/esbuild-plugin.js'
import { startEmbedded, type EmbeddedDynamo } from '../../src/execute/embedded.js'

const root = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'dql-esbuild-'))
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
      KeySchema: [
        { AttributeName: 'card_bin', KeyType: 'HASH' },
        { AttributeName: 'card_bin_extended', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'card_bin', AttributeType: 'S' },
        { AttributeName: 'card_bin_extended', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  )
  for (const [ext, issuer] of [
    ['41111111', 'Visa One'],
    ['41111122', 'Visa Two'],
    ['41111133', 'Visa Three'],
  ] as const) {
    await dynamo.client.send(
      new PutItemCommand({
        TableName: 'bins',
        Item: { card_bin: { S: '411111' }, card_bin_extended: { S: ext }, issuer: { S: issuer } },
      }),
    )
  }
})
afterAll(async () => {
  await dynamo.close()
  rmSync(dir, { recursive: true, force: true })
})

// Every kind of statement the plugin reads: a template per call, a bound `dql` statement,
// `db.prepare('literal')` with parameters, a write, a write explained, and a statement that does
// not parse (its error is read at build time too).
const APP = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createDql, defineTable, dql } from 'dql'

const bins = defineTable({ name: 'bins', partitionKey: 'card_bin', sortKey: 'card_bin_extended' })

export function calls(endpoint) {
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'k', secretAccessKey: 's' } })
  const db = createDql({ client, tables: [bins] })
  return {
    first: () => db.first\`FROM bins WHERE card_bin = \${'411111'} AND card_bin_extended = \${'41111122'}\`,
    all: () => db.all\`SELECT issuer FROM bins WHERE card_bin = \${'411111'} ORDER BY card_bin_extended DESC\`,
    count: () => db.count(dql\`FROM \${bins} WHERE card_bin = \${'411111'} AND issuer <> 'Visa Two'\`),
    prepared: () => db.prepare('FROM bins WHERE card_bin = :bin LIMIT 2').all({ bin: '411111' }),
    explain: () => db.explain\`FROM bins WHERE card_bin = \${'4'} AND begins_with(card_bin_extended, \${'41'})\`,
    run: () => db.run\`UPDATE bins SET issuer = \${'Visa 2'} WHERE card_bin = \${'411111'} AND card_bin_extended = \${'41111122'} RETURNING ALL NEW\`,
    explainWrite: () => db.explain(dql\`DELETE FROM bins WHERE card_bin = \${'411111'} AND card_bin_extended = \${'41111133'}\`).operation,
    wrong: () => db.first\`FROM bins WHRE card_bin = \${'411111'}\`,
  }
}
`

// A statement read from a variable: the plugin cannot see its text.
const DYNAMIC = `
export async function dynamic(endpoint, text) {
  const { first } = calls(endpoint)
  await first()
  const { createDql } = await import('dql')
  const db = createDql({ region: 'local', endpoint, credentials: { accessKeyId: 'k', secretAccessKey: 's' }, tables: [bins] })
  return db.prepare(text).explain({ bin: '411111' }).input
}
`

/** What a fresh Node process running `script` (an ES module) printed, as JSON. */
async function runScript(script: string): Promise<unknown> {
  // Not execFileSync: dynalite runs in this process and must answer meanwhile.
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', script],
    { cwd: dir, encoding: 'utf8' },
  )
  return JSON.parse(stdout)
}

/** Runs every call of the module at `file` in a fresh process; their results or errors. */
function runCalls(file: string): Promise<unknown> {
  const script = `const { calls } = await import(${JSON.stringify(file)})
const out = {}
for (const [name, call] of Object.entries(calls(${JSON.stringify(dynamo.endpoint)}))) {
  try { out[name] = await call() } catch (e) { out[name] = { code: e.code, line: e.line, column: e.column } }
}
console.log(JSON.stringify(out))`
  return runScript(script)
}

async function bundle(
  name: string,
  source: string,
  options?: Parameters<typeof dqlPrecompile>[0],
): Promise<{ file: string; result: BuildResult<{ metafile: true }> }> {
  writeFileSync(join(dir, `${name}.mjs`), source)
  const file = join(dir, `${name}.bundle.mjs`)
  const result = await build({
    absWorkingDir: dir,
    entryPoints: [`${name}.mjs`],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    metafile: true,
    logLevel: 'silent',
    plugins: [dqlPrecompile(options)],
  })
  return { file, result }
}

/**
 * Whether the bundle holds the grammar: its file from dql's dist/ (Chevrotain inside; the
 * bundle's metafile names dist files) or Chevrotain's own sources, and its text Chevrotain's
 * links to its documentation.
 */
const holdsGrammar = (file: string, result: BuildResult<{ metafile: true }>) => {
  const inputs = Object.keys(result.metafile.inputs).filter(
    (input) => input.includes('chevrotain') || input.endsWith('/parse/grammar.js'),
  )
  return { inputs: inputs.length > 0, text: readFileSync(file, 'utf8').includes('chevrotain.io') }
}

const EXPLAINED = {
  operation: 'Query',
  tableName: 'bins',
  reason:
    'Query on table bins: card_bin = … is the partition key of table bins and the sort key card_bin_extended narrows the range.',
  requests: 1,
  input: {
    TableName: 'bins',
    KeyConditionExpression: '#n0 = :v0 AND begins_with(#n1, :v1)',
    ExpressionAttributeNames: { '#n0': 'card_bin', '#n1': 'card_bin_extended' },
    ExpressionAttributeValues: { ':v0': { S: '4' }, ':v1': { S: '41' } },
  },
}

const warnings = (messages: readonly Message[]) => messages.map((message) => message.text)

test('a bundle built with dqlPrecompile holds no Chevrotain and runs as the application unbundled', async () => {
  const { file, result } = await bundle('app', APP)
  expect(result.errors).toEqual([])
  expect(warnings(result.warnings)).toEqual([])
  // No grammar in the bundle: the precompiled table stands in for dist/src/parse/grammar.js.
  expect(holdsGrammar(file, result)).toEqual({ inputs: false, text: false })
  expect(
    Object.keys(result.metafile.inputs).filter((input) => input.endsWith('grammar.js')),
  ).toEqual([])

  // Unbundled first, then the bundle on the data as it was (the write undone by putting the
  // item back).
  const unbundled = await runCalls(join(dir, 'app.mjs'))
  expect(unbundled).toEqual({
    first: { card_bin: '411111', card_bin_extended: '41111122', issuer: 'Visa Two' },
    all: [{ issuer: 'Visa Three' }, { issuer: 'Visa Two' }, { issuer: 'Visa One' }],
    count: 2,
    prepared: [
      { card_bin: '411111', card_bin_extended: '41111111', issuer: 'Visa One' },
      { card_bin: '411111', card_bin_extended: '41111122', issuer: 'Visa Two' },
    ],
    explain: EXPLAINED,
    run: {
      count: 1,
      item: { card_bin: '411111', card_bin_extended: '41111122', issuer: 'Visa 2' },
    },
    explainWrite: 'DeleteItem',
    wrong: { code: 'parse.unexpected-token', line: 1, column: 11 },
  })
  await dynamo.client.send(
    new PutItemCommand({
      TableName: 'bins',
      Item: {
        card_bin: { S: '411111' },
        card_bin_extended: { S: '41111122' },
        issuer: { S: 'Visa Two' },
      },
    }),
  )
  expect(await runCalls(file)).toEqual(unbundled)
})

test('a statement the plugin cannot see keeps the parser, and the build says where', async () => {
  const { file, result } = await bundle('dynamic', APP + DYNAMIC)
  expect(warnings(result.warnings)).toEqual([
    'dqlPrecompile keeps the parser (Chevrotain) in the bundle: a statement here is not written ' +
      'where it can be read at build time: db.prepare(text): the statement text is not a literal. ' +
      "Write it as a dql template or db.prepare('literal'), or pass dqlPrecompile({ parser: 'drop' }) " +
      'to leave the parser out anyway (such a statement then fails with parse.not-precompiled).',
  ])
  expect(result.warnings[0]?.location?.file).toBe('dynamic.mjs')
  const line = (APP + DYNAMIC).split('\n').findIndex((text) => text.includes('prepare(text)'))
  expect(result.warnings[0]?.location?.line).toBe(line + 1)
  expect(holdsGrammar(file, result)).toEqual({ inputs: true, text: true })
  const script = `const { dynamic } = await import(${JSON.stringify(file)})
console.log(JSON.stringify(await dynamic(${JSON.stringify(dynamo.endpoint)}, 'FROM bins WHERE card_bin = :bin')))`
  expect(await runScript(script)).toEqual({
    TableName: 'bins',
    KeyConditionExpression: '#n0 = :v0',
    ExpressionAttributeNames: { '#n0': 'card_bin' },
    ExpressionAttributeValues: { ':v0': { S: '411111' } },
  })
})

test("with parser: 'drop', a statement the plugin did not see fails with parse.not-precompiled", async () => {
  const { file, result } = await bundle('dropped', APP + DYNAMIC, { parser: 'drop' })
  expect(holdsGrammar(file, result)).toEqual({ inputs: false, text: false })
  expect(warnings(result.warnings)).toEqual([
    'dqlPrecompile left the parser out: this statement is not written where it can be read at ' +
      'build time, and will fail with parse.not-precompiled: db.prepare(text): the statement text is not a literal.',
  ])
  const script = `const { dynamic } = await import(${JSON.stringify(file)})
try { await dynamic(${JSON.stringify(dynamo.endpoint)}, 'FROM bins WHERE card_bin = :bin') } catch (e) {
  console.log(JSON.stringify({ code: e.code, line: e.line, column: e.column, message: e.message.split('\\n')[0] }))
}`
  expect(await runScript(script)).toEqual({
    code: 'parse.not-precompiled',
    line: 1,
    column: 1,
    message:
      'This statement was not read when the application was bundled with dqlPrecompile, and ' +
      "the bundle has no parser: FROM bins WHERE card_bin = :bin. Write it as a dql template or db.prepare('literal') " +
      "where the plugin can read it, or bundle with dqlPrecompile({ parser: 'keep' }). (line 1, column 1)",
  })
})

// A file whose only statement has a type argument (`db.first<Item>`…``) is read too.
test('a TypeScript call with a type argument is read at build time', async () => {
  writeFileSync(
    join(dir, 'typed.ts'),
    `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createDql, defineTable } from 'dql'
const bins = defineTable({ name: 'bins', partitionKey: 'card_bin', sortKey: 'card_bin_extended' })
const credentials = { accessKeyId: 'k', secretAccessKey: 's' }
export const issuer = (endpoint: string) =>
  createDql({ client: new DynamoDBClient({ endpoint, region: 'local', credentials }), tables: [bins] })
    .first<{ issuer: string }>\`SELECT issuer FROM bins WHERE card_bin = \${'411111'} AND card_bin_extended = \${'41111111'}\`
`,
  )
  const file = join(dir, 'typed.bundle.mjs')
  const result = await build({
    absWorkingDir: dir,
    entryPoints: ['typed.ts'],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    mainFields: ['module', 'main'],
    metafile: true,
    logLevel: 'silent',
    plugins: [dqlPrecompile({ parser: 'drop' })],
  })
  expect(warnings(result.warnings)).toEqual([])
  expect(holdsGrammar(file, result)).toEqual({ inputs: false, text: false })
  const script = `const { issuer } = await import(${JSON.stringify(file)})
console.log(JSON.stringify(await issuer(${JSON.stringify(dynamo.endpoint)})))`
  expect(await runScript(script)).toEqual({ issuer: 'Visa One' })
})
