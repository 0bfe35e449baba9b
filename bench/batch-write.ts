/**
 * What writing 1,000 items as a batch costs on the client: every row puts the same 1,000
 * orders (plain JS objects) with BatchWriteItem, 25 per request, retrying UnprocessedItems,
 * through the in-process stub transport (which answers every request with nothing left
 * unprocessed). The baseline is a hand-written loop over the raw SDK; dql's rows are
 * `db.run` of `REPLACE … VALUES ${items}` and, to tell the two apart, its batch executor alone
 * given items marshalled by the SDK's `marshall`.
 *
 * `node dist-bench/bench/batch-write.js` after `tsc -p tsconfig.bench.json`; BENCH_ROUNDS and
 * BENCH_TIME_MS shorten it.
 */
import {
  BatchWriteItemCommand,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb'
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import {
  BatchPutRequest,
  BatchWriteCommand as ToolboxBatchWrite,
  executeBatchWrite,
  Entity,
  item,
  number,
  string,
  Table,
} from 'dynamodb-toolbox'
import { Entity as ElectroEntity } from 'electrodb'
import { createDql } from '../src/index.js'
import { batchWrite } from '../src/execute/batch-write.js'
import { DEFAULT_RETRY } from '../src/execute/send.js'
import { defaultClient, orders, ORDERS_TABLE } from './fixtures.js'
import { formatTable, measureQuestion } from './measure.js'
import { stubRequestHandler } from './stub-transport.js'

const COUNT = 1000

const items = Array.from({ length: COUNT }, (_, i) => ({
  customer_id: `customer-${i % 40}`,
  order_id: `order-${String(i).padStart(5, '0')}`,
  total: 1999 + i * 7,
  currency: 'EUR',
  order_status: i % 3 === 0 ? 'SHIPPED' : 'PAID',
  created_at: 1700000000 + i * 3600,
  line_count: 1 + (i % 5),
  note: `Leave the parcel at the door, order ${i}`,
}))

const stub = () =>
  defaultClient({
    requestHandler: stubRequestHandler({ BatchWriteItem: { UnprocessedItems: {} } }),
    endpoint: 'http://stub.invalid',
  })

/** Sends `requests` 25 at a time, 4 in flight, until none is left unprocessed. */
async function rawLoop(client: DynamoDBClient): Promise<void> {
  const requests: WriteRequest[] = items.map((i) => ({ PutRequest: { Item: marshall(i) } }))
  const chunks: WriteRequest[][] = []
  for (let i = 0; i < requests.length; i += 25) chunks.push(requests.slice(i, i + 25))
  let next = 0
  const worker = async () => {
    while (next < chunks.length) {
      let pending: WriteRequest[] | undefined = chunks[next++]
      while (pending && pending.length > 0) {
        const output = await client.send(
          new BatchWriteItemCommand({ RequestItems: { [ORDERS_TABLE]: pending } }),
        )
        pending = output.UnprocessedItems?.[ORDERS_TABLE]
      }
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()])
}

function rows() {
  const raw = stub()
  const dqlClient = stub()
  const doc = DynamoDBDocumentClient.from(stub())
  const toolboxTable = new Table({
    name: ORDERS_TABLE,
    partitionKey: { name: 'customer_id', type: 'string' },
    sortKey: { name: 'order_id', type: 'string' },
    documentClient: DynamoDBDocumentClient.from(stub()),
  })
  const toolboxEntity = new Entity({
    name: 'Order',
    table: toolboxTable,
    entityAttribute: false,
    timestamps: false,
    schema: item({
      customer_id: string().key(),
      order_id: string().key(),
      total: number(),
      currency: string(),
      order_status: string(),
      created_at: number(),
      line_count: number(),
      note: string(),
    }),
  })
  const electro = new ElectroEntity(
    {
      model: { entity: 'order', version: '1', service: 'bench' },
      attributes: {
        customer_id: { type: 'string' },
        order_id: { type: 'string' },
        total: { type: 'number' },
        currency: { type: 'string' },
        order_status: { type: 'string' },
        created_at: { type: 'number' },
        line_count: { type: 'number' },
        note: { type: 'string' },
      },
      indexes: {
        primary: {
          pk: {
            field: 'customer_id',
            composite: ['customer_id'],
            template: '${customer_id}',
            casing: 'none',
          },
          sk: {
            field: 'order_id',
            composite: ['order_id'],
            template: '${order_id}',
            casing: 'none',
          },
        },
      },
    },
    { client: DynamoDBDocumentClient.from(stub()), table: ORDERS_TABLE },
  )
  const context = {
    client: dqlClient,
    table: orders,
    numbers: 'number' as const,
    concurrency: 4,
    retry: DEFAULT_RETRY,
    requestTimeoutMs: 20_000,
  }
  const db = createDql({ client: stub(), tables: [orders] })
  return [
    { name: 'raw SDK loop (marshall, 4 in flight)', fn: () => rawLoop(raw) },
    {
      name: 'dql db.run REPLACE … VALUES ${items}',
      fn: () => db.run`REPLACE INTO orders VALUES ${items}`,
    },
    {
      name: 'dql batch executor (marshall, 4 in flight)',
      fn: () =>
        batchWrite(
          context,
          items.map((i) => ({ PutRequest: { Item: marshall(i) } })),
        ),
    },
    {
      name: 'DocumentClient loop (one at a time)',
      fn: async () => {
        for (let i = 0; i < items.length; i += 25) {
          let pending: Record<string, unknown>[] | undefined = items
            .slice(i, i + 25)
            .map((Item) => ({ PutRequest: { Item } }))
          while (pending && pending.length > 0) {
            const output: { UnprocessedItems?: Record<string, Record<string, unknown>[]> } =
              await doc.send(new BatchWriteCommand({ RequestItems: { [ORDERS_TABLE]: pending } }))
            pending = output.UnprocessedItems?.[ORDERS_TABLE]
          }
        }
      },
    },
    {
      name: 'dynamodb-toolbox (execute per 25)',
      fn: async () => {
        for (let i = 0; i < items.length; i += 25) {
          const command = toolboxTable
            .build(ToolboxBatchWrite)
            .requests(
              ...items.slice(i, i + 25).map((x) => toolboxEntity.build(BatchPutRequest).item(x)),
            )
          await executeBatchWrite({ maxAttempts: 10 }, command)
        }
      },
    },
    {
      name: 'ElectroDB put([...]).go()',
      fn: () => electro.put(items).go({ concurrency: 4 }),
    },
  ]
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
const timeMs = Number(process.env.BENCH_TIME_MS ?? 300)
const result = await measureQuestion(
  'batch-write',
  `Q. REPLACE … VALUES of ${COUNT} items: BatchWriteItem, client side (stub transport)`,
  rows(),
  { rounds, timeMs },
)
console.log(formatTable(result))
