import { describe, expect, test } from 'vitest'
import type { Explanation } from '../../src/compile/explain.js'
import { explain, explainText } from './fixtures.js'

const thread = 'Amazon DynamoDB#DynamoDB Thread 1'
const t = '2015-09-22T19:58:22.514Z'
const x = '411111'

/** The reasons of plain Queries on the posts table. */
const onPosts = 'Query on table posts: Id = … is the partition key of table posts'
const onPostsSorted = `${onPosts} and the sort key ReplyDateTime narrows the range`

describe('GetItem: the full primary key and nothing else', () => {
  test('a partition-key-only table, the key by field name', () => {
    expect(explain`FROM users WHERE id = ${'u1'}`).toEqual({
      operation: 'GetItem',
      tableName: 'app-users',
      input: { TableName: 'app-users', Key: { user_id: { S: 'u1' } } },
      requests: 1,
      reason:
        'The WHERE clause gives the full primary key of users (user_id) and nothing else, ' +
        'so one GetItem reads the item.',
    } satisfies Explanation)
  })

  test('a number key by attribute name, CONSISTENT', () => {
    expect(explain`FROM users WHERE user_id = 42 CONSISTENT`).toEqual({
      operation: 'GetItem',
      tableName: 'app-users',
      input: { TableName: 'app-users', Key: { user_id: { N: '42' } }, ConsistentRead: true },
      requests: 1,
      reason:
        'The WHERE clause gives the full primary key of users (user_id) and nothing else, ' +
        'so one GetItem reads the item.',
    } satisfies Explanation)
  })

  test('a projection by field names', () => {
    expect(
      explain`SELECT issuer, cardBin FROM bins WHERE cardBin = ${x} AND cardBinExtended = ${';'}`,
    ).toEqual({
      operation: 'GetItem',
      tableName: 'bin-lookup',
      input: {
        TableName: 'bin-lookup',
        Key: { card_bin: { S: x }, card_bin_extended: { S: ';' } },
        ProjectionExpression: '#n0, #n1',
        ExpressionAttributeNames: { '#n0': 'issuer_name', '#n1': 'card_bin' },
      },
      requests: 1,
      reason:
        'The WHERE clause gives the full primary key of bins (card_bin, card_bin_extended) and ' +
        'nothing else, so one GetItem reads the item.',
    } satisfies Explanation)
  })

  test('a table with a local and a global index: the sort key first, by field name', () => {
    expect(explain`FROM posts WHERE repliedAt = ${t} AND Id = ${thread}`).toEqual({
      operation: 'GetItem',
      tableName: 'forum-replies',
      input: {
        TableName: 'forum-replies',
        Key: { Id: { S: thread }, ReplyDateTime: { S: t } },
      },
      requests: 1,
      reason:
        'The WHERE clause gives the full primary key of posts (Id, ReplyDateTime) and nothing ' +
        'else, so one GetItem reads the item.',
    } satisfies Explanation)
  })
})

describe('Query: a partition key equality and at most one sort-key condition', () => {
  test('the partition key alone', () => {
    expect(explain`FROM posts WHERE Id = ${thread}`).toEqual({
      operation: 'Query',
      tableName: 'forum-replies',
      input: {
        TableName: 'forum-replies',
        KeyConditionExpression: '#n0 = :v0',
        ExpressionAttributeNames: { '#n0': 'Id' },
        ExpressionAttributeValues: { ':v0': { S: thread } },
      },
      requests: 1,
      reason: `${onPosts}.`,
    } satisfies Explanation)
  })

  /** The Query every sort-key comparison below compiles to. */
  const compare = (operator: string): Explanation => ({
    operation: 'Query',
    tableName: 'forum-replies',
    input: {
      TableName: 'forum-replies',
      KeyConditionExpression: `#n0 = :v0 AND #n1 ${operator} :v1`,
      ExpressionAttributeNames: { '#n0': 'Id', '#n1': 'ReplyDateTime' },
      ExpressionAttributeValues: { ':v0': { S: thread }, ':v1': { S: t } },
    },
    requests: 1,
    reason: `${onPostsSorted}.`,
  })

  test.each([
    ['<', () => explain`FROM posts WHERE Id = ${thread} AND ReplyDateTime < ${t}`],
    ['<', () => explain`FROM posts WHERE ${t} > repliedAt AND ${thread} = Id`],
    ['<=', () => explain`FROM posts WHERE Id = ${thread} AND ReplyDateTime <= ${t}`],
    ['<=', () => explain`FROM posts WHERE ${t} >= ReplyDateTime AND Id = ${thread}`],
    ['>', () => explain`FROM posts WHERE id = ${thread} AND repliedAt > ${t}`],
    ['>', () => explain`FROM posts WHERE Id = ${thread} AND ${t} < ReplyDateTime`],
    ['>=', () => explain`FROM posts WHERE ReplyDateTime >= ${t} AND Id = ${thread}`],
    ['>=', () => explain`FROM posts WHERE Id = ${thread} AND ${t} <= ReplyDateTime`],
  ])('sort key %s, the value on either side', (operator, run) => {
    expect(run()).toEqual(compare(operator))
  })

  test.each([
    [() => explain`FROM posts WHERE Id = ${thread} AND ReplyDateTime = ${t} AND Subject = ${'Hi'}`],
    [() => explain`FROM posts WHERE Subject = ${'Hi'} AND ${t} = repliedAt AND ${thread} = id`],
  ])('sort key =, with a filter (so not a GetItem) %#', (run) => {
    expect(run()).toEqual({
      operation: 'Query',
      tableName: 'forum-replies',
      input: {
        TableName: 'forum-replies',
        KeyConditionExpression: '#n0 = :v0 AND #n1 = :v1',
        FilterExpression: '#n2 = :v2',
        ExpressionAttributeNames: { '#n0': 'Id', '#n1': 'ReplyDateTime', '#n2': 'Subject' },
        ExpressionAttributeValues: { ':v0': { S: thread }, ':v1': { S: t }, ':v2': { S: 'Hi' } },
      },
      requests: 1,
      reason: `${onPostsSorted}; the other conditions need a filter, which GetItem cannot apply.`,
    } satisfies Explanation)
  })

  test('the full key of bins plus a filter is a Query with a FilterExpression', () => {
    expect(
      explain`FROM bins WHERE card_bin = ${x} AND card_bin_extended = ${';'} AND issuer = ${'VISA'}`,
    ).toEqual({
      operation: 'Query',
      tableName: 'bin-lookup',
      input: {
        TableName: 'bin-lookup',
        KeyConditionExpression: '#n0 = :v0 AND #n1 = :v1',
        FilterExpression: '#n2 = :v2',
        ExpressionAttributeNames: {
          '#n0': 'card_bin',
          '#n1': 'card_bin_extended',
          '#n2': 'issuer_name',
        },
        ExpressionAttributeValues: { ':v0': { S: x }, ':v1': { S: ';' }, ':v2': { S: 'VISA' } },
      },
      requests: 1,
      reason:
        'Query on table bins: card_bin = … is the partition key of table bins and the sort key ' +
        'card_bin_extended narrows the range; the other conditions need a filter, which GetItem ' +
        'cannot apply.',
    } satisfies Explanation)
  })

  test('BETWEEN', () => {
    expect(
      explain`FROM posts WHERE Id = ${thread} AND ReplyDateTime BETWEEN ${'2015-09'} AND ${t}`,
    ).toEqual({
      operation: 'Query',
      tableName: 'forum-replies',
      input: {
        TableName: 'forum-replies',
        KeyConditionExpression: '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2',
        ExpressionAttributeNames: { '#n0': 'Id', '#n1': 'ReplyDateTime' },
        ExpressionAttributeValues: {
          ':v0': { S: thread },
          ':v1': { S: '2015-09' },
          ':v2': { S: t },
        },
      },
      requests: 1,
      reason: `${onPostsSorted}.`,
    } satisfies Explanation)
  })

  test('begins_with', () => {
    expect(explain`FROM posts WHERE begins_with(repliedAt, '2015-09') AND Id = ${thread}`).toEqual({
      operation: 'Query',
      tableName: 'forum-replies',
      input: {
        TableName: 'forum-replies',
        KeyConditionExpression: '#n0 = :v0 AND begins_with(#n1, :v1)',
        ExpressionAttributeNames: { '#n0': 'Id', '#n1': 'ReplyDateTime' },
        ExpressionAttributeValues: { ':v0': { S: thread }, ':v1': { S: '2015-09' } },
      },
      requests: 1,
      reason: `${onPostsSorted}.`,
    } satisfies Explanation)
  })

  const between: Explanation = {
    operation: 'Query',
    tableName: 'forum-replies',
    input: {
      TableName: 'forum-replies',
      KeyConditionExpression: '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2',
      ExpressionAttributeNames: { '#n0': 'Id', '#n1': 'ReplyDateTime' },
      ExpressionAttributeValues: {
        ':v0': { S: thread },
        ':v1': { S: '2015-01' },
        ':v2': { S: '2015-12' },
      },
    },
    requests: 1,
    reason: `${onPostsSorted}.`,
  }

  test.each([
    [
      () =>
        explain`FROM posts WHERE Id = ${thread} AND ReplyDateTime >= ${'2015-01'} AND ReplyDateTime <= ${'2015-12'}`,
    ],
    [
      () =>
        explain`FROM posts WHERE ReplyDateTime <= ${'2015-12'} AND Id = ${thread} AND ReplyDateTime >= ${'2015-01'}`,
    ],
    [
      () =>
        explain`FROM posts WHERE ${'2015-12'} >= repliedAt AND ${'2015-01'} <= repliedAt AND Id = ${thread}`,
    ],
  ])('sk >= a AND sk <= b is one BETWEEN a AND b, in any order %#', (run) => {
    expect(run()).toEqual(between)
  })

  test('ORDER BY the sort key DESC reads backwards; ASC is the default', () => {
    const query = (descending: boolean): Explanation => ({
      operation: 'Query',
      tableName: 'forum-replies',
      input: {
        TableName: 'forum-replies',
        KeyConditionExpression: '#n0 = :v0',
        ExpressionAttributeNames: { '#n0': 'Id' },
        ExpressionAttributeValues: { ':v0': { S: thread } },
        ...(descending ? { ScanIndexForward: false } : {}),
      },
      requests: 1,
      reason: `${onPosts}.`,
    })
    expect(explain`FROM posts WHERE id = ${thread} ORDER BY repliedAt DESC`).toEqual(query(true))
    expect(explain`FROM posts WHERE Id = ${thread} ORDER BY ReplyDateTime ASC`).toEqual(
      query(false),
    )
    expect(explain`FROM posts WHERE Id = ${thread} ORDER BY ReplyDateTime`).toEqual(query(false))
  })

  test('LIMIT without a filter is sent as Limit', () => {
    expect(explain`FROM posts WHERE Id = ${thread} LIMIT 10`).toEqual({
      operation: 'Query',
      tableName: 'forum-replies',
      input: {
        TableName: 'forum-replies',
        KeyConditionExpression: '#n0 = :v0',
        ExpressionAttributeNames: { '#n0': 'Id' },
        ExpressionAttributeValues: { ':v0': { S: thread } },
        Limit: 10,
      },
      requests: 1,
      reason: `${onPosts}.`,
    } satisfies Explanation)
  })

  test('LIMIT with a filter is not sent: Limit would count items before the filter', () => {
    expect(
      explain`FROM posts WHERE Id = ${thread} AND contains(body, 'DynamoDB') LIMIT 10`,
    ).toEqual({
      operation: 'Query',
      tableName: 'forum-replies',
      input: {
        TableName: 'forum-replies',
        KeyConditionExpression: '#n0 = :v0',
        FilterExpression: 'contains(#n1, :v1)',
        ExpressionAttributeNames: { '#n0': 'Id', '#n1': 'Message' },
        ExpressionAttributeValues: { ':v0': { S: thread }, ':v1': { S: 'DynamoDB' } },
      },
      requests: 1,
      reason: `${onPosts}; the other conditions become a filter.`,
    } satisfies Explanation)
  })

  test('COUNT(*) selects COUNT', () => {
    expect(explain`SELECT COUNT(*) FROM posts WHERE Id = ${thread}`).toEqual({
      operation: 'Query',
      tableName: 'forum-replies',
      input: {
        TableName: 'forum-replies',
        KeyConditionExpression: '#n0 = :v0',
        ExpressionAttributeNames: { '#n0': 'Id' },
        ExpressionAttributeValues: { ':v0': { S: thread } },
        Select: 'COUNT',
      },
      requests: 1,
      reason: `${onPosts}.`,
    } satisfies Explanation)
  })

  test('COUNT(*) with the full key is a Query, not a GetItem', () => {
    expect(
      explain`SELECT COUNT(*) FROM bins WHERE cardBin = ${x} AND cardBinExtended = ${';'}`,
    ).toEqual({
      operation: 'Query',
      tableName: 'bin-lookup',
      input: {
        TableName: 'bin-lookup',
        KeyConditionExpression: '#n0 = :v0 AND #n1 = :v1',
        ExpressionAttributeNames: { '#n0': 'card_bin', '#n1': 'card_bin_extended' },
        ExpressionAttributeValues: { ':v0': { S: x }, ':v1': { S: ';' } },
        Select: 'COUNT',
      },
      requests: 1,
      reason:
        'Query on table bins: card_bin = … is the partition key of table bins and the sort key ' +
        'card_bin_extended narrows the range; COUNT(*) counts with a Query.',
    } satisfies Explanation)
  })

  test('CONSISTENT reads consistently', () => {
    expect(explain`FROM posts WHERE Id = ${thread} AND ReplyDateTime > ${t} CONSISTENT`).toEqual({
      ...compare('>'),
      input: { ...compare('>').input, ConsistentRead: true },
    })
  })
})

describe('IN lists on the partition key', () => {
  const batchReason = (table: string, keys: string) =>
    `The WHERE clause gives full primary keys of ${table} (${keys}) as a list and nothing else, ` +
    'so BatchGetItem reads them, 100 keys a request.'
  const userKeys = (...ids: (string | number)[]) =>
    ids.map((id) => ({ user_id: typeof id === 'number' ? { N: String(id) } : { S: id } }))

  test('a written list is one BatchGetItem', () => {
    expect(explain`FROM users WHERE id IN ('u1', 'u2', 'u3')`).toEqual({
      operation: 'BatchGetItem',
      tableName: 'app-users',
      input: { RequestItems: { 'app-users': { Keys: userKeys('u1', 'u2', 'u3') } } },
      requests: 1,
      reason: batchReason('users', 'user_id'),
    } satisfies Explanation)
  })

  test('an array hole: duplicates removed, first-seen order kept', () => {
    expect(explain`FROM users WHERE user_id IN ${['u3', 'u1', 'u3', 'u2', 'u1']}`).toEqual({
      operation: 'BatchGetItem',
      tableName: 'app-users',
      input: { RequestItems: { 'app-users': { Keys: userKeys('u3', 'u1', 'u2') } } },
      requests: 1,
      reason: batchReason('users', 'user_id'),
    } satisfies Explanation)
  })

  test('a number and a string that look alike are two keys', () => {
    expect(explain`FROM users WHERE id IN (1, '1', 1, ${1})`).toEqual({
      operation: 'BatchGetItem',
      tableName: 'app-users',
      input: { RequestItems: { 'app-users': { Keys: userKeys(1, '1') } } },
      requests: 1,
      reason: batchReason('users', 'user_id'),
    } satisfies Explanation)
  })

  test('more than 100 keys: one request per 100, the first shown', () => {
    const ids = Array.from({ length: 150 }, (_, i) => `u${i}`)
    expect(explain`FROM users WHERE id IN ${ids} CONSISTENT`).toEqual({
      operation: 'BatchGetItem',
      tableName: 'app-users',
      input: {
        RequestItems: {
          'app-users': { Keys: userKeys(...ids.slice(0, 100)), ConsistentRead: true },
        },
      },
      requests: 2,
      reason: batchReason('users', 'user_id'),
    } satisfies Explanation)
  })

  test('a projection also reads the key, to put the items in list order', () => {
    expect(explain`SELECT displayName, state FROM users WHERE id IN ${['u1', 'u2']}`).toEqual({
      operation: 'BatchGetItem',
      tableName: 'app-users',
      input: {
        RequestItems: {
          'app-users': {
            Keys: userKeys('u1', 'u2'),
            ProjectionExpression: '#n0, #n1, #n2',
            ExpressionAttributeNames: { '#n0': 'name', '#n1': 'status', '#n2': 'user_id' },
          },
        },
      },
      requests: 1,
      reason: batchReason('users', 'user_id'),
    } satisfies Explanation)
    expect(
      explain`SELECT cardBinExtended, issuer FROM bins WHERE cardBin IN (${x}, '422222') AND cardBinExtended = ';'`,
    ).toEqual({
      operation: 'BatchGetItem',
      tableName: 'bin-lookup',
      input: {
        RequestItems: {
          'bin-lookup': {
            Keys: [
              { card_bin: { S: x }, card_bin_extended: { S: ';' } },
              { card_bin: { S: '422222' }, card_bin_extended: { S: ';' } },
            ],
            ProjectionExpression: '#n0, #n1, #n2',
            ExpressionAttributeNames: {
              '#n0': 'card_bin_extended',
              '#n1': 'issuer_name',
              '#n2': 'card_bin',
            },
          },
        },
      },
      requests: 1,
      reason: batchReason('bins', 'card_bin, card_bin_extended'),
    } satisfies Explanation)
  })

  test('a key named inside a nested path is still read at the top level', () => {
    expect(explain`SELECT meta.user_id FROM users WHERE id IN ('u1', 'u2')`).toEqual({
      operation: 'BatchGetItem',
      tableName: 'app-users',
      input: {
        RequestItems: {
          'app-users': {
            Keys: userKeys('u1', 'u2'),
            ProjectionExpression: '#n0.#n1, #n1',
            ExpressionAttributeNames: { '#n0': 'meta', '#n1': 'user_id' },
          },
        },
      },
      requests: 1,
      reason: batchReason('users', 'user_id'),
    } satisfies Explanation)
  })

  test('IN on the sort key with a partition key equality is a BatchGetItem too', () => {
    expect(explain`FROM bins WHERE card_bin = ${x} AND card_bin_extended IN (';', '0')`).toEqual({
      operation: 'BatchGetItem',
      tableName: 'bin-lookup',
      input: {
        RequestItems: {
          'bin-lookup': {
            Keys: [
              { card_bin: { S: x }, card_bin_extended: { S: ';' } },
              { card_bin: { S: x }, card_bin_extended: { S: '0' } },
            ],
          },
        },
      },
      requests: 1,
      reason: batchReason('bins', 'card_bin, card_bin_extended'),
    } satisfies Explanation)
  })

  test('two IN lists: every pair, partition-major', () => {
    expect(
      explainText('FROM posts WHERE Id IN :ids AND ReplyDateTime IN (:t1, :t2)', {
        ids: ['a', 'b'],
        t1: '1',
        t2: '2',
      }),
    ).toEqual({
      operation: 'BatchGetItem',
      tableName: 'forum-replies',
      input: {
        RequestItems: {
          'forum-replies': {
            Keys: [
              { Id: { S: 'a' }, ReplyDateTime: { S: '1' } },
              { Id: { S: 'a' }, ReplyDateTime: { S: '2' } },
              { Id: { S: 'b' }, ReplyDateTime: { S: '1' } },
              { Id: { S: 'b' }, ReplyDateTime: { S: '2' } },
            ],
          },
        },
      },
      requests: 1,
      reason: batchReason('posts', 'Id, ReplyDateTime'),
    } satisfies Explanation)
  })

  test('IN with another condition: one Query per key, the first one shown', () => {
    expect(explain`FROM users WHERE id IN ('u1', 'u2', 'u1') AND state = 'active'`).toEqual({
      operation: 'Query',
      tableName: 'app-users',
      input: {
        TableName: 'app-users',
        KeyConditionExpression: '#n0 = :v0',
        FilterExpression: '#n1 = :v1',
        ExpressionAttributeNames: { '#n0': 'user_id', '#n1': 'status' },
        ExpressionAttributeValues: { ':v0': { S: 'u1' }, ':v1': { S: 'active' } },
      },
      requests: 2,
      reason:
        'Query on table users: user_id IN (…) is the partition key of table users; the other ' +
        'conditions need a filter, which BatchGetItem cannot apply; the IN list makes one Query ' +
        'per key, merged in list order.',
    } satisfies Explanation)
  })

  test('IN with a sort-key range: one Query per key', () => {
    expect(
      explain`FROM posts WHERE Id IN ${['b', 'a', 'b', 'c']} AND ReplyDateTime > ${t}`,
    ).toEqual({
      operation: 'Query',
      tableName: 'forum-replies',
      input: {
        TableName: 'forum-replies',
        KeyConditionExpression: '#n0 = :v0 AND #n1 > :v1',
        ExpressionAttributeNames: { '#n0': 'Id', '#n1': 'ReplyDateTime' },
        ExpressionAttributeValues: { ':v0': { S: 'b' }, ':v1': { S: t } },
      },
      requests: 3,
      reason:
        'Query on table posts: Id IN (…) is the partition key of table posts and the sort key ' +
        'ReplyDateTime narrows the range; the IN list makes one Query per key, merged in list order.',
    } satisfies Explanation)
  })

  test('IN on bins with the sort key and a filter: one Query per key', () => {
    expect(
      explain`FROM bins WHERE card_bin IN (${x}, '422222') AND card_bin_extended = ';' AND issuer = 'VISA'`,
    ).toEqual({
      operation: 'Query',
      tableName: 'bin-lookup',
      input: {
        TableName: 'bin-lookup',
        KeyConditionExpression: '#n0 = :v0 AND #n1 = :v1',
        FilterExpression: '#n2 = :v2',
        ExpressionAttributeNames: {
          '#n0': 'card_bin',
          '#n1': 'card_bin_extended',
          '#n2': 'issuer_name',
        },
        ExpressionAttributeValues: { ':v0': { S: x }, ':v1': { S: ';' }, ':v2': { S: 'VISA' } },
      },
      requests: 2,
      reason:
        'Query on table bins: card_bin IN (…) is the partition key of table bins and the sort ' +
        'key card_bin_extended narrows the range; the other conditions need a filter, which ' +
        'BatchGetItem cannot apply; the IN list makes one Query per key, merged in list order.',
    } satisfies Explanation)
  })

  test('COUNT(*) over an IN list: one counting Query per key', () => {
    expect(explain`SELECT COUNT(*) FROM users WHERE id IN ('u1', 'u2', 'u1')`).toEqual({
      operation: 'Query',
      tableName: 'app-users',
      input: {
        TableName: 'app-users',
        KeyConditionExpression: '#n0 = :v0',
        ExpressionAttributeNames: { '#n0': 'user_id' },
        ExpressionAttributeValues: { ':v0': { S: 'u1' } },
        Select: 'COUNT',
      },
      requests: 2,
      reason:
        'Query on table users: user_id IN (…) is the partition key of table users; COUNT(*) ' +
        'counts with a Query; the IN list makes one Query per key, merged in list order.',
    } satisfies Explanation)
  })
})

describe('SCAN: never refused', () => {
  test('the whole table', () => {
    expect(explain`SCAN FROM posts`).toEqual({
      operation: 'Scan',
      tableName: 'forum-replies',
      input: { TableName: 'forum-replies' },
      requests: 1,
      reason: 'SCAN reads every item of posts, as the statement asks.',
    } satisfies Explanation)
  })

  test('a filter on the keys is allowed, with a hint that a Query would read less', () => {
    expect(explain`SCAN FROM posts WHERE Id = ${thread} AND ReplyDateTime > ${t}`).toEqual({
      operation: 'Scan',
      tableName: 'forum-replies',
      input: {
        TableName: 'forum-replies',
        FilterExpression: '#n0 = :v0 AND #n1 > :v1',
        ExpressionAttributeNames: { '#n0': 'Id', '#n1': 'ReplyDateTime' },
        ExpressionAttributeValues: { ':v0': { S: thread }, ':v1': { S: t } },
      },
      requests: 1,
      reason:
        "SCAN reads every item of posts and filters them, as the statement asks. A Query would read less: the table's partition key has an equality; drop SCAN to use it.",
    } satisfies Explanation)
  })

  test('an index, a projection, and LIMIT with a filter (so no Limit)', () => {
    expect(
      explain`SCAN Subject, author FROM posts USE INDEX (byAuthor) WHERE Author = ${'Alice'} LIMIT 5`,
    ).toEqual({
      operation: 'Scan',
      tableName: 'forum-replies',
      indexName: 'Author-PostedAt-index',
      input: {
        TableName: 'forum-replies',
        IndexName: 'Author-PostedAt-index',
        FilterExpression: '#n0 = :v0',
        ProjectionExpression: '#n1, #n0',
        ExpressionAttributeNames: { '#n0': 'Author', '#n1': 'Subject' },
        ExpressionAttributeValues: { ':v0': { S: 'Alice' } },
      },
      requests: 1,
      reason:
        'SCAN reads every item of index byAuthor of posts and filters them, as the statement asks. A Query would read less: index byAuthor has an equality; drop SCAN to use it.',
    } satisfies Explanation)
  })

  test('COUNT(*) with a filter that has no values', () => {
    expect(explain`SCAN COUNT(*) FROM users WHERE attribute_exists(email)`).toEqual({
      operation: 'Scan',
      tableName: 'app-users',
      input: {
        TableName: 'app-users',
        FilterExpression: 'attribute_exists(#n0)',
        ExpressionAttributeNames: { '#n0': 'email' },
        Select: 'COUNT',
      },
      requests: 1,
      reason: 'SCAN reads every item of users and filters them, as the statement asks.',
    } satisfies Explanation)
  })

  test('LIMIT without a filter, CONSISTENT', () => {
    expect(explain`SCAN FROM users LIMIT 25 CONSISTENT`).toEqual({
      operation: 'Scan',
      tableName: 'app-users',
      input: { TableName: 'app-users', Limit: 25, ConsistentRead: true },
      requests: 1,
      reason: 'SCAN reads every item of users, as the statement asks.',
    } satisfies Explanation)
  })

  test('a local index, consistently', () => {
    expect(explain`SCAN orderId, createdAt FROM orders USE INDEX (byCreated) CONSISTENT`).toEqual({
      operation: 'Scan',
      tableName: 'orders',
      indexName: 'byCreated',
      input: {
        TableName: 'orders',
        IndexName: 'byCreated',
        ProjectionExpression: '#n0, #n1',
        ExpressionAttributeNames: { '#n0': 'orderId', '#n1': 'createdAt' },
        ConsistentRead: true,
      },
      requests: 1,
      reason: 'SCAN reads every item of index byCreated of orders, as the statement asks.',
    } satisfies Explanation)
  })
})

describe('SCAN … SEGMENTS n: a parallel Scan', () => {
  test('EXPLAIN shows the segments, the first segment’s input and one request per segment', () => {
    expect(explain`SCAN FROM posts WHERE Author = ${'Alice'} LIMIT 10 SEGMENTS 4`).toEqual({
      operation: 'Scan',
      tableName: 'forum-replies',
      input: {
        TableName: 'forum-replies',
        FilterExpression: '#n0 = :v0',
        ExpressionAttributeNames: { '#n0': 'Author' },
        ExpressionAttributeValues: { ':v0': { S: 'Alice' } },
        Segment: 0,
        TotalSegments: 4,
      },
      requests: 4,
      segments: 4,
      reason:
        'SCAN reads every item of posts and filters them, as the statement asks, in 4 ' +
        'segments read in parallel (items in no defined order). A Query would read less: ' +
        'index byAuthor has an equality; drop SCAN to use it.',
    } satisfies Explanation)
  })

  test('an index, COUNT(*), LIMIT without a filter, CONSISTENT, one segment', () => {
    expect(
      explainText(
        'EXPLAIN SCAN COUNT(*) FROM orders USE INDEX (byCreated) LIMIT 5 CONSISTENT SEGMENTS 1',
      ),
    ).toEqual({
      operation: 'Scan',
      tableName: 'orders',
      indexName: 'byCreated',
      input: {
        TableName: 'orders',
        IndexName: 'byCreated',
        Select: 'COUNT',
        Limit: 5,
        ConsistentRead: true,
        Segment: 0,
        TotalSegments: 1,
      },
      requests: 1,
      segments: 1,
      reason:
        'SCAN reads every item of index byCreated of orders, as the statement asks, in 1 ' +
        'segment.',
    } satisfies Explanation)
  })

  test('a plain SCAN has no segments', () => {
    expect(explain`SCAN FROM users`).not.toHaveProperty('segments')
  })
})
