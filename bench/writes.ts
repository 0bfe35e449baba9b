/**
 * Question 6: what a write costs on the client, with the network taken away. Every row's client
 * sends through the in-process stub transport (which answers every write with nothing left to
 * do), and every row of a question builds and sends the same write:
 *
 * - Q6a, a PutItem of one 8-attribute order given as a plain JS object (`db.run` of
 *   `REPLACE … VALUE ${item}`);
 * - Q6b, an UpdateItem of one attribute with the condition that the item exists (`db.run` of
 *   `UPDATE … SET … WHERE <full key>`, whose implied condition is `attribute_exists`);
 * - Q6c, 1,000 orders written with BatchWriteItem, 25 per request, 4 requests in flight,
 *   retrying UnprocessedItems (`db.run` of `REPLACE … VALUES ${items}`; dql's batch executor
 *   alone, given items marshalled by the SDK's `marshall`, tells its two parts apart).
 *
 * The raw SDK row is the request written by hand (`marshall` for the items), asking for what
 * dql asks for: the UpdateItem asks for the stored item back on a failed condition
 * (ReturnValuesOnConditionCheckFailure ALL_OLD, which dql returns as `current`), under dql's
 * placeholder names, so the raw SDK, dql and DocumentClient send the same bytes. The peers are
 * DocumentClient (PutCommand, UpdateCommand, BatchWriteCommand), dynamodb-toolbox (an Entity's
 * PutItemCommand, UpdateItemCommand, BatchWriteCommand, asking for the stored item back too,
 * under its own placeholder names) and ElectroDB (`put`, `patch`, which is an update with the
 * key's `attribute_exists` condition, and `put([...])`; ElectroDB adds its two identifier
 * attributes, `__edb_e__` and `__edb_v__`, to every write, as it always does, and sends a batch
 * in waves of 4 requests rather than keeping 4 in flight). test/bench/writes.test.ts holds the
 * rows to this: every request body, the chunks and the requests in flight.
 */
import {
  BatchWriteItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type BatchWriteItemCommandOutput,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb'
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import {
  BatchPutRequest,
  BatchWriteCommand as ToolboxBatchWrite,
  executeBatchWrite,
  Entity,
  item,
  number,
  PutItemCommand as ToolboxPutItem,
  string,
  Table,
  UpdateItemCommand as ToolboxUpdateItem,
} from 'dynamodb-toolbox'
import { Entity as ElectroEntity } from 'electrodb'
import { createDql } from '../src/index.js'
import { batchWrite } from '../src/execute/batch-write.js'
import { DEFAULT_RETRY } from '../src/execute/send.js'
import { SdkTransport } from '../src/execute/sdk-transport.js'
import { defaultClient, orders, ORDERS_TABLE } from './fixtures.js'
import {
  measureInterleaved,
  type InterleavedOptions,
  type QuestionResult,
  type Row,
} from './measure.js'
import { stubRequestHandler } from './stub-transport.js'

/** Items in the batch question. */
export const BATCH_SIZE = 1000
/** BatchWriteItem requests every batch row keeps in flight (dql's default concurrency). */
const IN_FLIGHT = 4

/** The order Q6a puts. */
export const order = {
  customer_id: 'customer-0042',
  order_id: 'order-00042',
  total: 2293,
  currency: 'EUR',
  order_status: 'PAID',
  created_at: 1700151200,
  line_count: 3,
  note: 'Leave the parcel at the door, order 42',
}

/** The orders Q6c puts. */
export const items = Array.from({ length: BATCH_SIZE }, (_, i) => ({
  customer_id: `customer-${i % 40}`,
  order_id: `order-${String(i).padStart(5, '0')}`,
  total: 1999 + i * 7,
  currency: 'EUR',
  order_status: i % 3 === 0 ? 'SHIPPED' : 'PAID',
  created_at: 1700000000 + i * 3600,
  line_count: 1 + (i % 5),
  note: `Leave the parcel at the door, order ${i}`,
}))

/** Makes each row's client: a new one per row, so no row warms another's caches. */
export type ClientFactory = () => DynamoDBClient

/** What the stub answers: every write done, nothing left unprocessed. */
export const WRITE_RESPONSES = {
  PutItem: {},
  UpdateItem: {},
  BatchWriteItem: { UnprocessedItems: {} },
}

/** A default client on its own stub. */
export const stubClient = (): DynamoDBClient =>
  defaultClient({
    requestHandler: stubRequestHandler(WRITE_RESPONSES),
    endpoint: 'http://stub.invalid',
  })

/** The orders table as a dynamodb-toolbox Entity, on its own client. */
function toolboxOrders(stub: ClientFactory) {
  const table = new Table({
    name: ORDERS_TABLE,
    partitionKey: { name: 'customer_id', type: 'string' },
    sortKey: { name: 'order_id', type: 'string' },
    documentClient: DynamoDBDocumentClient.from(stub()),
  })
  const entity = new Entity({
    name: 'Order',
    table,
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
  return { table, entity }
}

/** The orders table as an ElectroDB Entity whose keys are the bare attribute values. */
function electroOrders(stub: ClientFactory) {
  return new ElectroEntity(
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
}

const dqlOn = (stub: ClientFactory) => createDql({ client: stub(), tables: [orders] })

/** The rows of Q6a: one PutItem of `order`. */
export function putRows(stub: ClientFactory = stubClient): Row[] {
  const raw = stub()
  const db = dqlOn(stub)
  const doc = DynamoDBDocumentClient.from(stub())
  const toolbox = toolboxOrders(stub).entity
  const electro = electroOrders(stub)
  return [
    {
      name: 'raw SDK',
      fn: () => raw.send(new PutItemCommand({ TableName: ORDERS_TABLE, Item: marshall(order) })),
    },
    { name: 'dql db.run', fn: () => db.run`REPLACE INTO orders VALUE ${order}` },
    {
      name: 'DocumentClient',
      fn: () => doc.send(new PutCommand({ TableName: ORDERS_TABLE, Item: order })),
    },
    { name: 'dynamodb-toolbox', fn: () => toolbox.build(ToolboxPutItem).item(order).send() },
    { name: 'ElectroDB', fn: () => electro.put(order).go() },
  ]
}

/** The rows of Q6b: SET order_status on one order, on the condition that it exists. */
export function updateRows(stub: ClientFactory = stubClient): Row[] {
  const raw = stub()
  const db = dqlOn(stub)
  const doc = DynamoDBDocumentClient.from(stub())
  const toolbox = toolboxOrders(stub).entity
  const electro = electroOrders(stub)
  const key = { customer_id: 'customer-0042', order_id: 'order-00042' }
  // dql's placeholder names, so that the hand-written requests are byte for byte dql's.
  const names = { '#n0': 'order_status', '#n1': 'customer_id' }
  return [
    {
      name: 'raw SDK',
      fn: () =>
        raw.send(
          new UpdateItemCommand({
            TableName: ORDERS_TABLE,
            Key: { customer_id: { S: key.customer_id }, order_id: { S: key.order_id } },
            UpdateExpression: 'SET #n0 = :v0',
            ConditionExpression: 'attribute_exists(#n1)',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':v0': { S: 'SHIPPED' } },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
    },
    {
      name: 'dql db.run',
      fn: () =>
        db.run`UPDATE orders SET status = ${'SHIPPED'} WHERE customerId = ${key.customer_id} AND orderId = ${key.order_id}`,
    },
    {
      name: 'DocumentClient',
      fn: () =>
        doc.send(
          new UpdateCommand({
            TableName: ORDERS_TABLE,
            Key: key,
            UpdateExpression: 'SET #n0 = :v0',
            ConditionExpression: 'attribute_exists(#n1)',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':v0': 'SHIPPED' },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
    },
    {
      name: 'dynamodb-toolbox',
      fn: () =>
        toolbox
          .build(ToolboxUpdateItem)
          .item({ ...key, order_status: 'SHIPPED' })
          .options({
            condition: { attr: 'customer_id', exists: true },
            returnValuesOnConditionFalse: 'ALL_OLD',
          })
          .send(),
    },
    {
      name: 'ElectroDB',
      fn: () =>
        electro
          .patch(key)
          .set({ order_status: 'SHIPPED' })
          .go({ returnOnConditionCheckFailure: 'all_old' }),
    },
  ]
}

/** Runs `send` over `chunks`, `IN_FLIGHT` at a time. */
async function inFlight<T>(chunks: readonly T[], send: (chunk: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < chunks.length) await send(chunks[next++]!)
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker))
}

function chunksOf<T>(list: readonly T[]): T[][] {
  const chunks: T[][] = []
  for (let i = 0; i < list.length; i += 25) chunks.push(list.slice(i, i + 25))
  return chunks
}

/** The rows of Q6c: the same 1,000 orders put with BatchWriteItem. */
export function batchRows(stub: ClientFactory = stubClient): Row[] {
  const raw = stub()
  const db = dqlOn(stub)
  const doc = DynamoDBDocumentClient.from(stub())
  const toolbox = toolboxOrders(stub)
  const electro = electroOrders(stub)
  const context = {
    transport: new SdkTransport(stub()),
    table: orders,
    numbers: 'number' as const,
    concurrency: IN_FLIGHT,
    retry: DEFAULT_RETRY,
    requestTimeoutMs: 20_000,
  }
  const rawLoop = (client: DynamoDBClient) =>
    inFlight(
      chunksOf(items.map((i): WriteRequest => ({ PutRequest: { Item: marshall(i) } }))),
      async (chunk) => {
        let pending: WriteRequest[] | undefined = chunk
        while (pending && pending.length > 0) {
          const output: BatchWriteItemCommandOutput = await client.send(
            new BatchWriteItemCommand({ RequestItems: { [ORDERS_TABLE]: pending } }),
          )
          pending = output.UnprocessedItems?.[ORDERS_TABLE]
        }
      },
    )
  return [
    { name: 'raw SDK', fn: () => rawLoop(raw) },
    { name: 'dql db.run', fn: () => db.run`REPLACE INTO orders VALUES ${items}` },
    {
      name: 'dql batch executor alone (marshall)',
      fn: () =>
        batchWrite(
          context,
          items.map((i) => ({ PutRequest: { Item: marshall(i) } })),
        ),
    },
    {
      name: 'DocumentClient',
      fn: () =>
        inFlight(chunksOf(items), async (chunk) => {
          let pending: Record<string, unknown>[] | undefined = chunk.map((Item) => ({
            PutRequest: { Item },
          }))
          while (pending && pending.length > 0) {
            const output: { UnprocessedItems?: Record<string, Record<string, unknown>[]> } =
              await doc.send(new BatchWriteCommand({ RequestItems: { [ORDERS_TABLE]: pending } }))
            pending = output.UnprocessedItems?.[ORDERS_TABLE]
          }
        }),
    },
    {
      name: 'dynamodb-toolbox',
      fn: () =>
        inFlight(chunksOf(items), async (chunk) => {
          const command = toolbox.table
            .build(ToolboxBatchWrite)
            .requests(...chunk.map((x) => toolbox.entity.build(BatchPutRequest).item(x)))
          await executeBatchWrite({ maxAttempts: 10 }, command)
        }),
    },
    { name: 'ElectroDB', fn: () => electro.put(items).go({ concurrent: IN_FLIGHT }) },
  ]
}

/**
 * The write questions, by id, each measured only when `wanted` says so. They are measured
 * interleaved (`measureInterleaved`): their budgets are 2% and 5%, finer than rows measured
 * one after the other can resolve on a shared machine.
 */
export async function writes(
  options: InterleavedOptions,
  batchOptions: InterleavedOptions,
  wanted: (id: string) => boolean = () => true,
): Promise<QuestionResult[]> {
  const results: QuestionResult[] = []
  if (wanted('client-put')) {
    results.push(
      await measureInterleaved(
        'client-put',
        'Q6a. PutItem of one 8-attribute item, client side (stub transport)',
        putRows(),
        options,
      ),
    )
  }
  if (wanted('client-update')) {
    results.push(
      await measureInterleaved(
        'client-update',
        'Q6b. UpdateItem of one attribute, on the condition the item exists, client side (stub transport)',
        updateRows(),
        options,
      ),
    )
  }
  if (wanted('batch-write')) {
    results.push(
      await measureInterleaved(
        'batch-write',
        `Q6c. ${BATCH_SIZE.toLocaleString('en')} items put with BatchWriteItem, 4 requests in flight, client side (stub transport)`,
        batchRows(),
        batchOptions,
      ),
    )
  }
  return results
}
