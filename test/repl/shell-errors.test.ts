/**
 * Errors and dot-commands in shell terms: advice names .set, --schema and .tables, not API
 * calls; dot-commands say what went wrong instead of claiming success.
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createDql } from '../../src/db.js'
import { localClient, startEmbedded } from '../../src/execute/embedded.js'
import { demoTables } from '../../src/repl/demo.js'
import { Session } from '../../src/repl/session.js'

let engine: Awaited<ReturnType<typeof startEmbedded>>

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
})
afterAll(() => engine.close())

/** A session on a client of its own (a session adds its meter to the client). */
function session(tables = demoTables): Session {
  const client = localClient(engine.endpoint)
  return new Session(createDql({ client, tables }), client)
}

describe('errors in shell terms', () => {
  test('a missing parameter names .set, and the caret stays', async () => {
    expect(
      await session().run("FROM bins WHERE card_bin = :bin AND card_bin_extended = ';'"),
    ).toEqual({
      output:
        'error bind.missing-param: No value for :bin; set it with .set bin <value>. (line 1, column 28)\n\n' +
        "  FROM bins WHERE card_bin = :bin AND card_bin_extended = ';'\n" +
        '                             ^',
      ok: false,
    })
  })

  test('no tables known names --schema, --endpoint and .tables', async () => {
    expect(await session([]).run('FROM nope WHERE id = 1')).toEqual({
      output:
        'error plan.unknown-table: Unknown table nope; no tables are known: start the shell with --schema FILE, or with --endpoint URL to read them from DynamoDB; .tables lists those known. (line 1, column 6)\n\n' +
        '  FROM nope WHERE id = 1\n' +
        '       ^',
      ok: false,
    })
  })
})

describe('dot-commands say what went wrong', () => {
  test('.describe of an unknown table suggests the nearest', async () => {
    expect(await session().run('.describe bns')).toEqual({
      output: 'unknown table bns; did you mean bins? (.tables lists them)',
      ok: false,
    })
    expect(await session().run('.describe')).toEqual({
      output:
        'usage: .describe <table>; the tables are bins, orders, events, users, posts, tickets',
      ok: false,
    })
  })

  test('.unset of a parameter not set says so', async () => {
    const s = session()
    expect(await s.run('.unset nope')).toEqual({ output: 'no parameter :nope is set', ok: false })
    await s.run('.set a 1')
    expect(await s.run('.unset a')).toEqual({ output: ':a unset', ok: true })
    expect(await s.run('.params')).toEqual({
      output: 'no parameters set (.set name value)',
      ok: true,
    })
  })

  test('an unterminated quote is refused, not kept in the value', async () => {
    const s = session()
    expect(await s.run(".set x 'unterminated")).toEqual({
      output: ".set: the text 'unterminated has no closing '; :x is unchanged.",
      ok: false,
    })
    expect(await s.run('.params')).toEqual({
      output: 'no parameters set (.set name value)',
      ok: true,
    })
  })

  test('a list prints on one line', async () => {
    expect(await session().run('.set xs ["a", "b", {"k": [1, 2]}]')).toEqual({
      output: ':xs = ["a", "b", { "k": [1, 2] }]',
      ok: true,
    })
  })

  test('__proto__ is a parameter like any other, and pollutes nothing', async () => {
    const client = localClient(engine.endpoint)
    const s = new Session(createDql({ client }), client)
    await s.run('.set __proto__ 5')
    expect(await s.run('.params')).toEqual({ output: ':__proto__ = 5', ok: true })
    expect(Object.getPrototypeOf(s.params)).toBe(null)
    expect(Object.hasOwn(s.params, '__proto__')).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const explained = await s.run('EXPLAIN FROM nums WHERE id = :__proto__')
    expect(JSON.parse(explained.output)).toMatchObject({
      input: { TableName: 'nums', Key: { id: { N: '5' } } },
    })
    expect(await s.run('.unset __proto__')).toEqual({ output: ':__proto__ unset', ok: true })
  })
})
