/**
 * The test data set: three tables and deterministic items, created on any engine. Items are
 * kept here in attribute-name form, so that expectations are computed from them in memory.
 * The tables are created from CreateTable inputs written out here, not derived from the
 * definitions, so that a definition and its table cannot agree by construction.
 */
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  type AttributeValue,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import { defineTable } from '../../src/index.js'

export type Row = Record<string, unknown>

/** bins: the BIN lookup table of the project's origin story. */
export const bins = defineTable({
  name: 'bins',
  tableName: 'bin-lookup',
  partitionKey: 'card_bin',
  sortKey: 'card_bin_extended',
  fields: { cardBin: 'card_bin', cardBinExtended: 'card_bin_extended', issuer: 'issuer_name' },
  indexes: {
    byIssuer: { type: 'global', partitionKey: 'issuer_name', sortKey: 'card_bin' },
  },
})

/** posts: a forum table with a local and a global index, and one very large thread. */
export const posts = defineTable({
  name: 'posts',
  tableName: 'forum-posts',
  partitionKey: 'Id',
  sortKey: 'ReplyDateTime',
  indexes: {
    byPostedBy: { type: 'local', sortKey: 'PostedBy' },
    byAuthor: { type: 'global', partitionKey: 'Author', sortKey: 'Seq', projection: 'KEYS_ONLY' },
  },
})

/** users: a partition-key-only table with every attribute type. */
export const users = defineTable({
  name: 'users',
  tableName: 'app-users',
  partitionKey: 'userId',
})

const ISSUERS = ['ACME', 'Globex', 'Initech', 'Umbrella']
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'BR']

function binRows(): Row[] {
  const rows: Row[] = [
    {
      card_bin: '411111',
      card_bin_extended: ';',
      issuer_name: 'ACME',
      country: 'US',
      brand: 'VISA',
      level: 1,
    },
  ]
  for (let i = 0; i < 240; i++) {
    const bin = String(400000 + i * 7)
    // A few BINs have several extended ranges, so a partition can hold more than one item.
    const extents = i % 10 === 0 ? [';', '0', '5'] : [';']
    for (const extended of extents) {
      rows.push({
        card_bin: bin,
        card_bin_extended: extended,
        issuer_name: ISSUERS[i % ISSUERS.length],
        country: COUNTRIES[i % COUNTRIES.length],
        brand: i % 3 === 0 ? 'MASTERCARD' : 'VISA',
        level: i % 5,
        ...(i % 4 === 0 ? { prepaid: true } : {}),
      })
    }
  }
  return rows
}

/** The large thread: enough items and bytes that a Query pages several times. */
export const BIG_THREAD = 'thread-big'
export const BIG_THREAD_SIZE = 2500
const PADDING = 'x'.repeat(1200)

function postRows(): Row[] {
  const rows: Row[] = []
  for (let t = 0; t < 6; t++) {
    for (let r = 0; r < 25; r++) {
      rows.push({
        Id: `thread-${t}`,
        ReplyDateTime: `2026-01-${String(1 + r).padStart(2, '0')}T10:00:00Z`,
        PostedBy: `user-${(r * 7 + t) % 11}`,
        Author: `author-${r % 3}`,
        Seq: t * 100 + r,
        Message: r % 4 === 0 ? 'hello world' : `reply ${r}`,
        Votes: (r * 13 + t) % 17,
      })
    }
  }
  for (let r = 0; r < BIG_THREAD_SIZE; r++) {
    rows.push({
      Id: BIG_THREAD,
      ReplyDateTime: `r-${String(r).padStart(5, '0')}`,
      PostedBy: `user-${r % 50}`,
      Author: 'author-big',
      Seq: 10_000 + r,
      Message: `big ${r}`,
      Votes: r % 50,
      Padding: PADDING,
    })
  }
  return rows
}

function userRows(): Row[] {
  const rows: Row[] = []
  for (let i = 0; i < 300; i++) {
    rows.push({
      userId: `u${String(i).padStart(3, '0')}`,
      name: `User ${i}`,
      status: i % 3 === 0 ? 'active' : i % 3 === 1 ? 'suspended' : 'invited',
      year: 2000 + (i % 25),
      size: i % 7,
      tags: new Set(i % 2 === 0 ? ['red', 'blue'] : ['green']),
      meta: {
        plan: i % 2 === 0 ? 'pro' : 'free',
        address: { city: i % 4 === 0 ? 'Oslo' : 'Lima' },
      },
      scores: [i % 10, (i * 3) % 10],
      ...(i % 5 === 0 ? { nickname: `nick${i}` } : {}),
    })
  }
  return rows
}

export interface DataSet {
  readonly bins: readonly Row[]
  readonly posts: readonly Row[]
  readonly users: readonly Row[]
}

/** The whole data set, built afresh (deterministic). */
export function dataSet(): DataSet {
  return { bins: binRows(), posts: postRows(), users: userRows() }
}

/** The three tables as DynamoDB is asked to create them, on demand. */
const CREATE: readonly CreateTableCommandInput[] = [
  {
    TableName: 'bin-lookup',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'card_bin', AttributeType: 'S' },
      { AttributeName: 'card_bin_extended', AttributeType: 'S' },
      { AttributeName: 'issuer_name', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'card_bin', KeyType: 'HASH' },
      { AttributeName: 'card_bin_extended', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'byIssuer',
        KeySchema: [
          { AttributeName: 'issuer_name', KeyType: 'HASH' },
          { AttributeName: 'card_bin', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  },
  {
    TableName: 'forum-posts',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'Id', AttributeType: 'S' },
      { AttributeName: 'ReplyDateTime', AttributeType: 'S' },
      { AttributeName: 'PostedBy', AttributeType: 'S' },
      { AttributeName: 'Author', AttributeType: 'S' },
      { AttributeName: 'Seq', AttributeType: 'N' },
    ],
    KeySchema: [
      { AttributeName: 'Id', KeyType: 'HASH' },
      { AttributeName: 'ReplyDateTime', KeyType: 'RANGE' },
    ],
    LocalSecondaryIndexes: [
      {
        IndexName: 'byPostedBy',
        KeySchema: [
          { AttributeName: 'Id', KeyType: 'HASH' },
          { AttributeName: 'PostedBy', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'byAuthor',
        KeySchema: [
          { AttributeName: 'Author', KeyType: 'HASH' },
          { AttributeName: 'Seq', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
  },
  {
    TableName: 'app-users',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'userId', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'userId', KeyType: 'HASH' }],
  },
]

/** Creates the three tables and writes the data set. */
export async function seed(client: DynamoDBClient, data: DataSet): Promise<void> {
  for (const input of CREATE) await client.send(new CreateTableCommand(input))
  await writeAll(client, 'bin-lookup', data.bins)
  await writeAll(client, 'forum-posts', data.posts)
  await writeAll(client, 'app-users', data.users)
}

async function writeAll(client: DynamoDBClient, table: string, rows: readonly Row[]) {
  for (let i = 0; i < rows.length; i += 25) {
    let requests: { PutRequest: { Item: Record<string, AttributeValue> } }[] = rows
      .slice(i, i + 25)
      .map((row) => ({ PutRequest: { Item: marshall(row) } }))
    // Engines may leave writes unprocessed; retry until every row is written.
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 20) throw new Error(`could not write ${requests.length} rows to ${table}`)
      const output = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [table]: requests } }),
      )
      requests = (output.UnprocessedItems?.[table] ?? []) as typeof requests
    }
  }
}
