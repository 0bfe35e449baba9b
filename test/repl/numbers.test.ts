/**
 * Numbers beyond a double in the shell: shown exactly by default (`string` mode), chosen with
 * `--numbers` or `.numbers`.
 */
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startEmbedded } from '../../src/execute/embedded.js'
import { runCli } from './run-cli.js'

let engine: Awaited<ReturnType<typeof startEmbedded>>

beforeAll(async () => {
  engine = await startEmbedded()
  await engine.client.send(
    new CreateTableCommand({
      TableName: 'big',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  )
  await engine.client.send(
    new PutItemCommand({
      TableName: 'big',
      Item: {
        id: { S: 'a' },
        n: { N: '12345678901234567890' },
        d: { N: '0.12345678901234567890123' },
        small: { N: '42' },
      },
    }),
  )
})
afterAll(() => engine.close())

const query = "SELECT n, d, small FROM big WHERE id = 'a'"

describe('numbers in the shell', () => {
  test('by default, numbers beyond a double are shown exactly', async () => {
    const result = await runCli(['--endpoint', engine.endpoint, '-e', query, '--format', 'json'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual([
      { n: '12345678901234567890', d: '0.12345678901234567890123', small: '42' },
    ])
  })

  test('--numbers number refuses them with shell advice; --numbers bigint reads the integer', async () => {
    const number = await runCli(['--endpoint', engine.endpoint, '--numbers', 'number', '-e', query])
    expect(number.code).toBe(1)
    expect(number.stderr).toBe(
      'error result.unsafe-number: The number 12345678901234567890 in n does not fit a JavaScript number exactly; ' +
        'use .numbers string (or start with --numbers string) to read it without loss.\n',
    )
    const bigint = await runCli([
      '--endpoint',
      engine.endpoint,
      '--numbers',
      'bigint',
      '-e',
      "SELECT n, small FROM big WHERE id = 'a'",
    ])
    expect(bigint.stdout).toBe(
      'n                    │ small\n─────────────────────┼──────\n12345678901234567890 │ 42\n',
    )
    const bad = await runCli(['--numbers', 'float'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^dql: --numbers is number, bigint or string\n/)
  })

  test('.numbers shows and changes the mode', async () => {
    const result = await runCli(
      ['--endpoint', engine.endpoint],
      [
        '.numbers',
        '.numbers number',
        `${query};`,
        '.numbers string',
        `${query};`,
        '.numbers x',
        '',
      ].join('\n'),
    )
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('numbers come back as string (exact decimal text)')
    expect(result.stdout).toContain('numbers come back as number')
    expect(result.stdout).toContain(
      'error result.unsafe-number: The number 12345678901234567890 in n',
    )
    expect(result.stdout).toMatch(/12345678901234567890 │ 0\.12345678901234567890123 │ 42/)
    expect(result.stdout).toContain('usage: .numbers number|bigint|string')
  })
})
