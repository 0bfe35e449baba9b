/**
 * The client-CPU question of the benchmark (bench/client-cpu.ts) compares like with like: the
 * rows read the same items from the same answers, dql on its lean transport sends the very
 * request dql sends on the SDK, and the lean budgets' verdicts follow the page's rule. The
 * rows talk to a recording stub server over loopback, as they do in the bench.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { crc32 } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { boundReader } from '../../bench/bound.js'
import { clientCpuRows } from '../../bench/client-cpu.js'
import { cannedResponses } from '../../bench/fixtures.js'
import { fractionVerdict } from '../../bench/measure.js'

interface Sent {
  readonly target: string
  readonly body: unknown
}

const sent: Sent[] = []
let server: Server
let endpoint = ''

beforeAll(async () => {
  const answers: Record<string, unknown> = { ...cannedResponses('query') }
  answers.GetItem = cannedResponses('getItem').GetItem
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '')
      const operation = target.slice(target.indexOf('.') + 1)
      sent.push({ target: operation, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) })
      const body = Buffer.from(JSON.stringify(answers[operation] ?? {}))
      res.writeHead(200, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': String(body.length),
        // As DynamoDB (and the bench's stub server) send it; the lean transport checks it.
        'x-amz-crc32': String(crc32(body)),
      })
      res.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

/** Order i of the fixture, as an item of the raw SDK's `unmarshall` (attribute names). */
function order(i: number): Record<string, unknown> {
  return {
    customer_id: 'customer-0042',
    order_id: `order-${String(i).padStart(4, '0')}`,
    total: 1999 + i * 7,
    currency: 'EUR',
    order_status: i % 3 === 0 ? 'SHIPPED' : 'PAID',
    created_at: 1700000000 + i * 3600,
    line_count: 1 + (i % 5),
    note: `Leave the parcel at the door, order ${i}`,
  }
}

/** The same order as dql returns it: the orders table's field names. */
function dqlOrder(i: number): Record<string, unknown> {
  const o = order(i)
  return {
    customerId: o.customer_id,
    orderId: o.order_id,
    total: o.total,
    currency: o.currency,
    status: o.order_status,
    createdAt: o.created_at,
    lineCount: o.line_count,
    note: o.note,
  }
}

const BIN_ITEM = {
  card_bin: '411111',
  card_bin_extended: ';',
  issuer_name: 'Example Bank of Somewhere, N.A.',
  brand: 'VISA',
  card_type: 'CREDIT',
  card_level: 'CLASSIC',
  country_code: 'US',
  country_name: 'United States of America',
  bank_phone: '+1 800 555 0100',
  updated_at: 1700000000,
  active: true,
}
const DQL_BIN_ITEM = {
  cardBin: '411111',
  cardBinExtended: ';',
  issuer: 'Example Bank of Somewhere, N.A.',
  brand: 'VISA',
  cardType: 'CREDIT',
  cardLevel: 'CLASSIC',
  countryCode: 'US',
  countryName: 'United States of America',
  bankPhone: '+1 800 555 0100',
  updatedAt: 1700000000,
  active: true,
}

const DQL_ROWS = ['dql (tag)', 'dql (tag), recommended client', 'dql (tag), lean transport']

describe('question 5 rows', () => {
  test('every row reads the same 100 orders, and the same BIN item', async () => {
    const rows = clientCpuRows(endpoint)
    expect(rows.map((r) => r.name)).toEqual([
      'raw SDK',
      'dql (tag)',
      'raw SDK, recommended client',
      'dql (tag), recommended client',
      'floor: hand-written signed request',
      'lean transport (the floor’s mapping)',
      'dql (tag), lean transport',
    ])
    const orders = Array.from({ length: 100 }, (_, i) => order(i))
    const dqlOrders = Array.from({ length: 100 }, (_, i) => dqlOrder(i))
    for (const { name, reader } of rows) {
      const dql = DQL_ROWS.includes(name)
      expect(await reader.query(), name).toEqual(dql ? dqlOrders : orders)
      expect(await reader.getItem(), name).toEqual(dql ? DQL_BIN_ITEM : BIN_ITEM)
    }
  })

  test('dql on its lean transport sends what dql sends on the SDK', async () => {
    const rows = clientCpuRows(endpoint)
    const bodies = async (name: string) => {
      const reader = rows.find((r) => r.name === name)!.reader
      sent.length = 0
      await reader.query()
      await reader.getItem()
      return [...sent]
    }
    const onSdk = await bodies('dql (tag)')
    const onLean = await bodies('dql (tag), lean transport')
    expect(onLean).toEqual(onSdk)
    expect(onLean).toEqual([
      {
        target: 'Query',
        body: {
          TableName: 'bench-orders',
          KeyConditionExpression: '#n0 = :v0',
          ExpressionAttributeNames: { '#n0': 'customer_id' },
          ExpressionAttributeValues: { ':v0': { S: 'customer-0042' } },
        },
      },
      {
        target: 'GetItem',
        body: {
          TableName: 'bench-bins',
          Key: { card_bin: { S: '411111' }, card_bin_extended: { S: ';' } },
        },
      },
    ])
  })
})

describe('the bound under the floor (question 2)', () => {
  test('sends the floor’s requests, call after call, on one connection', async () => {
    const floor = clientCpuRows(endpoint).find((r) => r.name.startsWith('floor'))!.reader
    sent.length = 0
    await floor.query()
    await floor.getItem()
    const fromFloor = [...sent]
    sent.length = 0
    const bound = boundReader(endpoint)
    for (let i = 0; i < 3; i++) {
      await bound.query()
      await bound.getItem()
    }
    expect(sent).toEqual([...fromFloor, ...fromFloor, ...fromFloor])
  })
})

describe('fractionVerdict', () => {
  test('met only when the whole interquartile range is within the budget', () => {
    expect(fractionVerdict({ ratio: 0.3, ratioQ3: 0.32 }, 0.5)).toBe('yes')
    expect(fractionVerdict({ ratio: 0.5, ratioQ3: 0.5 }, 0.5)).toBe('yes')
    expect(fractionVerdict({ ratio: 0.49, ratioQ3: 0.54 }, 0.5)).toBe('unresolved')
    expect(fractionVerdict({ ratio: 0.65, ratioQ3: 0.7 }, 0.6)).toBe('no')
  })

  test('the same rule for a budget near the raw SDK (≤ 1.02 ×), whatever the spread’s width', () => {
    expect(fractionVerdict({ ratio: 0.91, ratioQ3: 0.94 }, 1.02)).toBe('yes')
    expect(fractionVerdict({ ratio: 1.0, ratioQ3: 1.02 }, 1.02)).toBe('yes')
    expect(fractionVerdict({ ratio: 0.99, ratioQ3: 1.04 }, 1.02)).toBe('unresolved')
    expect(fractionVerdict({ ratio: 1.03, ratioQ3: 1.05 }, 1.02)).toBe('no')
  })
})
