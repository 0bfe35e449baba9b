/**
 * What db.transact refuses before anything is sent: no statements, more than 100, something
 * that is not a statement, a read that is not one item by its full key, reads and writes
 * together, an EXPLAIN. The client fails the test if it is ever asked to send.
 */
import { describe, expect, test } from 'vitest'
import { defineTable, dql, DqlError } from '../../src/index.js'
import { createDql } from '../support/create-dql.js'
import { stubClient } from '../support/stub-client.js'

const accounts = defineTable({
  name: 'accounts',
  partitionKey: 'account_id',
  fields: { id: 'account_id' },
})
const events = defineTable({ name: 'events', partitionKey: 'device', sortKey: 'seq' })

const sent: string[] = []
const db = createDql({
  client: stubClient((operation) => {
    sent.push(operation)
    throw new Error(`nothing may be sent, and ${operation} was`)
  }),
  tables: [accounts, events],
})

async function refusal(run: () => Promise<unknown>) {
  const error = await run().then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(DqlError)
  expect(sent).toEqual([])
  return error as DqlError
}

const get = (id: string) => dql`FROM accounts WHERE id = ${id}`

describe('db.transact refuses, with nothing sent', () => {
  test('an empty list', async () => {
    expect(await refusal(() => db.transact([]))).toMatchObject({
      code: 'usage.bad-argument',
      message: 'db.transact takes a list of one or more statements.',
    })
  })

  test('more than 100 statements', async () => {
    const statements = Array.from({ length: 101 }, (_, i) => get(`a${i}`))
    expect(await refusal(() => db.transact(statements))).toMatchObject({
      code: 'usage.bad-argument',
      message: expect.stringMatching(
        /^A transaction holds at most 100 statements \(DynamoDB's limit\); this one has 101\./,
      ),
    })
  })

  test('something that is not a statement, or not a list', async () => {
    const notStatement = ['FROM accounts'] as unknown as Parameters<typeof db.transact>[0]
    expect(await refusal(() => db.transact(notStatement))).toMatchObject({
      code: 'usage.bad-argument',
    })
    const notList = get('a') as unknown as Parameters<typeof db.transact>[0]
    expect(await refusal(() => db.transact(notList))).toMatchObject({ code: 'usage.bad-argument' })
  })

  test('a read that is a Query, with its position', async () => {
    const error = await refusal(() =>
      db.transact([get('a1'), dql`FROM events WHERE device = ${'d'}`]),
    )
    expect(error).toMatchObject({
      code: 'usage.wrong-call',
      line: 1,
      column: 1,
      message: expect.stringMatching(
        /^A transaction reads one item per statement, by its full primary key \(GetItem\); this statement is a Query\./,
      ),
    })
  })

  test('a Scan and a count', async () => {
    expect(await refusal(() => db.transact([dql`SCAN FROM accounts`]))).toMatchObject({
      code: 'usage.wrong-call',
    })
    expect(
      await refusal(() => db.transact([dql`SELECT COUNT(*) FROM accounts WHERE id = ${'a'}`])),
    ).toMatchObject({
      code: 'usage.wrong-call',
      message: expect.stringContaining('this statement is a count'),
    })
  })

  test('reads and writes together, pointing at the first statement of the other kind', async () => {
    const error = await refusal(() =>
      db.transact([get('a1'), get('a2'), dql`DELETE FROM accounts WHERE id = ${'a3'}`]),
    )
    expect(error).toMatchObject({
      code: 'usage.wrong-call',
      line: 1,
      column: 1,
      statement: 'DELETE FROM accounts WHERE id = ${…}',
      message: expect.stringMatching(
        /^A transaction either reads \(TransactGetItems\) or writes \(TransactWriteItems\), not both: this statement writes, the first one reads\./,
      ),
    })
  })

  test('an EXPLAIN', async () => {
    expect(
      await refusal(() => db.transact([dql`EXPLAIN FROM accounts WHERE id = ${'a'}`])),
    ).toMatchObject({ code: 'usage.wrong-call' })
  })
})
