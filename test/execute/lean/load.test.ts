/**
 * The lean transport loads no SDK module on the success path. A fresh `node` process imports
 * the lean transport (bundled from src/ by esbuild into a temporary directory, so nothing but
 * what it imports at run time is loaded) and sends a GetItem to dynalite with static
 * credentials: no `@aws-sdk` or `@smithy` module is then in the module cache (the SDK's
 * packages are CommonJS, and Node caches a CommonJS module however it was loaded), nor after an
 * error answer, which is still `instanceof` the SDK's classes once the SDK is loaded. Loading
 * the SDK then shows in the same check: the control that the check sees a load at all. Once
 * the SDK is loaded, errors are made by its own classes.
 */
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { build } from 'esbuild'
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startEmbedded, type EmbeddedDynamo } from '../../../src/execute/embedded.js'

const root = resolve(import.meta.dirname, '../../..')
let engine: EmbeddedDynamo
let dir: string

beforeAll(async () => {
  engine = await startEmbedded()
  await engine.client.send(
    new CreateTableCommand({
      TableName: 'lean-load',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  )
  await engine.client.send(
    new PutItemCommand({ TableName: 'lean-load', Item: { id: { S: 'k' }, v: { N: '1' } } }),
  )
  dir = await mkdtemp(join(tmpdir(), 'dql-lean-load-'))
  await build({
    entryPoints: [join(root, 'src/execute/lean/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: join(dir, 'lean.mjs'),
    external: ['@aws-sdk/*', '@smithy/*'],
    logLevel: 'warning',
  })
  await writeFile(
    join(dir, 'probe.mjs'),
    `import { createRequire } from 'node:module'
import { createLeanTransport } from './lean.mjs'
const require = createRequire(import.meta.url)
const sdk = () => Object.keys(require.cache).filter((path) => /[\\\\/]@(aws-sdk|smithy)[\\\\/]/.test(path))
const transport = createLeanTransport({
  endpoint: process.argv[2],
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
})
const missing = { TableName: 'lean-load-missing', Key: { id: { S: 'k' } } }
const failure = async () => {
  try {
    await transport.send('GetItem', missing)
  } catch (error) {
    return error
  }
}
const got = await transport.send('GetItem', { TableName: 'lean-load', Key: { id: { S: 'k' } } })
const afterSuccess = sdk()
const before = await failure()
const afterError = sdk()
// The control: loading the SDK shows in the same check.
const Sdk = require('@aws-sdk/client-dynamodb')
const loaded = sdk().some((path) => path.includes('client-dynamodb'))
const after = await failure()
transport.destroy()
console.log(JSON.stringify({
  item: got.Item,
  afterSuccess,
  afterError,
  loaded,
  before: {
    name: before.name,
    ownClass: before instanceof Sdk.ResourceNotFoundException,
    base: before instanceof Sdk.DynamoDBServiceException,
    other: before instanceof Sdk.ConditionalCheckFailedException,
  },
  after: {
    name: after.name,
    sdkClass: after.constructor === Sdk.ResourceNotFoundException,
    base: after instanceof Sdk.DynamoDBServiceException,
  },
}))
`,
  )
  await writeFile(
    join(dir, 'probe-env.mjs'),
    `import { createRequire } from 'node:module'
import { createLeanTransport } from './lean.mjs'
const require = createRequire(import.meta.url)
const sdk = () => Object.keys(require.cache).filter((path) => /[\\\\/]@(aws-sdk|smithy)[\\\\/]/.test(path))
const transport = createLeanTransport({ endpoint: process.argv[2], region: 'local' })
const got = await transport.send('GetItem', { TableName: 'lean-load', Key: { id: { S: 'k' } } })
transport.destroy()
console.log(JSON.stringify({ item: got.Item, loaded: sdk() }))
`,
  )
})

afterAll(async () => {
  await engine.close()
  await rm(dir, { recursive: true, force: true })
})

test('neither an answer nor an error loads an SDK module; errors are instanceof its classes', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(dir, 'probe.mjs'), engine.endpoint],
    // The SDK is found the way an installed dql finds it, from the package's node_modules.
    { env: { ...process.env, NODE_PATH: join(root, 'node_modules') }, timeout: 30_000 },
  )
  expect(JSON.parse(stdout)).toEqual({
    item: { id: { S: 'k' }, v: { N: '1' } },
    afterSuccess: [],
    afterError: [],
    loaded: true,
    before: { name: 'ResourceNotFoundException', ownClass: true, base: true, other: false },
    after: { name: 'ResourceNotFoundException', sdkClass: true, base: true },
  })
})

test('credentials from the environment (as on AWS Lambda) load no SDK module either', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: join(root, 'node_modules') }
  for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION']) {
    delete env[name]
  }
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(dir, 'probe-env.mjs'), engine.endpoint],
    {
      env: { ...env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
      timeout: 30_000,
    },
  )
  expect(JSON.parse(stdout)).toEqual({ item: { id: { S: 'k' }, v: { N: '1' } }, loaded: [] })
})
