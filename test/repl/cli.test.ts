import {
  CreateTableCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { startEmbedded } from '../../src/execute/embedded.js'
import { seedDemo } from '../../src/repl/demo.js'

const root = resolve(import.meta.dirname, '../..')
const cli = join(root, 'dist/src/repl/cli.js')
const home = mkdtempSync(join(tmpdir(), 'dql-cli-'))
afterAll(() => rmSync(home, { recursive: true, force: true }))

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * How many orders the demo data holds for `customer`, counted by a raw Query with
 * Select: 'COUNT' on a fresh copy of the same data, without dql's read path.
 */
async function demoOrderCount(customer: string): Promise<number> {
  const engine = await startEmbedded()
  try {
    await seedDemo(engine.client)
    let count = 0
    let start: Record<string, AttributeValue> | undefined
    do {
      const output = await engine.client.send(
        new QueryCommand({
          TableName: 'demo-orders',
          KeyConditionExpression: 'customerId = :c',
          ExpressionAttributeValues: { ':c': { S: customer } },
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      )
      count += output.Count ?? 0
      start = output.LastEvaluatedKey
    } while (start !== undefined)
    return count
  } finally {
    await engine.close()
  }
}

/** Runs the built CLI with `args`, writing `input` to its stdin, and waits for it to exit. */
function run(args: string[], input = ''): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: root,
      env: { ...process.env, DQL_HISTORY: join(home, 'history'), NO_COLOR: '1' },
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

describe('the REPL on piped stdin', () => {
  test('the bin lookup returns the 411111 row and reports GetItem; a typo gives a caret and the session goes on', async () => {
    const result = await run(
      [],
      [
        "FROM bins WHERE card_bin = '411111'",
        "  AND card_bin_extended = ';';",
        'FROM bins WHRE card_bin = 1;',
        "SELECT issuer FROM bins WHERE cardBin = '411111' AND cardBinExtended = ';';",
        '',
      ].join('\n'),
    )
    expect(result.code).toBe(0)
    const out = result.stdout
    expect(out).toMatch(
      /^dql — embedded DynamoDB \(dynalite, in memory\) at http:\/\/127\.0\.0\.1:\d+$/m,
    )
    expect(out).toContain('tables: bins, orders')
    expect(out).toMatch(/411111 +│ ; +│ ACME Bank +│ US +│ VISA/)
    expect(out).toMatch(/^(dql> )?1 item · [\d.]+ ms · GetItem · [\d.]+ RCU$/m)
    expect(out).toContain(
      "error parse.unexpected-token: Expected USE, WHERE, ORDER, LIMIT, CONSISTENT, ';' or the end of the statement after `bins`, found `WHRE`. Did you mean WHERE? (line 1, column 11)\n\n" +
        '  FROM bins WHRE card_bin = 1\n' +
        '            ^',
    )
    // After the error, the next statement still ran.
    expect(out).toMatch(/issuer\n─+\nACME Bank\n1 item · [\d.]+ ms · GetItem/)
    expect(result.stderr).toBe('')
  })

  test('EXPLAIN of a GSI query names the index and shows the SDK input', async () => {
    const result = await run(
      [],
      "EXPLAIN FROM orders WHERE status = 'shipped' ORDER BY orderDate DESC LIMIT 5;\n",
    )
    expect(result.code).toBe(0)
    const json = result.stdout.slice(result.stdout.indexOf('{'), result.stdout.lastIndexOf('}') + 1)
    expect(JSON.parse(json)).toEqual({
      operation: 'Query',
      tableName: 'demo-orders',
      indexName: 'byStatus',
      input: {
        TableName: 'demo-orders',
        IndexName: 'byStatus',
        KeyConditionExpression: '#n0 = :v0',
        ExpressionAttributeNames: { '#n0': 'status' },
        ExpressionAttributeValues: { ':v0': { S: 'shipped' } },
        ScanIndexForward: false,
        Limit: 5,
      },
      requests: 1,
      reason:
        "Query on index byStatus: status = … is the partition key of index byStatus, and the table's own partition key is not given.",
    })
  })

  test('parameters, COUNT(*), JSON output and dot-commands', async () => {
    const expected = await demoOrderCount('c-0002')
    expect(expected).toBeGreaterThan(0)
    const result = await run(
      [],
      [
        ".set c 'c-0002'",
        'SELECT COUNT(*) FROM orders WHERE customerId = :c;',
        '.format json',
        'SELECT customerId FROM orders WHERE customerId = :c LIMIT 1;',
        '.describe bins',
        '.nonsense',
        '.exit',
        'FROM bins; -- never run: the session ended',
      ].join('\n'),
    )
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(':c = "c-0002"')
    expect(result.stdout).toMatch(
      new RegExp(`count\\n─+\\n${expected}\\ncount ${expected} · [\\d.]+ ms · Query`),
    )
    expect(result.stdout).toMatch(/\[\n {2}\{\n {4}"customerId": "c-0002"\n {2}\}\n\]/)
    expect(result.stdout).toContain(
      'table bins (DynamoDB: bin-lookup)\n  partition key  card_bin\n  sort key       card_bin_extended\n  fields\n    cardBin → card_bin',
    )
    expect(result.stdout).toContain('unknown command .nonsense; .help lists them')
    expect(result.stdout).not.toContain('never run')
    // Piped input is a script, not typing: it is not recorded in the history.
    expect(existsSync(join(home, 'history'))).toBe(false)
  })
})

describe('dql -e', () => {
  test('exits 0 with the result', async () => {
    const result = await run([
      '-e',
      "FROM bins WHERE card_bin = '411111' AND card_bin_extended = ';'",
      '--format',
      'json',
    ])
    expect(result.code).toBe(0)
    // stdout is the data alone, parseable as it stands; the summary goes to stderr.
    expect(JSON.parse(result.stdout)).toEqual([
      {
        cardBin: '411111',
        cardBinExtended: ';',
        issuer: 'ACME Bank',
        country: 'US',
        brand: 'VISA',
        card_type: 'CREDIT',
        level: 'CLASSIC',
      },
    ])
    expect(result.stderr).toMatch(/^1 item · [\d.]+ ms · GetItem · [\d.]+ RCU\n$/)
  })

  test('-e --format json: COUNT(*) and an empty result are JSON alone on stdout', async () => {
    const count = await run([
      '-e',
      "SELECT COUNT(*) FROM orders WHERE customerId = 'nobody'",
      '--format',
      'json',
    ])
    expect(count.code).toBe(0)
    expect(JSON.parse(count.stdout)).toEqual({ count: 0 })
    expect(count.stderr).toMatch(/^count 0 · [\d.]+ ms · Query · [\d.]+ RCU\n$/)
    const none = await run(['-e', "FROM orders WHERE customerId = 'nobody'", '--format', 'json'])
    expect(JSON.parse(none.stdout)).toEqual([])
    expect(none.stderr).toMatch(/^0 items · [\d.]+ ms · Query · [\d.]+ RCU\n$/)
  })

  test('the built bin is executable, so that `npx dql -e …` runs it', () => {
    expect(statSync(cli).mode & 0o111).toBe(0o111)
  })

  test('exits non-zero with the code and caret on a bad statement', async () => {
    const result = await run(['-e', 'FROM bins WHERE card_bin_extended = 1'])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(
      'error plan.partial-key: `card_bin_extended` is the sort key of bins, but its partition key is not given; add card_bin = … to the top-level AND (or write SCAN to read everything). (line 1, column 17)\n\n' +
        '  FROM bins WHERE card_bin_extended = 1\n' +
        '                  ^\n',
    )
  })

  test('a bad endpoint is a clear message, not a stack trace', async () => {
    const result = await run(['--endpoint', 'http://127.0.0.1:1', '-e', 'FROM t WHERE a = 1'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /^error \w+: cannot reach DynamoDB \(.*ECONNREFUSED.*\); check --endpoint/,
    )
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  test('--help prints the options; an unknown option exits 2', async () => {
    const help = await run(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--endpoint URL')
    expect(help.stdout).toContain('--schema FILE')
    const bad = await run(['--bogus'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('dql: unknown option --bogus')
  })
})

describe('against an endpoint', () => {
  test('with no schema, tables come from DescribeTable; with --schema, from the file', async () => {
    const engine = await startEmbedded()
    try {
      await engine.client.send(
        new CreateTableCommand({
          TableName: 'app-users',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'user_id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'user_id', KeyType: 'HASH' }],
        }),
      )
      await engine.client.send(
        new PutItemCommand({
          TableName: 'app-users',
          Item: { user_id: { S: 'u1' }, display_name: { S: 'Ada' } },
        }),
      )
      const described = await run([
        '--endpoint',
        engine.endpoint,
        '-e',
        "SELECT display_name FROM `app-users` WHERE user_id = 'u1'",
      ])
      expect(described.stdout).toMatch(/^display_name\n─+\nAda\n$/)
      expect(described.stderr).toMatch(/^1 item · [\d.]+ ms · GetItem/)

      const schema = join(home, 'schema.mjs')
      writeFileSync(
        schema,
        `import { defineTable } from ${JSON.stringify(join(root, 'dist/src/index.js'))}
export const users = defineTable({ name: 'users', tableName: 'app-users', partitionKey: 'user_id', fields: { id: 'user_id', name: 'display_name' } })
export const ghosts = defineTable({ name: 'ghosts', partitionKey: 'id' })
`,
      )
      const session = await run(
        ['--endpoint', engine.endpoint, '--schema', schema],
        "SELECT name FROM users WHERE id = 'u1';\nFROM ghosts WHERE id = 'x';\n.tables\n",
      )
      expect(session.code).toBe(0)
      expect(session.stdout).toMatch(/name\n─+\nAda\n1 item · [\d.]+ ms · GetItem/)
      // DynamoDB's own error: the table is declared but does not exist. The session goes on.
      expect(session.stdout).toContain('error ResourceNotFoundException:')
      expect(session.stdout).toMatch(/users +│ app-users/)
    } finally {
      await engine.close()
    }
  })
})
