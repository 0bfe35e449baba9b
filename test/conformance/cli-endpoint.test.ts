/**
 * The `dql` command on DynamoDB Local, which keeps one database per access key and region: the
 * shell must use the region and credentials the SDK resolves (environment, profile, --region),
 * as the program that made the tables did, and say which it used when it sees no tables.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'

const endpoint = inject('dynamoLocal')
const root = resolve(import.meta.dirname, '../..')
// Built apart from dist/, which the unit project's setup rebuilds in parallel.
const out = join(root, 'dist-conformance')
const cli = join(out, 'src/repl/cli.js')
const home = mkdtempSync(join(tmpdir(), 'dql-cli-endpoint-'))

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the CLI with no AWS configuration but `env` (and an empty home: no profile). */
function run(args: string[], env: Record<string, string>, input = ''): Promise<Run> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')),
  )
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: root,
      env: { ...base, ...env, HOME: home, DQL_HISTORY: join(home, 'history'), NO_COLOR: '1' },
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

async function createTable(
  url: string,
  region: string,
  accessKeyId: string,
  name: string,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint: url,
    region,
    credentials: { accessKeyId, secretAccessKey: 'secret' },
  })
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    )
  } finally {
    client.destroy()
  }
}

describe.skipIf(endpoint === null)('dql --endpoint on DynamoDB Local', () => {
  const url = endpoint ?? ''
  beforeAll(async () => {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', out], { cwd: root })
    await createTable(url, 'us-east-1', 'AKIDCLIENDPOINT', 'cli-endpoint-env')
    await createTable(url, 'eu-west-3', 'local', 'cli-endpoint-placeholder')
  })
  afterAll(() => {
    rmSync(home, { recursive: true, force: true })
    rmSync(out, { recursive: true, force: true })
  })

  test('the region and key of the environment, as a normal SDK program uses them', async () => {
    const result = await run(['--endpoint', url, '-e', '.tables'], {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDCLIENDPOINT',
      AWS_SECRET_ACCESS_KEY: 'secret',
    })
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.stdout).toMatch(/^cli-endpoint-env +│ cli-endpoint-env +│ id/m)
  })

  test('--region alone on a loopback endpoint: the placeholder key, no credentials error', async () => {
    const result = await run(['--endpoint', url, '--region', 'eu-west-3', '-e', '.tables'], {})
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.stdout).toMatch(/^cli-endpoint-placeholder +│ cli-endpoint-placeholder +│ id/m)
  })

  test('no tables: the banner says which region and access key were used', async () => {
    const result = await run(['--endpoint', url], {
      AWS_REGION: 'ap-south-2',
      AWS_ACCESS_KEY_ID: 'AKIDNOTABLES',
      AWS_SECRET_ACCESS_KEY: 'secret',
    })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      'tables: none — DynamoDB Local and other engines keep tables per access key and region; ' +
        'this shell used region ap-south-2 and access key AKIDNOTABLES (from the SDK: ' +
        'environment, profile or --region)',
    )
  })
})
