/**
 * `.set` values are parsed exactly: integers beyond a double as bigint, numbers a double
 * cannot hold refused with a clear message, never rounded or turned into Infinity.
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createDql } from '../../src/db.js'
import { startEmbedded } from '../../src/execute/embedded.js'
import { Session } from '../../src/repl/session.js'

let engine: Awaited<ReturnType<typeof startEmbedded>>
let session: Session

beforeAll(async () => {
  engine = await startEmbedded()
  await engine.client.send(
    new CreateTableCommand({
      TableName: 'nums',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'N' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  )
  const db = createDql({ client: engine.client })
  await db.loadTables()
  session = new Session(db, engine.client)
  session.format = 'json'
})
afterAll(() => engine.close())

/** The key EXPLAIN shows for `FROM nums WHERE id = :n`. */
async function sentKey(): Promise<unknown> {
  const result = await session.run('EXPLAIN FROM nums WHERE id = :n')
  expect(result.ok).toBe(true)
  const explained: unknown = JSON.parse(result.output)
  return typeof explained === 'object' && explained !== null && 'input' in explained
    ? explained.input
    : undefined
}

describe('.set numbers', () => {
  test('an integer beyond a double is kept exact and sent as written', async () => {
    expect(await session.run('.set n 12345678901234567890')).toEqual({
      output: ':n = 12345678901234567890',
      ok: true,
    })
    expect(await sentKey()).toEqual({
      TableName: 'nums',
      Key: { id: { N: '12345678901234567890' } },
    })
    expect(await session.run('.set n -98765432109876543210')).toMatchObject({ ok: true })
    expect(await sentKey()).toEqual({
      TableName: 'nums',
      Key: { id: { N: '-98765432109876543210' } },
    })
  })

  test('numbers a double holds exactly are numbers', async () => {
    expect(await session.run('.set n 42')).toEqual({ output: ':n = 42', ok: true })
    expect(await session.run('.set n 1.5')).toEqual({ output: ':n = 1.5', ok: true })
    expect(await session.run('.set n 1e20')).toEqual({
      output: ':n = 100000000000000000000',
      ok: true,
    })
    expect(await sentKey()).toEqual({
      TableName: 'nums',
      Key: { id: { N: '100000000000000000000' } },
    })
  })

  test('a number beyond a double, or a decimal it cannot hold, is refused and the old value stays', async () => {
    await session.run('.set n 7')
    expect(await session.run('.set n 1e400')).toEqual({
      output:
        '.set: 1e400 is beyond the range of a JavaScript number; :n is unchanged. Write it as a literal in the statement.',
      ok: false,
    })
    expect(await session.run('.set n 0.12345678901234567890123')).toEqual({
      output:
        '.set: 0.12345678901234567890123 has more digits than a JavaScript number holds exactly; :n is unchanged. Write it as a literal in the statement.',
      ok: false,
    })
    expect(await session.run('.set n [1, 12345678901234567890]')).toEqual({
      output:
        '.set: 12345678901234567890 has more digits than a JavaScript number holds exactly; :n is unchanged. Write it as a literal in the statement.',
      ok: false,
    })
    expect(await session.run('.params')).toEqual({ output: ':n = 7', ok: true })
  })
})
