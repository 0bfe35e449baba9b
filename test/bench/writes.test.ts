/**
 * The write questions of the benchmark (bench/writes.ts) compare like with like: every row of
 * a question sends the same requests — byte for byte where the library lets its caller say
 * what to send, else the same input apart from what the library always adds — in the same
 * chunks, with as many in flight at once. Each row's client answers through a stub that
 * records every request body and counts the requests in flight.
 */
import { describe, expect, test } from 'vitest'
import { defaultClient, ORDERS_TABLE } from '../../bench/fixtures.js'
import type { Row } from '../../bench/measure.js'
import { stubRequestHandler } from '../../bench/stub-transport.js'
import {
  batchRows,
  BATCH_SIZE,
  items,
  order,
  putRows,
  updateRows,
  WRITE_RESPONSES,
  type ClientFactory,
} from '../../bench/writes.js'

interface Sent {
  readonly operation: string
  readonly body: string
}

/** Clients on one recording stub; each answer waits a macrotask, so concurrent sends overlap. */
function recorder() {
  const sent: Sent[] = []
  const flight = { now: 0, max: 0 }
  const client: ClientFactory = () => {
    const stub = stubRequestHandler(WRITE_RESPONSES)
    return defaultClient({
      endpoint: 'http://stub.invalid',
      requestHandler: {
        async handle(request: { headers: Record<string, string>; body?: unknown }) {
          const target = request.headers['x-amz-target'] ?? ''
          const body = request.body
          sent.push({
            operation: target.slice(target.indexOf('.') + 1),
            body: body instanceof Uint8Array ? new TextDecoder().decode(body) : String(body),
          })
          flight.now++
          flight.max = Math.max(flight.max, flight.now)
          await new Promise((resolve) => setImmediate(resolve))
          flight.now--
          return stub.handle(request)
        },
        updateHttpClientConfig() {},
        httpHandlerConfigs: () => ({}),
        destroy() {},
      },
    })
  }
  /** What one call of `row` sent, and the most requests it had in flight at once. */
  const run = async (row: Row) => {
    sent.length = 0
    flight.max = 0
    await row.fn()
    return { sent: [...sent], inFlight: flight.max }
  }
  return { client, run }
}

/** The row of `rows` named `name`. */
function rowOf(rows: readonly Row[], name: string): Row {
  const row = rows.find((r) => r.name === name)
  if (row === undefined) throw new Error(`no row ${name}`)
  return row
}

const ROW_NAMES = ['raw SDK', 'dql db.run', 'DocumentClient', 'dynamodb-toolbox', 'ElectroDB']

/** An order in DynamoDB JSON, written out by hand. */
function marshalled(o: typeof order) {
  return {
    customer_id: { S: o.customer_id },
    order_id: { S: o.order_id },
    total: { N: String(o.total) },
    currency: { S: o.currency },
    order_status: { S: o.order_status },
    created_at: { N: String(o.created_at) },
    line_count: { N: String(o.line_count) },
    note: { S: o.note },
  }
}

/** ElectroDB writes its entity name and version into every item. */
const ELECTRO_IDENTIFIERS = { __edb_e__: { S: 'order' }, __edb_v__: { S: '1' } }

describe('Q6a, PutItem: every row sends the same request', () => {
  const expected = JSON.stringify({ TableName: ORDERS_TABLE, Item: marshalled(order) })

  test('raw SDK, dql, DocumentClient and dynamodb-toolbox send the same bytes', async () => {
    const { client, run } = recorder()
    const rows = putRows(client)
    expect(rows.map((r) => r.name)).toEqual(ROW_NAMES)
    for (const name of ['raw SDK', 'dql db.run', 'DocumentClient', 'dynamodb-toolbox']) {
      expect({ name, ...(await run(rowOf(rows, name))) }).toEqual({
        name,
        sent: [{ operation: 'PutItem', body: expected }],
        inFlight: 1,
      })
    }
  })

  test('ElectroDB sends the same item with its two identifier attributes', async () => {
    const { client, run } = recorder()
    const { sent } = await run(rowOf(putRows(client), 'ElectroDB'))
    expect(sent.map((s) => [s.operation, JSON.parse(s.body)])).toEqual([
      [
        'PutItem',
        { TableName: ORDERS_TABLE, Item: { ...marshalled(order), ...ELECTRO_IDENTIFIERS } },
      ],
    ])
  })
})

describe('Q6b, UpdateItem: every row sends the same request', () => {
  const Key = { customer_id: { S: 'customer-0042' }, order_id: { S: 'order-00042' } }
  // dql asks for the stored item back when the condition fails (the result's `current`): the
  // raw SDK and DocumentClient rows ask for it too, with the same names, so the same bytes.
  const expected = JSON.stringify({
    TableName: ORDERS_TABLE,
    Key,
    UpdateExpression: 'SET #n0 = :v0',
    ConditionExpression: 'attribute_exists(#n1)',
    ExpressionAttributeNames: { '#n0': 'order_status', '#n1': 'customer_id' },
    ExpressionAttributeValues: { ':v0': { S: 'SHIPPED' } },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  })

  test('raw SDK, dql and DocumentClient send the same bytes', async () => {
    const { client, run } = recorder()
    const rows = updateRows(client)
    expect(rows.map((r) => r.name)).toEqual(ROW_NAMES)
    for (const name of ['raw SDK', 'dql db.run', 'DocumentClient']) {
      expect({ name, ...(await run(rowOf(rows, name))) }).toEqual({
        name,
        sent: [{ operation: 'UpdateItem', body: expected }],
        inFlight: 1,
      })
    }
  })

  test('dynamodb-toolbox sends the same input under its own placeholder names', async () => {
    const { client, run } = recorder()
    const { sent } = await run(rowOf(updateRows(client), 'dynamodb-toolbox'))
    expect(sent.map((s) => [s.operation, JSON.parse(s.body)])).toEqual([
      [
        'UpdateItem',
        {
          TableName: ORDERS_TABLE,
          Key,
          UpdateExpression: 'SET #s_1 = :s_1',
          ConditionExpression: 'attribute_exists(#c_1)',
          ExpressionAttributeNames: { '#c_1': 'customer_id', '#s_1': 'order_status' },
          ExpressionAttributeValues: { ':s_1': { S: 'SHIPPED' } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      ],
    ])
  })

  test('ElectroDB (patch) also sets its identifiers and checks both key attributes', async () => {
    const { client, run } = recorder()
    const { sent } = await run(rowOf(updateRows(client), 'ElectroDB'))
    expect(sent.map((s) => [s.operation, JSON.parse(s.body)])).toEqual([
      [
        'UpdateItem',
        {
          TableName: ORDERS_TABLE,
          Key,
          UpdateExpression:
            'SET #order_status = :order_status_u0, #__edb_e__ = :__edb_e___u0, #__edb_v__ = :__edb_v___u0',
          ConditionExpression: 'attribute_exists(#customer_id) AND attribute_exists(#order_id)',
          ExpressionAttributeNames: {
            '#customer_id': 'customer_id',
            '#order_id': 'order_id',
            '#order_status': 'order_status',
            '#__edb_e__': '__edb_e__',
            '#__edb_v__': '__edb_v__',
          },
          ExpressionAttributeValues: {
            ':order_status_u0': { S: 'SHIPPED' },
            ':__edb_e___u0': { S: 'order' },
            ':__edb_v___u0': { S: '1' },
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      ],
    ])
  })
})

describe('Q6c, BatchWriteItem: every row sends the same chunks, 4 at a time', () => {
  /** The 40 requests of 25 orders each, in order, each item with `extra` added. */
  const chunks = (extra: object) => {
    const bodies: string[] = []
    for (let i = 0; i < items.length; i += 25) {
      const requests = items
        .slice(i, i + 25)
        .map((o) => ({ PutRequest: { Item: { ...marshalled(o), ...extra } } }))
      bodies.push(JSON.stringify({ RequestItems: { [ORDERS_TABLE]: requests } }))
    }
    return bodies
  }

  test.each([
    ['raw SDK', {}],
    ['dql db.run', {}],
    ['dql batch executor alone (marshall)', {}],
    ['DocumentClient', {}],
    ['dynamodb-toolbox', {}],
    ['ElectroDB', ELECTRO_IDENTIFIERS],
  ])('%s', async (name, extra) => {
    const { client, run } = recorder()
    const { sent, inFlight } = await run(rowOf(batchRows(client), name))
    expect(BATCH_SIZE).toBe(1000)
    expect({
      operations: [...new Set(sent.map((s) => s.operation))],
      // Requests in flight together may reach the stub in any order: compare them sorted.
      bodies: sent.map((s) => s.body).sort(),
      inFlight,
    }).toEqual({ operations: ['BatchWriteItem'], bodies: chunks(extra).sort(), inFlight: 4 })
  })
})
