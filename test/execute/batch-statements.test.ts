/**
 * Batch-write statements through db.run on dynalite: REPLACE … VALUES of any number of items
 * is BatchWriteItem, 25 per request; DELETE of a key list deletes each distinct key once and
 * counts the keys sent. The stored items are read back with the raw SDK.
 */
import { CreateTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { defineTable, type Dql } from '../../src/index.js'
import { createDql } from '../support/create-dql.js'
import { startEmbedded, type EmbeddedDynamo } from '../../src/execute/embedded.js'
import { record } from '../support/engine.js'

const readings = defineTable({
  name: 'readings',
  tableName: 'batch-readings',
  partitionKey: 'sensor_id',
  sortKey: 'at',
  fields: { sensor: 'sensor_id' },
})

let engine: EmbeddedDynamo
let db: Dql
let sent: string[]

beforeAll(async () => {
  engine = await startEmbedded()
  await engine.client.send(
    new CreateTableCommand({
      TableName: 'batch-readings',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'sensor_id', AttributeType: 'S' },
        { AttributeName: 'at', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'sensor_id', KeyType: 'HASH' },
        { AttributeName: 'at', KeyType: 'RANGE' },
      ],
    }),
  )
  sent = record(engine.client)
  db = createDql({ client: engine.client, tables: [readings] })
})
afterAll(() => engine.close())

/** `at:value` of every stored reading of `sensor`, in `at` order. */
async function stored(sensor: string): Promise<string[]> {
  const page = await engine.client.send(
    new ScanCommand({
      TableName: 'batch-readings',
      FilterExpression: 'sensor_id = :s',
      ExpressionAttributeValues: { ':s': { S: sensor } },
    }),
  )
  return (page.Items ?? [])
    .map((item) => `${item.at?.N}:${item.value?.N}`)
    .sort((a, b) => parseInt(a) - parseInt(b))
}

test('REPLACE … VALUES of 130 items: 6 BatchWriteItem requests, every item stored', async () => {
  const items = Array.from({ length: 130 }, (_, i) => ({ sensor: 's1', at: i, value: i * 3 }))
  sent.length = 0
  expect(await db.run`REPLACE INTO readings VALUES ${items}`).toEqual({ count: 130 })
  expect(sent).toEqual(Array(6).fill('BatchWriteItem'))
  expect(await stored('s1')).toEqual(items.map((i) => `${i.at}:${i.value}`))
})

test('DELETE of a key list: duplicates removed, count = distinct keys sent, missing ones included', async () => {
  await db.run`REPLACE INTO readings VALUES ${[0, 1, 2, 3].map((at) => ({ sensor: 's2', at, value: at }))}`
  sent.length = 0
  expect(
    await db.run`DELETE FROM readings WHERE sensor = ${'s2'} AND at IN (${1}, ${3}, ${1}, ${9})`,
  ).toEqual({ count: 3 })
  expect(sent).toEqual(['BatchWriteItem'])
  expect(await stored('s2')).toEqual(['0:0', '2:2'])
})
