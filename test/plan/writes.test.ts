import { describe, expect, test } from 'vitest'
import { failure } from '../parse/helpers.js'
import { checked, db, explain, explainText, spot } from './fixtures.js'

/** How a failed plan or bind reads: code and position. */
function refusal(text: string, params: Record<string, unknown> = {}) {
  const { code, line, column } = failure(() => db.prepare(text).explain(params))
  return { code, line, column }
}

describe('single writes: one request, the key from WHERE, the rest the condition', () => {
  test('UPDATE by field and attribute names in any order is one UpdateItem, never a read', () => {
    expect(
      explain`UPDATE bins SET issuer = ${'X'} WHERE cardBin = ${'411111'} AND card_bin_extended = ';'`,
    ).toEqual({
      operation: 'UpdateItem',
      tableName: 'bin-lookup',
      input: {
        TableName: 'bin-lookup',
        Key: { card_bin: { S: '411111' }, card_bin_extended: { S: ';' } },
        UpdateExpression: 'SET #n0 = :v0',
        ConditionExpression: 'attribute_exists(#n1)',
        ExpressionAttributeNames: { '#n0': 'issuer_name', '#n1': 'card_bin' },
        ExpressionAttributeValues: { ':v0': { S: 'X' } },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
      requests: 1,
      reason:
        'UPDATE changes one item by its full key with UpdateItem, on condition that it exists.',
    })
  })

  test('UPDATE with every action kind, a condition and RETURNING', () => {
    const text =
      'UPDATE bins SET a = a + :n, b = if_not_exists(b, :z), c = list_append(c, [:x]) ' +
      "REMOVE d.e[1] ADD f :n DELETE g :s WHERE card_bin_extended = ';' AND version = :v AND cardBin = :b " +
      'RETURNING UPDATED NEW'
    const params = { n: 1, z: 0, x: 'x', s: new Set(['s']), v: 3, b: '4111' }
    expect(explainText(text, params).input).toEqual({
      TableName: 'bin-lookup',
      Key: { card_bin: { S: '4111' }, card_bin_extended: { S: ';' } },
      UpdateExpression:
        'SET #n0 = #n0 + :v0, #n1 = if_not_exists(#n1, :v1), #n2 = list_append(#n2, :v2) ' +
        'REMOVE #n3.#n4[1] ADD #n5 :v0 DELETE #n6 :v3',
      ConditionExpression: 'attribute_exists(#n7) AND #n8 = :v4',
      ExpressionAttributeNames: {
        '#n0': 'a',
        '#n1': 'b',
        '#n2': 'c',
        '#n3': 'd',
        '#n4': 'e',
        '#n5': 'f',
        '#n6': 'g',
        '#n7': 'card_bin',
        '#n8': 'version',
      },
      ExpressionAttributeValues: {
        ':v0': { N: '1' },
        ':v1': { N: '0' },
        ':v2': { L: [{ S: 'x' }] },
        ':v3': { SS: ['s'] },
        ':v4': { N: '3' },
      },
      ReturnValues: 'UPDATED_NEW',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    })
  })

  test('UPSERT adds no condition and asks nothing back on failure', () => {
    expect(explain`UPSERT users SET n = n - 1 WHERE id = ${'u1'}`.input).toEqual({
      TableName: 'app-users',
      Key: { user_id: { S: 'u1' } },
      UpdateExpression: 'SET #n0 = #n0 - :v0',
      ExpressionAttributeNames: { '#n0': 'n' },
      ExpressionAttributeValues: { ':v0': { N: '1' } },
    })
  })

  test('INSERT is a PutItem on condition that the key is new; names are fields or attributes', () => {
    const explanation = explain`INSERT INTO bins VALUE { 'cardBin': ${'4111'}, 'card_bin_extended': ';', 'issuer': 'X', 'n': 12345678901234567890 }`
    expect(explanation).toEqual({
      operation: 'PutItem',
      tableName: 'bin-lookup',
      input: {
        TableName: 'bin-lookup',
        Item: {
          card_bin: { S: '4111' },
          card_bin_extended: { S: ';' },
          issuer_name: { S: 'X' },
          n: { N: '12345678901234567890' },
        },
        ConditionExpression: 'attribute_not_exists(#n0)',
        ExpressionAttributeNames: { '#n0': 'card_bin' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
      requests: 1,
      reason: 'INSERT writes one item with PutItem, on condition that its key is new.',
    })
  })

  test('REPLACE without WHERE has no condition; with WHERE, the condition alone', () => {
    const item = { cardBin: '4111', cardBinExtended: ';' }
    expect(explain`REPLACE INTO bins VALUE ${item}`.input).toEqual({
      TableName: 'bin-lookup',
      Item: { card_bin: { S: '4111' }, card_bin_extended: { S: ';' } },
    })
    expect(explain`REPLACE INTO bins VALUES ${item} WHERE issuer <> ${'Y'}`.input).toEqual({
      TableName: 'bin-lookup',
      Item: { card_bin: { S: '4111' }, card_bin_extended: { S: ';' } },
      ConditionExpression: '#n0 <> :v0',
      ExpressionAttributeNames: { '#n0': 'issuer_name' },
      ExpressionAttributeValues: { ':v0': { S: 'Y' } },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    })
  })

  test('DELETE asks the old item back always (it tells count 1 from 0)', () => {
    expect(explain`DELETE FROM users WHERE id = ${'u1'} AND attribute_exists(email)`.input).toEqual(
      {
        TableName: 'app-users',
        Key: { user_id: { S: 'u1' } },
        ConditionExpression: 'attribute_exists(#n0)',
        ExpressionAttributeNames: { '#n0': 'email' },
        ReturnValues: 'ALL_OLD',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    )
  })
})

describe('several items: plain SDK data for the batch and transaction executors', () => {
  test('INSERT … VALUES of two items is one TransactWriteItems of conditional Puts', () => {
    const explanation = explain`INSERT INTO users VALUES { 'id': 'a' }, ${{ user_id: 'b', n: 1 }}`
    expect(explanation).toEqual({
      operation: 'TransactWriteItems',
      tableName: 'app-users',
      input: {
        TransactItems: ['a', 'b'].map((id, i) => ({
          Put: {
            TableName: 'app-users',
            Item: i === 0 ? { user_id: { S: id } } : { user_id: { S: id }, n: { N: '1' } },
            ConditionExpression: 'attribute_not_exists(#n0)',
            ExpressionAttributeNames: { '#n0': 'user_id' },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        })),
      },
      requests: 1,
      reason:
        'INSERT … VALUES writes 2 items in one TransactWriteItems: all or none, each key new.',
    })
  })

  test('REPLACE VALUES ${array}: one PutRequest per distinct key, the later item wins', () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ id: `u${i % 27}`, n: i }))
    const explanation = explain`REPLACE INTO users VALUES ${items}`
    expect(explanation.operation).toBe('BatchWriteItem')
    expect(explanation.requests).toBe(2)
    expect(explanation.input).toEqual({
      RequestItems: {
        // u0, u1 and u2 come twice: each later item takes the later place.
        'app-users': Array.from({ length: 25 }, (_, i) => i + 3).map((n) => ({
          PutRequest: { Item: { user_id: { S: `u${n % 27}` }, n: { N: `${n}` } } },
        })),
      },
    })
  })

  test('DELETE with IN lists: the keys crossed, duplicates removed, as DeleteRequests', () => {
    const explanation = explain`DELETE FROM bins WHERE cardBin IN (${'1'}, ${'2'}, ${'1'}) AND card_bin_extended IN (';', '=')`
    expect(explanation).toEqual({
      operation: 'BatchWriteItem',
      tableName: 'bin-lookup',
      input: {
        RequestItems: {
          'bin-lookup': [
            ['1', ';'],
            ['1', '='],
            ['2', ';'],
            ['2', '='],
          ].map(([b, e]) => ({
            DeleteRequest: { Key: { card_bin: { S: b }, card_bin_extended: { S: e } } },
          })),
        },
      },
      requests: 1,
      reason: 'DELETE of the keys of IN lists removes them with BatchWriteItem, 25 per request.',
    })
  })

  test('CHECK explains as the transaction it belongs in; the key alone checks existence', () => {
    expect(checked(db.explain`CHECK users WHERE id = ${'u1'}`).input).toEqual({
      TransactItems: [
        {
          ConditionCheck: {
            TableName: 'app-users',
            Key: { user_id: { S: 'u1' } },
            ConditionExpression: 'attribute_exists(#n0)',
            ExpressionAttributeNames: { '#n0': 'user_id' },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
      ],
    })
  })
})

describe('refusals, before anything is sent, at the spot', () => {
  test.each([
    ["UPDATE bins SET issuer = 'X' WHERE card_bin = '1'", 'plan.write-needs-key', 'card_bin ='],
    ["DELETE FROM bins WHERE issuer = 'X'", 'plan.write-needs-key', 'issuer'],
    ["UPDATE users SET n = 1 WHERE id IN ('a', 'b')", 'plan.write-needs-key', 'id IN'],
    [
      "UPDATE bins SET cardBin = '2' WHERE card_bin = '1' AND card_bin_extended = ';'",
      'plan.key-update',
      'cardBin =',
    ],
    ["UPDATE users REMOVE user_id WHERE id = 'a'", 'plan.key-update', 'user_id WHERE'],
    ["INSERT INTO bins VALUE { 'card_bin': '1' }", 'plan.bad-item', '{'],
    ["INSERT INTO users VALUE { 'id': 'a', 'user_id': 'b' }", 'plan.bad-item', "'user_id'"],
    ["INSERT INTO users VALUE { 'id': true }", 'plan.bad-item', 'true'],
    ["INSERT INTO users VALUE { 'id': 'a' } WHERE n = 1", 'plan.bad-write', 'n = 1'],
    [
      "REPLACE INTO users VALUES { 'id': 'a' }, { 'id': 'b' } WHERE n = 1",
      'plan.bad-write',
      'n = 1',
    ],
    ["DELETE FROM users WHERE id IN ('a', 'b') AND n = 1", 'plan.bad-write', 'n = 1'],
    ["DELETE FROM users WHERE id IN ('a', 'b') RETURNING ALL OLD", 'plan.bad-write', 'RETURNING'],
  ])('%s: %s', (text, code, at) => {
    expect(refusal(text)).toEqual({ code, ...spot(text, at) })
  })

  test('INSERT of more than 100 written items is plan.bad-item at the 101st', () => {
    const items = Array.from({ length: 101 }, (_, i) => `{ 'id': 'u${i}' }`)
    const text = `INSERT INTO users VALUES ${items.join(', ')}`
    expect(refusal(text)).toEqual({ code: 'plan.bad-item', ...spot(text, "{ 'id': 'u100' }") })
  })

  test.each([
    [
      'INSERT INTO users VALUES :items',
      { items: Array.from({ length: 101 }, (_, i) => ({ id: `${i}` })) },
    ],
    ['INSERT INTO users VALUES :items', { items: [] }],
    ['INSERT INTO users VALUES :items', { items: [{ id: 'a' }, { user_id: 'a' }] }],
    ['INSERT INTO users VALUE :item', { item: { n: 1 } }],
    ['INSERT INTO users VALUE :item', { item: { id: 'a', user_id: 'a' } }],
    ['INSERT INTO users VALUE :item', { item: [{ id: 'a' }] }],
    ['INSERT INTO users VALUE :item', { item: { id: '' } }],
    ['REPLACE INTO users VALUES :items WHERE n = 1', { items: [{ id: 'a' }, { id: 'b' }] }],
  ])('%s with %j: bind.bad-item at the value', (text, params) => {
    expect(refusal(text, params)).toEqual({ code: 'bind.bad-item', ...spot(text, ':item') })
  })

  test('an item over 400 KB is bind.item-too-large; an empty Set is bind.bad-value', () => {
    const text = 'REPLACE INTO users VALUE :item'
    expect(refusal(text, { item: { id: 'a', blob: 'x'.repeat(410_000) } })).toEqual({
      code: 'bind.item-too-large',
      ...spot(text, ':item'),
    })
    expect(refusal(text, { item: { id: 'a', tags: new Set() } })).toEqual({
      code: 'bind.bad-value',
      ...spot(text, ':item'),
    })
  })
})

describe('usage.wrong-call: a write given to a read call, a read given to run', () => {
  const wrong = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    )
    return { code: (error as { code?: string } | undefined)?.code }
  }
  const write = "UPDATE users SET n = 1 WHERE id = 'a'"

  test.each(['first', 'all', 'count'] as const)('a write given to db.%s', async (call) => {
    expect(await wrong(db.prepare(write)[call]())).toEqual({ code: 'usage.wrong-call' })
  })

  test('a write given to iterate and page', async () => {
    const iterate = db.prepare(write).iterate()[Symbol.asyncIterator]().next()
    expect(await wrong(iterate)).toEqual({ code: 'usage.wrong-call' })
    expect(await wrong(db.prepare(write).page())).toEqual({ code: 'usage.wrong-call' })
  })

  test.each([
    "FROM users WHERE id = 'a'",
    'SCAN FROM users',
    "EXPLAIN UPDATE users SET n = 1 WHERE id = 'a'",
    "CHECK users WHERE id = 'a'",
  ])('db.run of %s', async (text) => {
    expect(await wrong(db.prepare(text).run())).toEqual({ code: 'usage.wrong-call' })
  })
})
