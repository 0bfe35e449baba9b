import {
  CreateTableCommand,
  PutItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { defineTable, dql, DqlError, type Dql } from '../../src/index.js'
import { createDql } from '../support/create-dql.js'
import type { BoundCommand } from '../../src/compile/prepared.js'
import {
  decodeCursor,
  encodeCursor,
  identityOf,
  type CursorState,
} from '../../src/execute/cursor.js'
import { checkStart } from '../../src/execute/cursor-key.js'
import { failure } from '../parse/helpers.js'
import { dynaliteEngine, type Engine } from '../support/engine.js'

/**
 * Cursors on dynalite. Partitions `o1`…`o5` hold five small items each (an IN list over them
 * is one Query per key, a page per key); `big` and `tenant-55458` hold items of 300 KB, so
 * DynamoDB's 1 MB page cuts them with a LastEvaluatedKey.
 */
const indexes = {
  byWords: { type: 'global', partitionKey: 'kind', sortKey: 'words' },
} as const
const notes = defineTable({
  name: 'notes',
  tableName: 'cursor-notes',
  partitionKey: 'owner',
  sortKey: 'seq',
  indexes,
})
/** The same keys on another DynamoDB table. */
const copy = defineTable({
  name: 'notes',
  tableName: 'cursor-copy',
  partitionKey: 'owner',
  sortKey: 'seq',
  indexes,
})
/** Two tenants whose cursors had the same 32-bit FNV fingerprint for one statement. */
const TENANT = 'tenant-55458'
const TWIN = 'tenant-791422'
const PAD = 'x'.repeat(300_000)
const SECRET = 'a cursor secret of at least 32 bytes, for tests only'

let engine: Engine
let db: Dql

async function createTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'owner', AttributeType: 'S' },
        { AttributeName: 'seq', AttributeType: 'N' },
        { AttributeName: 'kind', AttributeType: 'S' },
        { AttributeName: 'words', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'owner', KeyType: 'HASH' },
        { AttributeName: 'seq', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byWords',
          KeySchema: [
            { AttributeName: 'kind', KeyType: 'HASH' },
            { AttributeName: 'words', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  )
}

beforeAll(async () => {
  engine = await dynaliteEngine()
  await createTable(engine.client, 'cursor-notes')
  await createTable(engine.client, 'cursor-copy')
  const put = (owner: string, seq: number, pad?: string) =>
    engine.client.send(
      new PutItemCommand({
        TableName: 'cursor-notes',
        Item: {
          owner: { S: owner },
          seq: { N: String(seq) },
          kind: { S: pad ? 'big' : 'small' },
          words: { N: String(seq * 10) },
          ...(pad ? { pad: { S: pad } } : {}),
        },
      }),
    )
  for (const owner of ['o1', 'o2', 'o3', 'o4', 'o5']) {
    for (let seq = 1; seq <= 5; seq++) await put(owner, seq)
  }
  for (let seq = 1; seq <= 6; seq++) await put('big', seq, PAD)
  for (let seq = 1; seq <= 4; seq++) await put(TENANT, seq, PAD)
  db = createDql({ client: engine.client, tables: [notes] })
})

afterAll(() => engine.close())

beforeEach(() => {
  engine.sent.length = 0
})

/** The failure of a promise: its code and sentence. */
async function rejection(promise: Promise<unknown>) {
  const error: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  if (!(error instanceof DqlError)) throw new Error(`expected a DqlError, got ${String(error)}`)
  return { code: error.code, reason: error.reason }
}

const badCursor = (why: string) => ({
  code: 'usage.bad-cursor',
  reason: `This cursor cannot be used: ${why}. Pass the cursor returned by the previous page of the same statement.`,
})

/** The cursor with its JSON content changed as a client could, its signature (if any) kept. */
function forged(cursor: string, change: (content: Record<string, unknown>) => void): string {
  const [body = '', signature] = cursor.split('.')
  const content = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  change(content)
  const changed = Buffer.from(JSON.stringify(content)).toString('base64url')
  return signature === undefined ? changed : `${changed}.${signature}`
}

/** A cursor whose start key is `key` (DynamoDB JSON, numbers as `{ N }`). */
const withKey = (cursor: string, key: Record<string, unknown>) =>
  forged(cursor, (content) => {
    content.k = key
  })

/** Every page of a statement: the items of each. */
async function allPages(
  read: (cursor: string | undefined) => Promise<{ items: unknown[]; cursor: string | undefined }>,
) {
  const pages: unknown[][] = []
  let cursor: string | undefined
  do {
    const page = await read(cursor)
    pages.push(page.items)
    cursor = page.cursor
  } while (cursor !== undefined)
  return pages
}

const perKey = dql`SELECT owner, seq FROM notes WHERE owner IN (${'o1'}, ${'o2'}, ${'o3'}, ${'o4'}, ${'o5'}) LIMIT 12`

describe('a cursor cannot raise LIMIT', () => {
  test('the pages of a LIMIT 12 read hold 12 items', async () => {
    const pages = await allPages((cursor) => db.page(perKey, { cursor }))
    expect(pages.map((items) => items.length)).toEqual([5, 5, 2])
    expect(pages.flat()).toEqual([
      ...[1, 2, 3, 4, 5].map((seq) => ({ owner: 'o1', seq })),
      ...[1, 2, 3, 4, 5].map((seq) => ({ owner: 'o2', seq })),
      { owner: 'o3', seq: 1 },
      { owner: 'o3', seq: 2 },
    ])
  })

  test('a count of earlier items that is negative, or reaches LIMIT, is refused before sending', async () => {
    const { cursor } = await db.page(perKey)
    engine.sent.length = 0
    for (const [taken, why] of [
      [-13, 'it counts -13 items as returned already, where LIMIT 12 allows 0 to 11'],
      [12, 'it counts 12 items as returned already, where LIMIT 12 allows 0 to 11'],
      [1.5, 'it is damaged'],
    ] as const) {
      const bad = forged(cursor ?? '', (content) => {
        content.t = taken
      })
      expect(await rejection(db.page(perKey, { cursor: bad }))).toEqual(badCursor(why))
    }
    expect(engine.sent).toEqual([])
  })

  test('a request that does not exist is refused', async () => {
    const { cursor } = await db.page(perKey)
    engine.sent.length = 0
    for (const [request, why] of [
      [5, 'it continues at request 5 of a read that sends requests 0 to 4'],
      [-1, 'it continues at request -1 of a read that sends requests 0 to 4'],
    ] as const) {
      const bad = forged(cursor ?? '', (content) => {
        content.r = request
      })
      expect(await rejection(db.page(perKey, { cursor: bad }))).toEqual(badCursor(why))
    }
    expect(engine.sent).toEqual([])
  })
})

describe('a cursor belongs to one statement, table and index, with its values', () => {
  const another =
    'it belongs to another statement, table or index, or to the same one with other values'

  test('a cursor of one table is refused on another, whichever way the table is given', async () => {
    const read = (table: typeof notes) => dql`SELECT seq FROM ${table} WHERE owner = ${'big'}`
    const { cursor } = await db.page(read(notes))
    expect(cursor).toBeTypeOf('string')
    engine.sent.length = 0
    expect(await rejection(db.page(read(copy), { cursor }))).toEqual(badCursor(another))
    // The same text on two handles whose definitions of `notes` read other DynamoDB tables.
    const text = 'SELECT seq FROM notes WHERE owner = :owner'
    const elsewhere = createDql({ client: engine.client, tables: [copy] })
    const first = await db.prepare(text).page({ owner: 'big' })
    engine.sent.length = 0
    expect(
      await rejection(elsewhere.prepare(text).page({ owner: 'big' }, { cursor: first.cursor })),
    ).toEqual(badCursor(another))
    expect(engine.sent).toEqual([])
  })

  test('two tenants whose cursors FNV could not tell apart', async () => {
    const read = (owner: string) => dql`SELECT seq FROM notes WHERE owner = ${owner}`
    const { cursor } = await db.page(read(TENANT))
    expect(cursor).toBeTypeOf('string')
    engine.sent.length = 0
    expect(await rejection(db.page(read(TWIN), { cursor }))).toEqual(badCursor(another))
    expect(engine.sent).toEqual([])
  })
})

describe('a start key is checked against the read before anything is sent', () => {
  const read = dql`SELECT seq FROM notes WHERE owner = ${'big'} AND seq >= ${2}`
  let cursor = ''

  beforeAll(async () => {
    const page = await db.page(read)
    expect(page.items).toEqual([{ seq: 2 }, { seq: 3 }, { seq: 4 }, { seq: 5 }])
    cursor = page.cursor ?? ''
    expect(JSON.parse(Buffer.from(cursor, 'base64url').toString()).k).toEqual({
      owner: { S: 'big' },
      seq: { N: '5' },
    })
  })

  test('the cursor as it was made reads the next page', async () => {
    expect((await db.page(read, { cursor })).items).toEqual([{ seq: 6 }])
    expect(engine.sent).toEqual(['Query'])
  })

  test.each<[string, Record<string, unknown>, string]>([
    [
      'a key attribute left out',
      { owner: { S: 'big' } },
      "its start key has the attributes owner, where this read's keys are owner, seq",
    ],
    [
      'an attribute added',
      { owner: { S: 'big' }, seq: { N: '4' }, note: { S: 'x' } },
      "its start key has the attributes note, owner, seq, where this read's keys are owner, seq",
    ],
    [
      'a key of another type',
      { owner: { S: 'big' }, seq: { S: '4' } },
      "its start key gives seq as a string, where this Query's key condition gives a number",
    ],
    [
      'another partition',
      { owner: { S: 'o1' }, seq: { N: '4' } },
      'its start key is not in the partition this Query reads',
    ],
    [
      'a sort key outside the key condition',
      { owner: { S: 'big' }, seq: { N: '1' } },
      "its start key is outside this Query's key condition on seq",
    ],
    [
      'a number that is not one',
      { owner: { S: 'big' }, seq: { N: '4x' } },
      'its start key gives seq a number DynamoDB cannot hold',
    ],
    ['a value of no key type', { owner: { S: 'big' }, seq: { BOOL: true } }, 'it is damaged'],
    [
      'an empty string',
      { owner: { S: '' }, seq: { N: '4' } },
      'its start key gives owner a value of 0 bytes, which no key can have',
    ],
    [
      'a partition key longer than DynamoDB allows',
      { owner: { S: 'é'.repeat(1025) }, seq: { N: '4' } },
      'its start key gives owner a value of 2050 bytes, which no key can have',
    ],
  ])('%s', async (_, key, why) => {
    expect(await rejection(db.page(read, { cursor: withKey(cursor, key) }))).toEqual(badCursor(why))
    expect(engine.sent).toEqual([])
  })

  test('an index read: the start key has the keys of the table and of the index', async () => {
    const byWords = dql`SELECT seq FROM notes USE INDEX (byWords) WHERE kind = ${'big'} AND words > ${20}`
    const page = await db.page(byWords)
    expect(page.items.length).toBeGreaterThan(0)
    const next = page.cursor ?? ''
    const key = JSON.parse(Buffer.from(next, 'base64url').toString()).k
    expect(Object.keys(key).sort()).toEqual(['kind', 'owner', 'seq', 'words'])
    engine.sent.length = 0
    const { words: _, ...withoutWords } = key
    expect(await rejection(db.page(byWords, { cursor: withKey(next, withoutWords) }))).toEqual(
      badCursor(
        "its start key has the attributes kind, owner, seq, where this read's keys are kind, owner, seq, words",
      ),
    )
    expect(
      await rejection(db.page(byWords, { cursor: withKey(next, { ...key, words: { N: '20' } }) })),
    ).toEqual(badCursor("its start key is outside this Query's key condition on words"))
    expect(engine.sent).toEqual([])
  })
})

describe('createDql({ cursorSecret }) signs cursors', () => {
  const statement = dql`SELECT seq FROM notes WHERE owner = ${'big'}`
  let handle: Dql
  let cursor = ''

  beforeAll(async () => {
    handle = createDql({ client: engine.client, tables: [notes], cursorSecret: SECRET })
    const page = await handle.page(statement)
    cursor = page.cursor ?? ''
    expect(cursor).toMatch(/^[\w-]+\.[\w-]+$/)
  })

  test('its own cursor reads the next page', async () => {
    expect((await handle.page(statement, { cursor })).items).toEqual([{ seq: 5 }, { seq: 6 }])
  })

  test('any change, another secret, or no signature at all is refused before sending', async () => {
    const changed =
      'its signature does not match: it was changed, signed with another secret, or made for another statement or other values'
    const tampered = forged(cursor, (content) => {
      content.t = -100
    })
    const [body = '', signature = ''] = cursor.split('.')
    const flipped = `${body}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`
    const other = createDql({
      client: engine.client,
      tables: [notes],
      cursorSecret: 'another cursor secret of at least 32 bytes',
    })
    const otherCursor = (await other.page(statement)).cursor ?? ''
    const unsigned = (await db.page(statement)).cursor ?? ''
    engine.sent.length = 0
    expect(await rejection(handle.page(statement, { cursor: tampered }))).toEqual(
      badCursor(changed),
    )
    expect(await rejection(handle.page(statement, { cursor: flipped }))).toEqual(badCursor(changed))
    expect(await rejection(handle.page(statement, { cursor: otherCursor }))).toEqual(
      badCursor(changed),
    )
    expect(await rejection(handle.page(statement, { cursor: unsigned }))).toEqual(
      badCursor('it is not signed, and this handle signs its cursors (cursorSecret)'),
    )
    expect(await rejection(db.page(statement, { cursor }))).toEqual(
      badCursor('it is signed, and this handle has no cursorSecret to check it with'),
    )
    expect(
      await rejection(handle.page(dql`SELECT seq FROM notes WHERE owner = ${TENANT}`, { cursor })),
    ).toEqual(badCursor(changed))
    expect(engine.sent).toEqual([])
  })
})

describe('what no page of a read can continue', () => {
  const check = (bound: BoundCommand, state: CursorState) => {
    const identity = identityOf('a statement', notes, bound)
    const cursor = encodeCursor(identity, state, undefined)
    const { code, error } = failure(() => decodeCursor(cursor, identity, bound, notes, undefined))
    return { code, reason: error.reason }
  }
  const key = { owner: { S: 'o1' }, seq: { N: '1' } }

  test('a GetItem has no next page', () => {
    const bound: BoundCommand = {
      operation: 'GetItem',
      input: { TableName: 'cursor-notes', Key: key },
    }
    expect(check(bound, { request: 0, start: undefined, taken: 0 })).toEqual(
      badCursor('this statement reads one item: it has no next page'),
    )
  })

  test('a BatchGetItem chunk has no start key, and a first request none at all', () => {
    const request = { RequestItems: { 'cursor-notes': { Keys: [key] } } }
    const bound: BoundCommand = {
      operation: 'BatchGetItem',
      tableName: 'cursor-notes',
      keys: [key, key],
      requests: [request, request],
      strip: [],
      limit: undefined,
    }
    expect(check(bound, { request: 1, start: key, taken: 0 })).toEqual(badCursor('it is damaged'))
    expect(check(bound, { request: 0, start: undefined, taken: 0 })).toEqual(
      badCursor('it is damaged'),
    )
  })
})

describe('what no page of a parallel Scan (SEGMENTS) can continue', () => {
  const check = (bound: BoundCommand, state: CursorState) => {
    const identity = identityOf('a statement', notes, bound)
    const cursor = encodeCursor(identity, state, undefined)
    const { code, error } = failure(() => decodeCursor(cursor, identity, bound, notes, undefined))
    return { code, reason: error.reason }
  }
  const key = { owner: { S: 'o1' }, seq: { N: '1' } }
  const scan = (segments?: number): BoundCommand => ({
    operation: 'Scan',
    input: { TableName: 'cursor-notes' },
    limit: undefined,
    ...(segments === undefined ? {} : { segments }),
  })
  const state = (
    done: [number, number][],
    started: [number, Record<string, AttributeValue>][],
  ): CursorState => ({ request: 0, start: undefined, taken: 0, segments: { done, started } })
  const outside = badCursor('it names segments outside 0 to 3, or out of order')

  test('a valid state round-trips', () => {
    const bound = scan(4)
    const valid = state([[0, 1]], [[3, key]])
    const identity = identityOf('a statement', notes, bound)
    const cursor = encodeCursor(identity, valid, undefined)
    expect(decodeCursor(cursor, identity, bound, notes, undefined)).toEqual(valid)
  })

  test.each<[string, CursorState, ReturnType<typeof badCursor>]>([
    ['a segment past the last', state([], [[4, key]]), outside],
    ['a range past the last', state([[2, 4]], []), outside],
    ['a negative segment', state([[-1, 0]], []), outside],
    [
      'ranges out of order',
      state(
        [
          [2, 3],
          [0, 0],
        ],
        [],
      ),
      outside,
    ],
    [
      'touching ranges',
      state(
        [
          [0, 1],
          [2, 2],
        ],
        [],
      ),
      outside,
    ],
    ['a segment both read and begun', state([[0, 1]], [[1, key]]), outside],
    [
      'segments begun out of order',
      state(
        [],
        [
          [2, key],
          [1, key],
        ],
      ),
      outside,
    ],
    ['every segment read', state([[0, 3]], []), badCursor('it is damaged')],
    ['no progress at all', state([], []), badCursor('it is damaged')],
    [
      'a start key of other attributes',
      state([], [[0, { owner: { S: 'o1' } }]]),
      badCursor("its start key has the attributes owner, where this read's keys are owner, seq"),
    ],
    [
      'a request number besides the segments',
      { ...state([[0, 0]], []), request: 1 },
      badCursor('it is damaged'),
    ],
  ])('%s', (_, crafted, expected) => {
    expect(check(scan(4), crafted)).toEqual(expected)
  })

  test("segments on a plain Scan's cursor, or none on a parallel Scan's, are damage", () => {
    expect(check(scan(), state([[0, 0]], []))).toEqual(badCursor('it is damaged'))
    expect(check(scan(4), { request: 0, start: key, taken: 0 })).toEqual(badCursor('it is damaged'))
  })
})

describe("a start key's sort value is compared in DynamoDB's order", () => {
  const query = (condition: string, values: Record<string, AttributeValue>) => ({
    TableName: 'cursor-notes',
    KeyConditionExpression: `#n0 = :v0 AND ${condition}`,
    ExpressionAttributeNames: { '#n0': 'owner', '#n1': 'seq' },
    ExpressionAttributeValues: { ':v0': { S: 'o1' }, ...values },
  })
  const inside = (input: ReturnType<typeof query>, seq: AttributeValue) =>
    checkStart({ owner: { S: 'o1' }, seq }, notes, 'Query', input) === undefined

  test('numbers by value, whatever their notation', () => {
    const between = query('#n1 BETWEEN :v1 AND :v2', { ':v1': { N: '-1.5' }, ':v2': { N: '1e2' } })
    const within = ['-1.5', '-1.50', '-0.0', '0', '0.001', '99.999', '100', '1E+2', '100.0']
    const outside = ['-1.51', '-2', '-15', '100.0000001', '1000', '1e3', '101']
    expect(within.filter((N) => !inside(between, { N }))).toEqual([])
    expect(outside.filter((N) => inside(between, { N }))).toEqual([])
  })

  test('strings by their UTF-8 bytes, not by UTF-16 code units', () => {
    const after = query('#n1 > :v1', { ':v1': { S: '\uffff' } })
    // UTF-16 puts U+1F600 (a surrogate pair, 0xD83D…) before U+FFFF; UTF-8 puts it after.
    expect(inside(after, { S: '😀' })).toBe(true)
    expect(inside(after, { S: '\ufffe' })).toBe(false)
    const prefix = query('begins_with(#n1, :v1)', { ':v1': { S: 'ab' } })
    expect(['ab', 'abc'].map((S) => inside(prefix, { S }))).toEqual([true, true])
    expect(['a', 'b', 'Ab'].map((S) => inside(prefix, { S }))).toEqual([false, false, false])
  })

  test('binary by bytes', () => {
    const below = query('#n1 <= :v1', { ':v1': { B: new Uint8Array([1, 2]) } })
    expect(inside(below, { B: new Uint8Array([1, 1, 255]) })).toBe(true)
    expect(inside(below, { B: new Uint8Array([1, 2]) })).toBe(true)
    expect(inside(below, { B: new Uint8Array([1, 2, 0]) })).toBe(false)
  })
})
