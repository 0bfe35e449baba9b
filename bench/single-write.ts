/**
 * What one write costs on the client: `db.run` of a PutItem (REPLACE … VALUE) and of an
 * UpdateItem (UPDATE … SET), against the same request written by hand with the raw SDK,
 * through the in-process stub transport (which answers `{}`).
 *
 * `node dist-bench/bench/single-write.js` after `tsc -p tsconfig.bench.json`; BENCH_ROUNDS and
 * BENCH_TIME_MS shorten it.
 */
import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import { createDql } from '../src/index.js'
import { defaultClient, orders, ORDERS_TABLE } from './fixtures.js'
import { formatTable, measureQuestion } from './measure.js'
import { stubRequestHandler } from './stub-transport.js'

const order = {
  customer_id: 'customer-0042',
  order_id: 'order-00042',
  total: 2293,
  currency: 'EUR',
  order_status: 'PAID',
  created_at: 1700151200,
  line_count: 3,
  note: 'Leave the parcel at the door, order 42',
}

const stub = () =>
  defaultClient({
    requestHandler: stubRequestHandler({ PutItem: {}, UpdateItem: {} }),
    endpoint: 'http://stub.invalid',
  })

const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
const timeMs = Number(process.env.BENCH_TIME_MS ?? 300)

const raw = stub()
const db = createDql({ client: stub(), tables: [orders] })
const put = await measureQuestion(
  'client-put',
  'Q. PutItem of one 8-attribute item, client side (stub transport)',
  [
    {
      name: 'raw SDK PutItem (marshall)',
      fn: () => raw.send(new PutItemCommand({ TableName: ORDERS_TABLE, Item: marshall(order) })),
    },
    {
      name: 'dql db.run REPLACE … VALUE ${item}',
      fn: () => db.run`REPLACE INTO orders VALUE ${order}`,
    },
  ],
  { rounds, timeMs },
)
console.log(`${formatTable(put)}\n`)

const update = await measureQuestion(
  'client-update',
  'Q. UpdateItem of one attribute with the implied condition, client side (stub transport)',
  [
    {
      name: 'raw SDK UpdateItem',
      fn: () =>
        raw.send(
          new UpdateItemCommand({
            TableName: ORDERS_TABLE,
            Key: { customer_id: { S: 'customer-0042' }, order_id: { S: 'order-00042' } },
            UpdateExpression: 'SET #s = :s',
            ConditionExpression: 'attribute_exists(#pk)',
            ExpressionAttributeNames: { '#s': 'order_status', '#pk': 'customer_id' },
            ExpressionAttributeValues: { ':s': { S: 'SHIPPED' } },
          }),
        ),
    },
    {
      name: 'dql db.run UPDATE … SET',
      fn: () =>
        db.run`UPDATE orders SET status = ${'SHIPPED'} WHERE customerId = ${'customer-0042'} AND orderId = ${'order-00042'}`,
    },
  ],
  { rounds, timeMs },
)
console.log(formatTable(update))
