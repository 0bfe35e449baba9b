/**
 * A write whose plan is cached is bound in the call itself: the values it sends are those its
 * arguments held when `db.run` was called, as for a read, whatever the caller changes before
 * awaiting it.
 */
import { expect, test } from 'vitest'
import { createDql, defineTable } from '../../src/index.js'
import { stubClient } from '../support/stub-client.js'

const notes = defineTable({ name: 'notes', tableName: 'notes-at-call', partitionKey: 'id' })

test('a cached write sends the values its arguments held at the call', async () => {
  const sent: [string, Record<string, unknown>][] = []
  const client = stubClient((operation, input) => {
    sent.push([operation, input])
    return '{}'
  })
  const db = createDql({ client, tables: [notes] })
  const put = (item: Record<string, unknown>) => db.run`REPLACE INTO notes VALUE ${item}`
  await put({ id: 'n0', words: 0 })
  const item = { id: 'n1', words: 3 }
  const running = put(item)
  item.words = 4
  await running
  expect(sent).toEqual([
    ['PutItem', { TableName: 'notes-at-call', Item: { id: { S: 'n0' }, words: { N: '0' } } }],
    ['PutItem', { TableName: 'notes-at-call', Item: { id: { S: 'n1' }, words: { N: '3' } } }],
  ])
})
