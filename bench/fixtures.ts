/**
 * What every suite reads: two tables (a BIN lookup read by its full key, and orders read 100
 * at a time by customer), their items, and each library's way of reading them, written the way
 * that library's own documentation shows. Every row of a suite does the same work: one
 * GetItem of the same item, or one Query of the same 100 items, results as plain JS objects.
 */
import {
  CreateTableCommand,
  BatchWriteItemCommand,
  DynamoDBClient,
  ExecuteStatementCommand,
  GetItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClientConfig,
} from '@aws-sdk/client-dynamodb'
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand as DocQueryCommand,
} from '@aws-sdk/lib-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import {
  Entity as ToolboxEntity,
  GetItemCommand as ToolboxGetItemCommand,
  item,
  number,
  boolean,
  QueryCommand as ToolboxQueryCommand,
  string,
  Table as ToolboxTable,
} from 'dynamodb-toolbox'
import { Entity as ElectroEntity } from 'electrodb'
import { createClient, createDql, defineTable, type Dql } from '../src/index.js'
import { parseTemplate } from '../src/parse/parse-cache.js'
import { parseText } from '../src/parse/parse-text.js'
import { settingsOf } from '../src/runtime/options.js'
import { Runtime } from '../src/runtime/runtime.js'

export const BIN = '411111'
export const BIN_EXTENDED = ';'
export const CUSTOMER = 'customer-0042'
export const QUERY_SIZE = 100

/** The BIN lookup item: 11 attributes, as a card-BIN table holds them. */
export const binItem: Record<string, AttributeValue> = {
  card_bin: { S: BIN },
  card_bin_extended: { S: BIN_EXTENDED },
  issuer_name: { S: 'Example Bank of Somewhere, N.A.' },
  brand: { S: 'VISA' },
  card_type: { S: 'CREDIT' },
  card_level: { S: 'CLASSIC' },
  country_code: { S: 'US' },
  country_name: { S: 'United States of America' },
  bank_phone: { S: '+1 800 555 0100' },
  updated_at: { N: '1700000000' },
  active: { BOOL: true },
}

/** 100 orders of one customer, 8 attributes each. */
export const orderItems: Record<string, AttributeValue>[] = Array.from(
  { length: QUERY_SIZE },
  (_, i) => ({
    customer_id: { S: CUSTOMER },
    order_id: { S: `order-${String(i).padStart(4, '0')}` },
    total: { N: String(1999 + i * 7) },
    currency: { S: 'EUR' },
    order_status: { S: i % 3 === 0 ? 'SHIPPED' : 'PAID' },
    created_at: { N: String(1700000000 + i * 3600) },
    line_count: { N: String(1 + (i % 5)) },
    note: { S: `Leave the parcel at the door, order ${i}` },
  }),
)

export const BINS_TABLE = 'bench-bins'
export const ORDERS_TABLE = 'bench-orders'

export const bins = defineTable({
  name: 'bins',
  tableName: BINS_TABLE,
  partitionKey: 'card_bin',
  sortKey: 'card_bin_extended',
  fields: {
    cardBin: 'card_bin',
    cardBinExtended: 'card_bin_extended',
    issuer: 'issuer_name',
    cardType: 'card_type',
    cardLevel: 'card_level',
    countryCode: 'country_code',
    countryName: 'country_name',
    bankPhone: 'bank_phone',
    updatedAt: 'updated_at',
  },
})

export const orders = defineTable({
  name: 'orders',
  tableName: ORDERS_TABLE,
  partitionKey: 'customer_id',
  sortKey: 'order_id',
  fields: {
    customerId: 'customer_id',
    orderId: 'order_id',
    status: 'order_status',
    createdAt: 'created_at',
    lineCount: 'line_count',
  },
})

/** The two operations every row implements, and the GetItem's request built without I/O. */
export interface Reader {
  getItem(): Promise<unknown>
  query(): Promise<unknown>
  /** What the row does for a GetItem before sending: the request, built for this call. */
  buildGet(): unknown
}

/** Client options common to every row: dummy credentials, a fixed region. */
export function clientConfig(extra: DynamoDBClientConfig): DynamoDBClientConfig {
  return {
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...extra,
  }
}

/** A client with the SDK's defaults. */
export function defaultClient(extra: DynamoDBClientConfig): DynamoDBClient {
  return new DynamoDBClient(clientConfig(extra))
}

/** dql's recommended client (`createClient`: cacheMiddleware and keep-alive agents). */
export function recommendedClient(extra: DynamoDBClientConfig): DynamoDBClient {
  return createClient(clientConfig(extra))
}

/** The raw SDK, hand-written: GetItemCommand / QueryCommand, then `unmarshall`. */
export function rawSdk(client: DynamoDBClient): Reader {
  const buildGet = () =>
    new GetItemCommand({
      TableName: BINS_TABLE,
      Key: { card_bin: { S: BIN }, card_bin_extended: { S: BIN_EXTENDED } },
    })
  return {
    buildGet,
    async getItem() {
      const output = await client.send(buildGet())
      return output.Item ? unmarshall(output.Item) : undefined
    },
    async query() {
      const output = await client.send(
        new QueryCommand({
          TableName: ORDERS_TABLE,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': 'customer_id' },
          ExpressionAttributeValues: { ':pk': { S: CUSTOMER } },
        }),
      )
      return (output.Items ?? []).map((item) => unmarshall(item))
    },
  }
}

/** dql with tagged templates: each template is parsed and planned once. */
export function dqlTag(db: Dql): Reader {
  // The call path of db.first up to the send: template cache, plan cache, bind, through a
  // runtime like the one inside db (same client and tables), so this measures dql's own code.
  const runtime = runtimeLike(db)
  const bound = (strings: TemplateStringsArray, ...values: unknown[]) =>
    runtime.bind({ parsed: parseTemplate(strings), args: values, values }, 'items')
  return {
    buildGet: () =>
      bound`FROM bins WHERE card_bin = ${BIN} AND card_bin_extended = ${BIN_EXTENDED}`,
    getItem: () =>
      db.first`FROM bins WHERE card_bin = ${BIN} AND card_bin_extended = ${BIN_EXTENDED}`,
    query: () => db.all`FROM orders WHERE customer_id = ${CUSTOMER}`,
  }
}

/** dql with `prepare(text)` and named parameters, the statement prepared once. */
export function dqlPrepared(db: Dql): Reader {
  const get = db.prepare('FROM bins WHERE card_bin = :bin AND card_bin_extended = :ext')
  const query = db.prepare('FROM orders WHERE customer_id = :customer')
  return {
    buildGet: () => db.prepare('FROM bins WHERE card_bin = :bin AND card_bin_extended = :ext'),
    getItem: () => get.first({ bin: BIN, ext: BIN_EXTENDED }),
    query: () => query.all({ customer: CUSTOMER }),
  }
}

/**
 * A "naive" dql that lexes, parses, plans and compiles the statement on every call: each
 * call's text is new (a counter in a comment), so no cache can serve it.
 */
export function dqlNaive(db: Dql): Reader {
  let n = 0
  const runtime = runtimeLike(db)
  return {
    buildGet: () =>
      coldBind(runtime, 'FROM bins WHERE card_bin = :bin AND card_bin_extended = :ext', {
        bin: BIN,
        ext: BIN_EXTENDED,
      }),
    getItem: () =>
      db
        .prepare(`FROM bins WHERE card_bin = :bin AND card_bin_extended = :ext -- ${n++}`)
        .first({ bin: BIN, ext: BIN_EXTENDED }),
    query: () =>
      db.prepare(`FROM orders WHERE customer_id = :customer -- ${n++}`).all({ customer: CUSTOMER }),
  }
}

/** A runtime with db's client and tables: the code path of db's calls, reachable from here. */
export function runtimeLike(db: Dql): Runtime {
  return new Runtime(settingsOf({ client: db.client, tables: db.tables }))
}

/**
 * A statement from text with every cache missed: lex, parse, plan, compile, then bind, through
 * dql's own call path (a fresh parse is a fresh plan-cache key).
 */
export function coldBind(runtime: Runtime, text: string, params: Record<string, unknown>): unknown {
  const parsed = parseText(text, null)
  return runtime.bind({ parsed, args: params, values: undefined }, 'items')
}

export function dqlOn(client: DynamoDBClient): Dql {
  return createDql({ client, tables: [bins, orders] })
}

/** `@aws-sdk/lib-dynamodb`'s DocumentClient: GetCommand / QueryCommand with native values. */
export function documentClient(client: DynamoDBClient): Reader {
  const doc = DynamoDBDocumentClient.from(client)
  const buildGet = () =>
    new GetCommand({
      TableName: BINS_TABLE,
      Key: { card_bin: BIN, card_bin_extended: BIN_EXTENDED },
    })
  return {
    buildGet,
    async getItem() {
      const output = await doc.send(buildGet())
      return output.Item
    },
    async query() {
      const output = await doc.send(
        new DocQueryCommand({
          TableName: ORDERS_TABLE,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': 'customer_id' },
          ExpressionAttributeValues: { ':pk': CUSTOMER },
        }),
      )
      return output.Items ?? []
    },
  }
}

/** PartiQL: ExecuteStatement with parameters, then `unmarshall`. */
export function partiql(client: DynamoDBClient): Reader {
  const buildGet = () =>
    new ExecuteStatementCommand({
      Statement: `SELECT * FROM "${BINS_TABLE}" WHERE card_bin = ? AND card_bin_extended = ?`,
      Parameters: [{ S: BIN }, { S: BIN_EXTENDED }],
    })
  return {
    buildGet,
    async getItem() {
      const output = await client.send(buildGet())
      return output.Items?.[0] ? unmarshall(output.Items[0]) : undefined
    },
    async query() {
      const output = await client.send(
        new ExecuteStatementCommand({
          Statement: `SELECT * FROM "${ORDERS_TABLE}" WHERE customer_id = ?`,
          Parameters: [{ S: CUSTOMER }],
        }),
      )
      return (output.Items ?? []).map((item) => unmarshall(item))
    },
  }
}

/**
 * dynamodb-toolbox v2: a Table and an Entity per item type, read with GetItemCommand and the
 * table's QueryCommand. The items were not written by the toolbox, so the entity attribute
 * and timestamps are off (its documented setting for existing data).
 */
export function dynamodbToolbox(client: DynamoDBClient): Reader {
  const documentClient = DynamoDBDocumentClient.from(client)
  const binTable = new ToolboxTable({
    name: BINS_TABLE,
    partitionKey: { name: 'card_bin', type: 'string' },
    sortKey: { name: 'card_bin_extended', type: 'string' },
    documentClient,
  })
  const binEntity = new ToolboxEntity({
    name: 'Bin',
    table: binTable,
    entityAttribute: false,
    timestamps: false,
    schema: item({
      card_bin: string().key(),
      card_bin_extended: string().key(),
      issuer_name: string(),
      brand: string(),
      card_type: string(),
      card_level: string(),
      country_code: string(),
      country_name: string(),
      bank_phone: string(),
      updated_at: number(),
      active: boolean(),
    }),
  })
  const orderTable = new ToolboxTable({
    name: ORDERS_TABLE,
    partitionKey: { name: 'customer_id', type: 'string' },
    sortKey: { name: 'order_id', type: 'string' },
    documentClient,
  })
  const orderEntity = new ToolboxEntity({
    name: 'Order',
    table: orderTable,
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
  return {
    buildGet: () =>
      binEntity
        .build(ToolboxGetItemCommand)
        .key({ card_bin: BIN, card_bin_extended: BIN_EXTENDED })
        .params(),
    async getItem() {
      const { Item } = await binEntity
        .build(ToolboxGetItemCommand)
        .key({ card_bin: BIN, card_bin_extended: BIN_EXTENDED })
        .send()
      return Item
    },
    async query() {
      const { Items } = await orderTable
        .build(ToolboxQueryCommand)
        .entities(orderEntity)
        .query({ partition: CUSTOMER })
        .send()
      return Items ?? []
    },
  }
}

/**
 * ElectroDB: an Entity per item type whose key templates are the bare attribute values (its
 * documented way to use existing tables), read with `get` and `query`, with
 * `ignoreOwnership` since ElectroDB did not write the items.
 */
export function electroDb(client: DynamoDBClient): Reader {
  const documentClient = DynamoDBDocumentClient.from(client)
  const binEntity = new ElectroEntity(
    {
      model: { entity: 'bin', version: '1', service: 'bench' },
      attributes: {
        cardBin: { type: 'string', field: 'card_bin' },
        cardBinExtended: { type: 'string', field: 'card_bin_extended' },
        issuer: { type: 'string', field: 'issuer_name' },
        brand: { type: 'string' },
        cardType: { type: 'string', field: 'card_type' },
        cardLevel: { type: 'string', field: 'card_level' },
        countryCode: { type: 'string', field: 'country_code' },
        countryName: { type: 'string', field: 'country_name' },
        bankPhone: { type: 'string', field: 'bank_phone' },
        updatedAt: { type: 'number', field: 'updated_at' },
        active: { type: 'boolean' },
      },
      indexes: {
        primary: {
          pk: { field: 'card_bin', composite: ['cardBin'], template: '${cardBin}', casing: 'none' },
          sk: {
            field: 'card_bin_extended',
            composite: ['cardBinExtended'],
            template: '${cardBinExtended}',
            casing: 'none',
          },
        },
      },
    },
    { client: documentClient, table: BINS_TABLE },
  )
  const orderEntity = new ElectroEntity(
    {
      model: { entity: 'order', version: '1', service: 'bench' },
      attributes: {
        customerId: { type: 'string', field: 'customer_id' },
        orderId: { type: 'string', field: 'order_id' },
        total: { type: 'number' },
        currency: { type: 'string' },
        status: { type: 'string', field: 'order_status' },
        createdAt: { type: 'number', field: 'created_at' },
        lineCount: { type: 'number', field: 'line_count' },
        note: { type: 'string' },
      },
      indexes: {
        primary: {
          pk: {
            field: 'customer_id',
            composite: ['customerId'],
            template: '${customerId}',
            casing: 'none',
          },
          sk: { field: 'order_id', composite: ['orderId'], template: '${orderId}', casing: 'none' },
        },
      },
    },
    { client: documentClient, table: ORDERS_TABLE },
  )
  return {
    buildGet: () => binEntity.get({ cardBin: BIN, cardBinExtended: BIN_EXTENDED }).params(),
    async getItem() {
      const { data } = await binEntity
        .get({ cardBin: BIN, cardBinExtended: BIN_EXTENDED })
        .go({ ignoreOwnership: true })
      return data
    },
    async query() {
      const { data } = await orderEntity.query
        .primary({ customerId: CUSTOMER })
        .go({ ignoreOwnership: true })
      return data
    },
  }
}

/** Creates both tables on a local engine and writes the items. */
export async function seed(client: DynamoDBClient): Promise<void> {
  for (const [name, pk, sk] of [
    [BINS_TABLE, 'card_bin', 'card_bin_extended'],
    [ORDERS_TABLE, 'customer_id', 'order_id'],
  ] as const) {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: pk, AttributeType: 'S' },
          { AttributeName: sk, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: pk, KeyType: 'HASH' },
          { AttributeName: sk, KeyType: 'RANGE' },
        ],
      }),
    )
  }
  const puts = [
    { table: BINS_TABLE, item: binItem },
    ...orderItems.map((item) => ({ table: ORDERS_TABLE, item })),
  ]
  for (let i = 0; i < puts.length; i += 25) {
    const chunk = puts.slice(i, i + 25)
    const requestItems: Record<string, { PutRequest: { Item: typeof binItem } }[]> = {}
    for (const { table, item } of chunk) {
      ;(requestItems[table] ??= []).push({ PutRequest: { Item: item } })
    }
    let pending: typeof requestItems | undefined = requestItems
    while (pending && Object.keys(pending).length > 0) {
      const output = await client.send(new BatchWriteItemCommand({ RequestItems: pending }))
      pending = output.UnprocessedItems as typeof requestItems | undefined
    }
  }
}

/**
 * Canned responses of the stub transport: what DynamoDB answers for these reads. PartiQL's
 * ExecuteStatement answers with the item of the question being asked.
 */
export function cannedResponses(question: 'getItem' | 'query') {
  const query = { Items: orderItems, Count: QUERY_SIZE, ScannedCount: QUERY_SIZE }
  return {
    GetItem: { Item: binItem },
    Query: query,
    ExecuteStatement: question === 'getItem' ? { Items: [binItem] } : { Items: orderItems },
  }
}
