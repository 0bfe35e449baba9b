import { describe, expect, test } from 'vitest'
import type { Explanation } from '../../src/compile/explain.js'
import { assertPlaceholders, explain, explainText } from '../plan/fixtures.js'

const thread = 'Amazon DynamoDB#DynamoDB Thread 1'
const onPosts =
  'Query on table posts: Id = … is the partition key of table posts; the other conditions become a filter.'

/** A Query on posts by `Id = thread` with this filter, names and values after the key's. */
function postsFilter(
  filter: string,
  names: Record<string, string>,
  values: Record<string, unknown>,
): Explanation {
  return {
    operation: 'Query',
    tableName: 'forum-replies',
    input: {
      TableName: 'forum-replies',
      KeyConditionExpression: '#n0 = :v0',
      FilterExpression: filter,
      ExpressionAttributeNames: { '#n0': 'Id', ...names },
      ExpressionAttributeValues: { ':v0': { S: thread }, ...values },
    },
    requests: 1,
    reason: onPosts,
  }
}

describe('projections', () => {
  test('nested paths and list indexes; a field name maps only the first segment', () => {
    expect(
      explain`SELECT Message, Tags[0], meta.editor.name, a.b[2], replies[2].author, body FROM posts WHERE Id = ${thread}`,
    ).toEqual({
      operation: 'Query',
      tableName: 'forum-replies',
      input: {
        TableName: 'forum-replies',
        KeyConditionExpression: '#n0 = :v0',
        // `body` is the field of Message: the same path, projected once.
        ProjectionExpression: '#n1, #n2[0], #n3.#n4.#n5, #n6.#n7[2], #n8[2].#n9',
        ExpressionAttributeNames: {
          '#n0': 'Id',
          '#n1': 'Message',
          '#n2': 'Tags',
          '#n3': 'meta',
          '#n4': 'editor',
          '#n5': 'name',
          '#n6': 'a',
          '#n7': 'b',
          '#n8': 'replies',
          '#n9': 'author',
        },
        ExpressionAttributeValues: { ':v0': { S: thread } },
      },
      requests: 1,
      reason: 'Query on table posts: Id = … is the partition key of table posts.',
    } satisfies Explanation)
  })

  test('reserved words are names like any other, always behind placeholders', () => {
    expect(explain`SELECT name, status, year, size FROM users WHERE id = ${'u1'}`).toEqual({
      operation: 'GetItem',
      tableName: 'app-users',
      input: {
        TableName: 'app-users',
        Key: { user_id: { S: 'u1' } },
        ProjectionExpression: '#n0, #n1, #n2, #n3',
        ExpressionAttributeNames: { '#n0': 'name', '#n1': 'status', '#n2': 'year', '#n3': 'size' },
      },
      requests: 1,
      reason:
        'The WHERE clause gives the full primary key of users (user_id) and nothing else, so ' +
        'one GetItem reads the item.',
    } satisfies Explanation)
  })
})

describe('filters', () => {
  test('reserved words in a filter, and size both as a function and as a name', () => {
    expect(
      explain`FROM users WHERE id = ${'u1'} AND status = 'active' AND year > 2020 AND size(name) > 3 AND size >= 1`,
    ).toEqual({
      operation: 'Query',
      tableName: 'app-users',
      input: {
        TableName: 'app-users',
        KeyConditionExpression: '#n0 = :v0',
        FilterExpression: '#n1 = :v1 AND #n2 > :v2 AND size(#n3) > :v3 AND #n4 >= :v4',
        ExpressionAttributeNames: {
          '#n0': 'user_id',
          '#n1': 'status',
          '#n2': 'year',
          '#n3': 'name',
          '#n4': 'size',
        },
        ExpressionAttributeValues: {
          ':v0': { S: 'u1' },
          ':v1': { S: 'active' },
          ':v2': { N: '2020' },
          ':v3': { N: '3' },
          ':v4': { N: '1' },
        },
      },
      requests: 1,
      reason:
        'Query on table users: user_id = … is the partition key of table users; the other ' +
        'conditions need a filter, which GetItem cannot apply.',
    } satisfies Explanation)
  })

  test('AND, OR and NOT nested, parenthesised where DynamoDB needs it', () => {
    expect(
      explain`FROM posts WHERE Id = ${thread} AND (PostedBy = 'User A' OR NOT (Views > 10 AND attribute_exists(Tags))) AND NOT contains(body, 'spam')`,
    ).toEqual(
      postsFilter(
        '(#n1 = :v1 OR NOT (#n2 > :v2 AND attribute_exists(#n3))) AND NOT contains(#n4, :v3)',
        { '#n1': 'PostedBy', '#n2': 'Views', '#n3': 'Tags', '#n4': 'Message' },
        { ':v1': { S: 'User A' }, ':v2': { N: '10' }, ':v3': { S: 'spam' } },
      ),
    )
  })

  test('a NOT of a NOT keeps its parentheses: DynamoDB takes NOT NOT, dynalite does not', () => {
    const doubled = postsFilter(
      'NOT (NOT #n1 > :v1) AND NOT (NOT (NOT attribute_exists(#n2)))',
      { '#n1': 'Views', '#n2': 'Tags' },
      { ':v1': { N: '10' } },
    )
    expect(
      explain`FROM posts WHERE Id = ${thread} AND NOT NOT Views > 10 AND NOT NOT NOT attribute_exists(Tags)`,
    ).toEqual(doubled)
    expect(
      explain`FROM posts WHERE Id = ${thread} AND NOT (NOT (Views > 10)) AND NOT (NOT (NOT (attribute_exists(Tags))))`,
    ).toEqual(doubled)
  })

  test('AND binds tighter than OR', () => {
    expect(
      explain`FROM posts WHERE Id = ${thread} AND (Views = 1 OR Replies = 2 AND Locked = false)`,
    ).toEqual(
      postsFilter(
        '#n1 = :v1 OR (#n2 = :v2 AND #n3 = :v3)',
        { '#n1': 'Views', '#n2': 'Replies', '#n3': 'Locked' },
        { ':v1': { N: '1' }, ':v2': { N: '2' }, ':v3': { BOOL: false } },
      ),
    )
  })

  test('IN lists: written, from an array hole (one placeholder per item, after the rest), NOT IN', () => {
    expect(
      explain`FROM posts WHERE Id = ${thread} AND Subject IN ('a', ${'b'}, 'c') AND Tag IN ${['x', 'y', 'z']} AND Views > ${5} AND PostedBy NOT IN ('bot')`,
    ).toEqual(
      postsFilter(
        '#n1 IN (:v1, :v2, :v3) AND #n2 IN (:v6, :v7, :v8) AND #n3 > :v4 AND NOT #n4 IN (:v5)',
        { '#n1': 'Subject', '#n2': 'Tag', '#n3': 'Views', '#n4': 'PostedBy' },
        {
          ':v1': { S: 'a' },
          ':v2': { S: 'b' },
          ':v3': { S: 'c' },
          ':v4': { N: '5' },
          ':v5': { S: 'bot' },
          ':v6': { S: 'x' },
          ':v7': { S: 'y' },
          ':v8': { S: 'z' },
        },
      ),
    )
  })

  test('IN :param with an array, and with a Set', () => {
    const expected = postsFilter(
      '#n1 IN (:v1, :v2)',
      { '#n1': 'Subject' },
      { ':v1': { S: 'a' }, ':v2': { S: 'b' } },
    )
    expect(
      explainText('FROM posts WHERE Id = :id AND Subject IN :subjects', {
        id: thread,
        subjects: ['a', 'b'],
      }),
    ).toEqual(expected)
    expect(explain`FROM posts WHERE Id = ${thread} AND Subject IN ${new Set(['a', 'b'])}`).toEqual(
      expected,
    )
  })

  test('every function', () => {
    expect(
      explain`FROM posts WHERE Id = ${thread} AND begins_with(Subject, 'Re:') AND contains(Tags, ${'aws'}) AND attribute_not_exists(DeletedAt) AND attribute_type(Views, 'N') AND size(Tags) BETWEEN 1 AND 3 AND 2 < size(Tags)`,
    ).toEqual(
      postsFilter(
        'begins_with(#n1, :v1) AND contains(#n2, :v2) AND attribute_not_exists(#n3) AND ' +
          'attribute_type(#n4, :v3) AND size(#n2) BETWEEN :v4 AND :v5 AND :v6 < size(#n2)',
        { '#n1': 'Subject', '#n2': 'Tags', '#n3': 'DeletedAt', '#n4': 'Views' },
        {
          ':v1': { S: 'Re:' },
          ':v2': { S: 'aws' },
          ':v3': { S: 'N' },
          ':v4': { N: '1' },
          ':v5': { N: '3' },
          ':v6': { N: '2' },
        },
      ),
    )
  })

  test('literals are typed: S, N kept as written, BOOL, NULL', () => {
    expect(
      explain`FROM posts WHERE Id = ${thread} AND Subject = 'it''s' AND Views = 12.50 AND Score = -3 AND Ratio = 1e3 AND Pinned = true AND Locked = false AND DeletedAt = null`,
    ).toEqual(
      postsFilter(
        '#n1 = :v1 AND #n2 = :v2 AND #n3 = :v3 AND #n4 = :v4 AND #n5 = :v5 AND #n6 = :v6 AND #n7 = :v7',
        {
          '#n1': 'Subject',
          '#n2': 'Views',
          '#n3': 'Score',
          '#n4': 'Ratio',
          '#n5': 'Pinned',
          '#n6': 'Locked',
          '#n7': 'DeletedAt',
        },
        {
          ':v1': { S: "it's" },
          ':v2': { N: '12.50' },
          ':v3': { N: '-3' },
          ':v4': { N: '1e3' },
          ':v5': { BOOL: true },
          ':v6': { BOOL: false },
          ':v7': { NULL: true },
        },
      ),
    )
  })

  test('hole values of every kind', () => {
    const bytes = new Uint8Array([1, 2, 3])
    expect(
      explain`FROM posts WHERE Id = ${thread} AND Tags = ${new Set(['a', 'b'])} AND Meta = ${{ n: 1, l: [true, null] }} AND Blob = ${bytes} AND Big = ${12345678901234567890n} AND ${'Hi'} = Subject`,
    ).toEqual(
      postsFilter(
        '#n1 = :v1 AND #n2 = :v2 AND #n3 = :v3 AND #n4 = :v4 AND :v5 = #n5',
        { '#n1': 'Tags', '#n2': 'Meta', '#n3': 'Blob', '#n4': 'Big', '#n5': 'Subject' },
        {
          ':v1': { SS: ['a', 'b'] },
          ':v2': { M: { n: { N: '1' }, l: { L: [{ BOOL: true }, { NULL: true }] } } },
          ':v3': { B: bytes },
          ':v4': { N: '12345678901234567890' },
          ':v5': { S: 'Hi' },
        },
      ),
    )
  })

  test('a path compared with a path needs no value', () => {
    expect(explain`FROM posts WHERE Id = ${thread} AND Views > Replies`).toEqual(
      postsFilter('#n1 > #n2', { '#n1': 'Views', '#n2': 'Replies' }, {}),
    )
  })

  test('a :param used twice is one placeholder', () => {
    expect(
      explainText(
        'FROM posts WHERE Id = :id AND (Subject = :s OR Message = :s) AND PostedBy <> :id',
        { id: thread, s: 'Hi' },
      ),
    ).toEqual(
      postsFilter(
        '(#n1 = :v1 OR #n2 = :v1) AND #n3 <> :v0',
        { '#n1': 'Subject', '#n2': 'Message', '#n3': 'PostedBy' },
        { ':v1': { S: 'Hi' } },
      ),
    )
  })

  test('a SCAN filter with only dynamic values numbers them from :v0', () => {
    expect(
      explain`SCAN FROM users WHERE state IN ${['a', 'b']} OR attribute_not_exists(state)`,
    ).toEqual({
      operation: 'Scan',
      tableName: 'app-users',
      input: {
        TableName: 'app-users',
        FilterExpression: '#n0 IN (:v0, :v1) OR attribute_not_exists(#n0)',
        ExpressionAttributeNames: { '#n0': 'status' },
        ExpressionAttributeValues: { ':v0': { S: 'a' }, ':v1': { S: 'b' } },
      },
      requests: 1,
      reason: 'SCAN reads every item of users and filters them, as the statement asks.',
    } satisfies Explanation)
  })
})

describe('placeholders', () => {
  test('the same statement with other values: the same placeholders', () => {
    const run = (id: string, views: number, tags: string[]) =>
      explain`FROM posts WHERE Id = ${id} AND Views > ${views} AND Tag IN ${tags}`
    expect(run('a', 1, ['x'])).toEqual(
      postsFilter(
        '#n1 > :v1 AND #n2 IN (:v2)',
        { '#n1': 'Views', '#n2': 'Tag' },
        { ':v0': { S: 'a' }, ':v1': { N: '1' }, ':v2': { S: 'x' } },
      ),
    )
    expect(run('b', 2, ['y', 'z'])).toEqual(
      postsFilter(
        '#n1 > :v1 AND #n2 IN (:v2, :v3)',
        { '#n1': 'Views', '#n2': 'Tag' },
        { ':v0': { S: 'b' }, ':v1': { N: '2' }, ':v2': { S: 'y' }, ':v3': { S: 'z' } },
      ),
    )
  })

  test('the placeholder check catches unused, undefined, empty and out-of-order placeholders', () => {
    const failures = [
      { ProjectionExpression: '#n0', ExpressionAttributeNames: { '#n0': 'a', '#n1': 'b' } },
      { FilterExpression: '#n0 = :v1', ExpressionAttributeNames: { '#n0': 'a' } },
      {
        ProjectionExpression: '#n0',
        ExpressionAttributeNames: { '#n0': 'a' },
        ExpressionAttributeValues: {},
      },
      { ProjectionExpression: '#n1', ExpressionAttributeNames: { '#n1': 'a' } },
      // #n1 is used only as part of #n10: not a use.
      {
        ProjectionExpression: '#n0, #n2, #n3, #n4, #n5, #n6, #n7, #n8, #n9, #n10',
        ExpressionAttributeNames: Object.fromEntries(
          Array.from({ length: 11 }, (_, i) => [`#n${i}`, `a${i}`]),
        ),
      },
    ]
    for (const input of failures) expect(() => assertPlaceholders(input)).toThrow()
    expect(() =>
      assertPlaceholders({
        KeyConditionExpression: '#n0 = :v0',
        ProjectionExpression: '#n1.#n0[1]',
        ExpressionAttributeNames: { '#n0': 'a', '#n1': 'b' },
        ExpressionAttributeValues: { ':v0': { S: 'x' } },
      }),
    ).not.toThrow()
  })
})
