/**
 * The demo data set of the REPL: a `bins` table of a few thousand realistic BIN rows (the
 * lookup the project began with, `411111` / `;` among them), an `orders` table with a
 * global and a local index, one customer of which has enough orders that a Query pages, and
 * the small tables the documentation's examples read (demo-examples.ts).
 * Deterministic: the same rows on every start.
 */
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import { createTableInput } from '../schema/create-table-input.js'
import { defineTable, type TableDefinition } from '../schema/define-table.js'
import { exampleTables } from './demo-examples.js'

/** The bins table, declared as in the project's first example: fields or attribute names work. */
export const demoBins = defineTable({
  name: 'bins',
  tableName: 'bin-lookup',
  partitionKey: 'card_bin',
  sortKey: 'card_bin_extended',
  fields: { cardBin: 'card_bin', cardBinExtended: 'card_bin_extended', issuer: 'issuer_name' },
  indexes: {
    byIssuer: {
      type: 'global',
      partitionKey: 'issuer_name',
      sortKey: 'card_bin',
      projection: 'ALL',
    },
  },
})

/** Orders by customer, with an LSI on the order date and a GSI on the status. */
export const demoOrders = defineTable({
  name: 'orders',
  tableName: 'demo-orders',
  partitionKey: 'customerId',
  sortKey: 'orderId',
  // Every demo order has a status and a date, so each index holds every order.
  indexes: {
    byDate: { type: 'local', sortKey: 'orderDate', sparse: false },
    byStatus: {
      type: 'global',
      partitionKey: 'status',
      sortKey: 'orderDate',
      projection: 'ALL',
      sparse: false,
    },
  },
})

export const demoTables: readonly TableDefinition[] = [
  demoBins,
  demoOrders,
  ...exampleTables.map((table) => table.definition),
]

/** The customer with thousands of orders: a Query on it pages. */
export const BIG_CUSTOMER = 'c-0001'

/** Three statements the banner offers. */
export const DEMO_EXAMPLES = [
  "FROM bins WHERE card_bin = '411111' AND card_bin_extended = ';';",
  "EXPLAIN FROM orders WHERE status = 'shipped' ORDER BY orderDate DESC LIMIT 5;",
  `SELECT orderId, total FROM orders WHERE customerId = '${BIG_CUSTOMER}' AND total > 450 LIMIT 10;`,
]

const BIN_ROWS = 3000
const SMALL_CUSTOMERS = 200
const BIG_CUSTOMER_ORDERS = 3000

const ISSUERS = [
  'ACME Bank',
  'Globex Financial',
  'Initech Credit Union',
  'Umbrella Savings',
  'Stark Trust',
  'Wayne Capital',
  'Nordbank',
  'Banco Lumina',
  'Sakura Card',
  'Maple Federal',
]
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'BR', 'JP', 'CA', 'NO', 'ES', 'AU']
const LEVELS = ['CLASSIC', 'GOLD', 'PLATINUM', 'BUSINESS']
const TYPES = ['CREDIT', 'DEBIT', 'PREPAID']
const STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'returned']

/** mulberry32: a small, fast, seeded generator; the same sequence on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Item = Record<string, AttributeValue>

function binItems(): Item[] {
  const next = random(411111)
  const pick = <T>(list: readonly T[]): T => {
    const value = list[Math.floor(next() * list.length)]
    if (value === undefined) throw new Error('unreachable: every list picked from is non-empty')
    return value
  }
  const items: Item[] = [
    binItem('411111', ';', 'ACME Bank', 'US', 'VISA', 'CREDIT', 'CLASSIC'),
    binItem('411111', '0', 'ACME Bank', 'US', 'VISA', 'DEBIT', 'CLASSIC'),
  ]
  const seen = new Set(['411111'])
  while (items.length < BIN_ROWS) {
    const first = pick(['4', '4', '4', '5', '5', '3', '6'])
    let bin = first
    if (first === '3') bin = pick(['34', '37'])
    if (first === '6') bin = '65'
    while (bin.length < 6) bin += String(Math.floor(next() * 10))
    if (seen.has(bin)) continue
    seen.add(bin)
    const brand = { '4': 'VISA', '5': 'MASTERCARD', '3': 'AMEX', '6': 'DISCOVER' }[first]
    if (brand === undefined) throw new Error(`unreachable: ${first} is a first digit above`)
    const issuer = pick(ISSUERS)
    const country = pick(COUNTRIES)
    items.push(binItem(bin, ';', issuer, country, brand, pick(TYPES), pick(LEVELS)))
    // Some BINs are split into extended ranges, as real BIN tables are.
    if (next() < 0.05) {
      items.push(
        binItem(
          bin,
          String(Math.floor(next() * 10)),
          issuer,
          country,
          brand,
          pick(TYPES),
          pick(LEVELS),
        ),
      )
    }
  }
  return items
}

function binItem(
  bin: string,
  extended: string,
  issuer: string,
  country: string,
  brand: string,
  type: string,
  level: string,
): Item {
  return {
    card_bin: { S: bin },
    card_bin_extended: { S: extended },
    issuer_name: { S: issuer },
    country: { S: country },
    brand: { S: brand },
    card_type: { S: type },
    level: { S: level },
  }
}

function orderItems(): Item[] {
  const next = random(2026)
  const items: Item[] = []
  const notes = 'Leave at the front desk. '.repeat(16)
  const order = (customer: string, n: number) => {
    const day = 1 + Math.floor(next() * 28)
    const month = 1 + Math.floor(next() * 12)
    items.push({
      customerId: { S: customer },
      orderId: { S: `o-${String(n).padStart(5, '0')}` },
      orderDate: { S: `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` },
      status: { S: STATUSES[Math.floor(next() * STATUSES.length)] ?? 'pending' },
      total: { N: (Math.floor(next() * 50000) / 100).toFixed(2) },
      items: { N: String(1 + Math.floor(next() * 6)) },
      // Large enough that the big customer's orders fill more than one 1 MB page.
      notes: { S: notes },
    })
  }
  for (let n = 0; n < BIG_CUSTOMER_ORDERS; n++) order(BIG_CUSTOMER, n)
  for (let c = 2; c < 2 + SMALL_CUSTOMERS; c++) {
    const customer = `c-${String(c).padStart(4, '0')}`
    const count = 1 + Math.floor(next() * 8)
    for (let n = 0; n < count; n++) order(customer, n)
  }
  return items
}

/** Creates the demo tables and writes their rows; `progress` hears how far it got. */
export async function seedDemo(
  client: DynamoDBClient,
  progress: (done: number, total: number) => void = () => {},
): Promise<void> {
  await client.send(
    new CreateTableCommand(
      createTableInput(demoBins, { card_bin: 'S', card_bin_extended: 'S', issuer_name: 'S' }),
    ),
  )
  await client.send(
    new CreateTableCommand(
      createTableInput(demoOrders, { customerId: 'S', orderId: 'S', orderDate: 'S', status: 'S' }),
    ),
  )
  for (const { definition, types } of exampleTables) {
    await client.send(new CreateTableCommand(createTableInput(definition, types)))
  }
  const batches: { table: string; items: Item[] }[] = []
  for (const [table, items] of [
    ['bin-lookup', binItems()],
    ['demo-orders', orderItems()],
    ...exampleTables.map(({ definition, items }) => [definition.tableName, items()] as const),
  ] as const) {
    for (let i = 0; i < items.length; i += 25)
      batches.push({ table, items: items.slice(i, i + 25) })
  }
  const total = batches.reduce((sum, batch) => sum + batch.items.length, 0)
  let done = 0
  let next = 0
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!
      let requests = batch.items.map((Item) => ({ PutRequest: { Item } }))
      while (requests.length > 0) {
        const output = await client.send(
          new BatchWriteItemCommand({ RequestItems: { [batch.table]: requests } }),
        )
        requests = (output.UnprocessedItems?.[batch.table] ?? []).flatMap((request) =>
          request.PutRequest?.Item ? [{ PutRequest: { Item: request.PutRequest.Item } }] : [],
        )
      }
      done += batch.items.length
      progress(done, total)
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
}
