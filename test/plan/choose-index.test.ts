import { describe, expect, test } from 'vitest'
import type { Explanation } from '../../src/compile/explain.js'
import { defineTable } from '../../src/schema/define-table.js'
import { failure } from '../parse/helpers.js'
import { checked, database, explain } from './fixtures.js'

const thread = 'Amazon DynamoDB#DynamoDB Thread 1'

describe('index choice: the ranking of docs/planner.md', () => {
  test('Id = x AND PostedBy = y uses the local index on PostedBy, not the table plus a filter', () => {
    const expected: Explanation = {
      operation: 'Query',
      tableName: 'forum-replies',
      indexName: 'PostedBy-index',
      input: {
        TableName: 'forum-replies',
        IndexName: 'PostedBy-index',
        KeyConditionExpression: '#n0 = :v0 AND #n1 = :v1',
        ExpressionAttributeNames: { '#n0': 'Id', '#n1': 'PostedBy' },
        ExpressionAttributeValues: { ':v0': { S: thread }, ':v1': { S: 'User A' } },
      },
      requests: 1,
      reason:
        'Query on index byPoster: Id = … is the partition key of index byPoster and the sort ' +
        "key PostedBy narrows the range, which the table's own key cannot do.",
    }
    expect(explain`FROM posts WHERE Id = ${thread} AND PostedBy = ${'User A'}`).toEqual(expected)
    expect(explain`FROM posts WHERE postedBy = ${'User A'} AND id = ${thread}`).toEqual(expected)
  })

  test('a global index when only its partition key has an equality', () => {
    expect(explain`FROM posts WHERE author = ${'Alice'}`).toEqual({
      operation: 'Query',
      tableName: 'forum-replies',
      indexName: 'Author-PostedAt-index',
      input: {
        TableName: 'forum-replies',
        IndexName: 'Author-PostedAt-index',
        KeyConditionExpression: '#n0 = :v0',
        ExpressionAttributeNames: { '#n0': 'Author' },
        ExpressionAttributeValues: { ':v0': { S: 'Alice' } },
      },
      requests: 1,
      reason:
        "Query on index byAuthor: Author = … is the partition key of index byAuthor, and the table's own partition key is not given.",
    } satisfies Explanation)
  })

  test('a global index with a sort-key range, newest first, limited', () => {
    expect(
      explain`FROM posts WHERE Author = ${'Alice'} AND PostedAt > ${'2024-01-01'} ORDER BY postedAt DESC LIMIT 20`,
    ).toEqual({
      operation: 'Query',
      tableName: 'forum-replies',
      indexName: 'Author-PostedAt-index',
      input: {
        TableName: 'forum-replies',
        IndexName: 'Author-PostedAt-index',
        KeyConditionExpression: '#n0 = :v0 AND #n1 > :v1',
        ExpressionAttributeNames: { '#n0': 'Author', '#n1': 'PostedAt' },
        ExpressionAttributeValues: { ':v0': { S: 'Alice' }, ':v1': { S: '2024-01-01' } },
        ScanIndexForward: false,
        Limit: 20,
      },
      requests: 1,
      reason:
        'Query on index byAuthor: Author = … is the partition key of index byAuthor and the sort ' +
        "key PostedAt narrows the range, which the table's own key cannot do.",
    } satisfies Explanation)
  })

  test('the table before an index when neither has its sort key constrained', () => {
    expect(explain`FROM posts WHERE Author = ${'Alice'} AND Id = ${thread}`).toEqual({
      operation: 'Query',
      tableName: 'forum-replies',
      input: {
        TableName: 'forum-replies',
        KeyConditionExpression: '#n0 = :v0',
        FilterExpression: '#n1 = :v1',
        ExpressionAttributeNames: { '#n0': 'Id', '#n1': 'Author' },
        ExpressionAttributeValues: { ':v0': { S: thread }, ':v1': { S: 'Alice' } },
      },
      requests: 1,
      reason:
        'Query on table posts: Id = … is the partition key of table posts; the other conditions become a filter.',
    } satisfies Explanation)
  })

  test('the table before an index when both have their sort key constrained', () => {
    expect(
      explain`FROM posts WHERE Id = ${thread} AND PostedBy = ${'User A'} AND ReplyDateTime > ${'2015'}`,
    ).toEqual({
      operation: 'Query',
      tableName: 'forum-replies',
      input: {
        TableName: 'forum-replies',
        KeyConditionExpression: '#n0 = :v0 AND #n1 > :v1',
        FilterExpression: '#n2 = :v2',
        ExpressionAttributeNames: { '#n0': 'Id', '#n1': 'ReplyDateTime', '#n2': 'PostedBy' },
        ExpressionAttributeValues: {
          ':v0': { S: thread },
          ':v1': { S: '2015' },
          ':v2': { S: 'User A' },
        },
      },
      requests: 1,
      reason:
        'Query on table posts: Id = … is the partition key of table posts and the sort key ' +
        'ReplyDateTime narrows the range; the other conditions become a filter.',
    } satisfies Explanation)
  })

  test('a global index whose sort key is constrained beats the table with its partition key', () => {
    expect(
      explain`FROM posts WHERE Id = ${thread} AND Author = ${'Alice'} AND PostedAt > ${'2024'}`,
    ).toEqual({
      operation: 'Query',
      tableName: 'forum-replies',
      indexName: 'Author-PostedAt-index',
      input: {
        TableName: 'forum-replies',
        IndexName: 'Author-PostedAt-index',
        KeyConditionExpression: '#n0 = :v0 AND #n1 > :v1',
        FilterExpression: '#n2 = :v2',
        ExpressionAttributeNames: { '#n0': 'Author', '#n1': 'PostedAt', '#n2': 'Id' },
        ExpressionAttributeValues: {
          ':v0': { S: 'Alice' },
          ':v1': { S: '2024' },
          ':v2': { S: thread },
        },
      },
      requests: 1,
      reason:
        'Query on index byAuthor: Author = … is the partition key of index byAuthor and the sort ' +
        "key PostedAt narrows the range, which the table's own key cannot do; the other conditions become a filter.",
    } satisfies Explanation)
  })

  test('CONSISTENT passes over a global index while the table can serve', () => {
    expect(
      explain`FROM posts WHERE Id = ${thread} AND Author = ${'Alice'} AND PostedAt > ${'2024'} CONSISTENT`,
    ).toEqual({
      operation: 'Query',
      tableName: 'forum-replies',
      input: {
        TableName: 'forum-replies',
        KeyConditionExpression: '#n0 = :v0',
        FilterExpression: '#n1 = :v1 AND #n2 > :v2',
        ExpressionAttributeNames: { '#n0': 'Id', '#n1': 'Author', '#n2': 'PostedAt' },
        ExpressionAttributeValues: {
          ':v0': { S: thread },
          ':v1': { S: 'Alice' },
          ':v2': { S: '2024' },
        },
        ConsistentRead: true,
      },
      requests: 1,
      reason:
        'Query on table posts: Id = … is the partition key of table posts; the other conditions become a filter.',
    } satisfies Explanation)
  })

  test('ORDER BY picks the index whose sort key it names', () => {
    expect(explain`FROM posts WHERE Id = ${thread} ORDER BY PostedBy DESC`).toEqual({
      operation: 'Query',
      tableName: 'forum-replies',
      indexName: 'PostedBy-index',
      input: {
        TableName: 'forum-replies',
        IndexName: 'PostedBy-index',
        KeyConditionExpression: '#n0 = :v0',
        ExpressionAttributeNames: { '#n0': 'Id' },
        ExpressionAttributeValues: { ':v0': { S: thread } },
        ScanIndexForward: false,
      },
      requests: 1,
      reason:
        'Query on index byPoster: Id = … is the partition key of index byPoster, whose sort key ' +
        'PostedBy gives the ORDER BY order.',
    } satisfies Explanation)
  })

  test('USE INDEX overrides the choice, by statement name or DynamoDB name', () => {
    const expected: Explanation = {
      operation: 'Query',
      tableName: 'forum-replies',
      indexName: 'PostedBy-index',
      input: {
        TableName: 'forum-replies',
        IndexName: 'PostedBy-index',
        KeyConditionExpression: '#n0 = :v0',
        ExpressionAttributeNames: { '#n0': 'Id' },
        ExpressionAttributeValues: { ':v0': { S: thread } },
        ConsistentRead: true,
      },
      requests: 1,
      reason:
        'Query on index byPoster: Id = … is the partition key of index byPoster, as USE INDEX asks.',
    }
    expect(explain`FROM posts USE INDEX (byPoster) WHERE Id = ${thread} CONSISTENT`).toEqual(
      expected,
    )
    expect(
      explain`FROM posts USE INDEX (\`PostedBy-index\`) WHERE Id = ${thread} CONSISTENT`,
    ).toEqual(expected)
  })

  test('USE INDEX of a global index when the table has its full key', () => {
    expect(
      explain`FROM posts USE INDEX (byAuthor) WHERE Author = ${'Alice'} AND Id = ${thread} AND ReplyDateTime = ${'2015'}`,
    ).toEqual({
      operation: 'Query',
      tableName: 'forum-replies',
      indexName: 'Author-PostedAt-index',
      input: {
        TableName: 'forum-replies',
        IndexName: 'Author-PostedAt-index',
        KeyConditionExpression: '#n0 = :v0',
        FilterExpression: '#n1 = :v1 AND #n2 = :v2',
        ExpressionAttributeNames: { '#n0': 'Author', '#n1': 'Id', '#n2': 'ReplyDateTime' },
        ExpressionAttributeValues: {
          ':v0': { S: 'Alice' },
          ':v1': { S: thread },
          ':v2': { S: '2015' },
        },
      },
      requests: 1,
      reason:
        'Query on index byAuthor: Author = … is the partition key of index byAuthor, as USE INDEX asks; the other conditions become a filter.',
    } satisfies Explanation)
  })

  test('projection coverage steers the choice: INCLUDE covers `total`, KEYS_ONLY does not', () => {
    expect(explain`SELECT orderId, total FROM orders WHERE status = ${'open'}`).toEqual({
      operation: 'Query',
      tableName: 'orders',
      indexName: 'status-totals',
      input: {
        TableName: 'orders',
        IndexName: 'status-totals',
        KeyConditionExpression: '#n0 = :v0',
        ProjectionExpression: '#n1, #n2',
        ExpressionAttributeNames: { '#n0': 'status', '#n1': 'orderId', '#n2': 'total' },
        ExpressionAttributeValues: { ':v0': { S: 'open' } },
      },
      requests: 1,
      reason:
        "Query on index byStatusTotals: status = … is the partition key of index byStatusTotals, and the table's own partition key is not given.",
    } satisfies Explanation)
  })

  test('coverage counts the filter too', () => {
    expect(
      explain`SELECT COUNT(*) FROM orders WHERE status = ${'open'} AND currency = ${'EUR'}`,
    ).toEqual({
      operation: 'Query',
      tableName: 'orders',
      indexName: 'status-totals',
      input: {
        TableName: 'orders',
        IndexName: 'status-totals',
        KeyConditionExpression: '#n0 = :v0',
        FilterExpression: '#n1 = :v1',
        ExpressionAttributeNames: { '#n0': 'status', '#n1': 'currency' },
        ExpressionAttributeValues: { ':v0': { S: 'open' }, ':v1': { S: 'EUR' } },
        Select: 'COUNT',
      },
      requests: 1,
      reason:
        "Query on index byStatusTotals: status = … is the partition key of index byStatusTotals, and the table's own partition key is not given; the other conditions become a filter.",
    } satisfies Explanation)
  })

  test('when both cover, the tie goes to the index name in code-point order, not declaration order', () => {
    expect(
      explain`SELECT customerId, orderId FROM orders WHERE status = ${'open'} AND createdAt >= ${'2024'}`,
    ).toEqual({
      operation: 'Query',
      tableName: 'orders',
      indexName: 'byStatus',
      input: {
        TableName: 'orders',
        IndexName: 'byStatus',
        KeyConditionExpression: '#n0 = :v0 AND #n1 >= :v1',
        ProjectionExpression: '#n2, #n3',
        ExpressionAttributeNames: {
          '#n0': 'status',
          '#n1': 'createdAt',
          '#n2': 'customerId',
          '#n3': 'orderId',
        },
        ExpressionAttributeValues: { ':v0': { S: 'open' }, ':v1': { S: '2024' } },
      },
      requests: 1,
      reason:
        'Query on index byStatus: status = … is the partition key of index byStatus and the sort ' +
        "key createdAt narrows the range, which the table's own key cannot do.",
    } satisfies Explanation)
  })

  test('a KEYS_ONLY local index serves a read of keys only', () => {
    expect(
      explain`SELECT orderId, createdAt FROM orders WHERE customerId = ${'c1'} AND createdAt BETWEEN ${'2024-01'} AND ${'2024-02'}`,
    ).toEqual({
      operation: 'Query',
      tableName: 'orders',
      indexName: 'byCreated',
      input: {
        TableName: 'orders',
        IndexName: 'byCreated',
        KeyConditionExpression: '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2',
        ProjectionExpression: '#n2, #n1',
        ExpressionAttributeNames: { '#n0': 'customerId', '#n1': 'createdAt', '#n2': 'orderId' },
        ExpressionAttributeValues: {
          ':v0': { S: 'c1' },
          ':v1': { S: '2024-01' },
          ':v2': { S: '2024-02' },
        },
      },
      requests: 1,
      reason:
        'Query on index byCreated: customerId = … is the partition key of index byCreated and the ' +
        "sort key createdAt narrows the range, which the table's own key cannot do.",
    } satisfies Explanation)
  })

  test('an IN list on an index sort key: one Query per value', () => {
    expect(explain`FROM posts WHERE Id = ${thread} AND PostedBy IN ('User A', 'User B')`).toEqual({
      operation: 'Query',
      tableName: 'forum-replies',
      indexName: 'PostedBy-index',
      input: {
        TableName: 'forum-replies',
        IndexName: 'PostedBy-index',
        KeyConditionExpression: '#n0 = :v0 AND #n1 = :v1',
        ExpressionAttributeNames: { '#n0': 'Id', '#n1': 'PostedBy' },
        ExpressionAttributeValues: { ':v0': { S: thread }, ':v1': { S: 'User A' } },
      },
      requests: 2,
      reason:
        'Query on index byPoster: Id = … is the partition key of index byPoster and the sort key ' +
        "PostedBy narrows the range, which the table's own key cannot do; the IN list makes one " +
        'Query per key, merged in list order.',
    } satisfies Explanation)
  })
})

/**
 * The documented tie-break (top of src/plan/choose-index.ts), rules 4–6, on a table built for
 * it: index names are chosen so that name order alone would pick the other index.
 */
describe('the tie-break between indexes', () => {
  const events = defineTable({
    name: 'events',
    partitionKey: 'tenant',
    sortKey: 'eventId',
    indexes: {
      allByDay: { type: 'global', partitionKey: 'tenant', sortKey: 'day' },
      byDay: { type: 'local', sortKey: 'day' },
      byKind: { type: 'global', partitionKey: 'kind' },
      bySource: { type: 'global', partitionKey: 'source' },
    },
  })
  const db = database([events])

  test('an equality before an IN list (one Query, not one per key)', () => {
    expect(checked(db.explain`FROM events WHERE kind IN ('a', 'b') AND source = ${'web'}`)).toEqual(
      {
        operation: 'Query',
        tableName: 'events',
        indexName: 'bySource',
        input: {
          TableName: 'events',
          IndexName: 'bySource',
          KeyConditionExpression: '#n0 = :v0',
          FilterExpression: '#n1 IN (:v1, :v2)',
          ExpressionAttributeNames: { '#n0': 'source', '#n1': 'kind' },
          ExpressionAttributeValues: { ':v0': { S: 'web' }, ':v1': { S: 'a' }, ':v2': { S: 'b' } },
        },
        requests: 1,
        reason:
          "Query on index bySource: source = … is the partition key of index bySource, and the table's own partition key is not given; the other conditions become a filter.",
      } satisfies Explanation,
    )
  })

  test('a local index before a global one', () => {
    expect(
      checked(db.explain`FROM events WHERE tenant = ${'t1'} AND day = ${'2024-05-01'}`),
    ).toEqual({
      operation: 'Query',
      tableName: 'events',
      indexName: 'byDay',
      input: {
        TableName: 'events',
        IndexName: 'byDay',
        KeyConditionExpression: '#n0 = :v0 AND #n1 = :v1',
        ExpressionAttributeNames: { '#n0': 'tenant', '#n1': 'day' },
        ExpressionAttributeValues: { ':v0': { S: 't1' }, ':v1': { S: '2024-05-01' } },
      },
      requests: 1,
      reason:
        'Query on index byDay: tenant = … is the partition key of index byDay and the sort key ' +
        "day narrows the range, which the table's own key cannot do.",
    } satisfies Explanation)
  })
})

describe('an index that does not project what the statement reads is passed over', () => {
  test('a constrained sort key on a KEYS_ONLY local index does not win over the table', () => {
    // byCreated (KEYS_ONLY) has createdAt as its sort key, but `total` is not in it: the
    // table serves, with createdAt in the filter.
    expect(
      explain`SELECT total FROM orders WHERE customerId = ${'c1'} AND createdAt > ${'2026-01'}`,
    ).toEqual({
      operation: 'Query',
      tableName: 'orders',
      input: {
        TableName: 'orders',
        KeyConditionExpression: '#n0 = :v0',
        FilterExpression: '#n1 > :v1',
        ProjectionExpression: '#n2',
        ExpressionAttributeNames: { '#n0': 'customerId', '#n1': 'createdAt', '#n2': 'total' },
        ExpressionAttributeValues: { ':v0': { S: 'c1' }, ':v1': { S: '2026-01' } },
      },
      requests: 1,
      reason:
        'Query on table orders: customerId = … is the partition key of table orders; the other conditions become a filter.',
    } satisfies Explanation)
  })

  test('when it projects what is read, the constrained sort key still wins', () => {
    expect(
      checked(
        explain`SELECT orderId FROM orders WHERE customerId = ${'c1'} AND createdAt > ${'2026-01'}`,
      ).indexName,
    ).toBe('byCreated')
  })
})

describe('a parenthesised AND at the top level is part of the top-level AND', () => {
  test('(key AND key) AND filter finds the full key', () => {
    expect(
      explain`FROM posts WHERE (Id = ${'t'} AND ReplyDateTime = ${'r'}) AND Subject = ${'s'}`,
    ).toEqual(explain`FROM posts WHERE Id = ${'t'} AND ReplyDateTime = ${'r'} AND Subject = ${'s'}`)
    expect(
      checked(explain`FROM posts WHERE ((Id = ${'t'}) AND (ReplyDateTime = ${'r'}))`).operation,
    ).toBe('GetItem')
  })
})

describe('an IN list of one written value is an equality', () => {
  test('the full key with IN (v) is a GetItem', () => {
    expect(explain`FROM posts WHERE Id IN (${'t'}) AND ReplyDateTime = ${'r'}`).toEqual(
      explain`FROM posts WHERE Id = ${'t'} AND ReplyDateTime = ${'r'}`,
    )
    expect(
      checked(explain`FROM posts WHERE Id IN ('t') AND ReplyDateTime IN ('r')`).operation,
    ).toBe('GetItem')
  })
})

describe('a sparse index is read only when it holds every matching item', () => {
  // Tickets: a global index on assignee and due date, where a ticket may have neither.
  const tickets = defineTable({
    name: 'tickets',
    partitionKey: 'ticketId',
    indexes: { byAssignee: { type: 'global', partitionKey: 'assignee', sortKey: 'due' } },
  })
  const db = database([tickets])
  const onIndex = (input: Record<string, unknown>, reason: string): Explanation => ({
    operation: 'Query',
    tableName: 'tickets',
    indexName: 'byAssignee',
    input: { TableName: 'tickets', IndexName: 'byAssignee', ...input },
    requests: 1,
    reason,
  })
  const reason =
    "Query on index byAssignee: assignee = … is the partition key of index byAssignee, and the table's own partition key is not given."

  test('the index key the statement does not require: refused, with the ways out', () => {
    const text = 'FROM tickets WHERE assignee = :who'
    const { code, line, column, error } = failure(() => db.prepare(text).explain({ who: 'ann' }))
    expect({ code, line, column, reason: error.reason }).toEqual({
      code: 'plan.sparse-index',
      line: 1,
      column: text.indexOf('assignee') + 1,
      reason:
        'Index byAssignee holds only the items that have `due`, and this statement does not ' +
        'require it, so a Query on the index would miss the others. Add a condition on due to ' +
        'the top-level AND (such as due = …, a range, or attribute_exists(due)), write USE INDEX ' +
        '(byAssignee) to read only the items the index holds, or write SCAN.',
    })
  })

  test('<>, OR and NOT do not require the attribute', () => {
    for (const text of [
      "FROM tickets WHERE assignee = 'ann' AND due <> '2026-01-01'",
      "FROM tickets WHERE assignee = 'ann' AND (due > '2026' OR due < '2025')",
      "FROM tickets WHERE assignee = 'ann' AND NOT due < '2026'",
    ]) {
      expect(failure(() => db.prepare(text).explain()).code).toBe('plan.sparse-index')
    }
  })

  test('a condition on the index key that needs it makes the index serve', () => {
    expect(
      checked(db.explain`FROM tickets WHERE assignee = ${'ann'} AND due < ${'2026-02-01'}`),
    ).toEqual(
      onIndex(
        {
          KeyConditionExpression: '#n0 = :v0 AND #n1 < :v1',
          ExpressionAttributeNames: { '#n0': 'assignee', '#n1': 'due' },
          ExpressionAttributeValues: { ':v0': { S: 'ann' }, ':v1': { S: '2026-02-01' } },
        },
        'Query on index byAssignee: assignee = … is the partition key of index byAssignee and ' +
          "the sort key due narrows the range, which the table's own key cannot do.",
      ),
    )
  })

  test('attribute_exists of the index key needs no filter: the index holds only such items', () => {
    expect(
      checked(db.explain`FROM tickets WHERE assignee = ${'ann'} AND attribute_exists(due)`),
    ).toEqual(
      onIndex(
        {
          KeyConditionExpression: '#n0 = :v0',
          ExpressionAttributeNames: { '#n0': 'assignee' },
          ExpressionAttributeValues: { ':v0': { S: 'ann' } },
        },
        reason,
      ),
    )
  })

  test('ORDER BY the index key reads the items that have it, in its order', () => {
    expect(checked(db.explain`FROM tickets WHERE assignee = ${'ann'} ORDER BY due DESC`)).toEqual(
      onIndex(
        {
          KeyConditionExpression: '#n0 = :v0',
          ExpressionAttributeNames: { '#n0': 'assignee' },
          ExpressionAttributeValues: { ':v0': { S: 'ann' } },
          ScanIndexForward: false,
        },
        reason,
      ),
    )
  })

  test('USE INDEX reads the items the index holds, as written', () => {
    expect(
      checked(db.explain`FROM tickets USE INDEX (byAssignee) WHERE assignee = ${'ann'}`),
    ).toEqual(
      onIndex(
        {
          KeyConditionExpression: '#n0 = :v0',
          ExpressionAttributeNames: { '#n0': 'assignee' },
          ExpressionAttributeValues: { ':v0': { S: 'ann' } },
        },
        'Query on index byAssignee: assignee = … is the partition key of index byAssignee, as USE INDEX asks.',
      ),
    )
  })

  test('sparse: false declares that every item has the keys: the index serves', () => {
    const dense = defineTable({
      name: 'tickets',
      partitionKey: 'ticketId',
      indexes: {
        byAssignee: { type: 'global', partitionKey: 'assignee', sortKey: 'due', sparse: false },
      },
    })
    expect(checked(database([dense]).explain`FROM tickets WHERE assignee = ${'ann'}`)).toEqual(
      onIndex(
        {
          KeyConditionExpression: '#n0 = :v0',
          ExpressionAttributeNames: { '#n0': 'assignee' },
          ExpressionAttributeValues: { ':v0': { S: 'ann' } },
        },
        reason,
      ),
    )
  })

  test('an index key that is a key of the table is in every item', () => {
    const byDue = defineTable({
      name: 'tickets',
      partitionKey: 'ticketId',
      indexes: { byDue: { type: 'global', partitionKey: 'due', sortKey: 'ticketId' } },
    })
    expect(checked(database([byDue]).explain`FROM tickets WHERE due = ${'2026-01-01'}`)).toEqual({
      operation: 'Query',
      tableName: 'tickets',
      indexName: 'byDue',
      input: {
        TableName: 'tickets',
        IndexName: 'byDue',
        KeyConditionExpression: '#n0 = :v0',
        ExpressionAttributeNames: { '#n0': 'due' },
        ExpressionAttributeValues: { ':v0': { S: '2026-01-01' } },
      },
      requests: 1,
      reason:
        "Query on index byDue: due = … is the partition key of index byDue, and the table's own partition key is not given.",
    } satisfies Explanation)
  })
})
