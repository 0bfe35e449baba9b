import { describe, expect, test } from 'vitest'
import { bindWrite, compileWrite, transactItems } from '../../src/compile/compile-write.js'
import { parseStatementText } from '../../src/parse/parse-cache.js'
import { planWrite } from '../../src/plan/plan-write.js'
import { users } from '../plan/fixtures.js'

/** A text write compiled for `users` and bound, as the transaction executor takes it. */
function elements(text: string, params: Record<string, unknown> = {}) {
  const parsed = parseStatementText(text)
  if (parsed.ast.kind === 'read' || parsed.ast.kind === 'scan') throw new Error('not a write')
  return transactItems(bindWrite(compileWrite(planWrite(parsed, parsed.ast, users), text), params))
}

describe('each write statement as TransactWriteItem elements, implied conditions kept', () => {
  test('INSERT: a Put on condition that the key is new', () => {
    expect(elements("INSERT INTO users VALUE { 'id': 'a' }")).toEqual([
      {
        Put: {
          TableName: 'app-users',
          Item: { user_id: { S: 'a' } },
          ConditionExpression: 'attribute_not_exists(#n0)',
          ExpressionAttributeNames: { '#n0': 'user_id' },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    ])
  })

  test('UPDATE: an Update on condition that the item exists, without ReturnValues', () => {
    expect(elements("UPDATE users SET n = :n WHERE id = 'a' RETURNING ALL NEW", { n: 1 })).toEqual([
      {
        Update: {
          TableName: 'app-users',
          Key: { user_id: { S: 'a' } },
          UpdateExpression: 'SET #n0 = :v0',
          ConditionExpression: 'attribute_exists(#n1)',
          ExpressionAttributeNames: { '#n0': 'n', '#n1': 'user_id' },
          ExpressionAttributeValues: { ':v0': { N: '1' } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    ])
  })

  test('DELETE and REPLACE add no condition; a batch becomes one element per key', () => {
    expect(elements("DELETE FROM users WHERE id = 'a'")).toEqual([
      { Delete: { TableName: 'app-users', Key: { user_id: { S: 'a' } } } },
    ])
    expect(elements("REPLACE INTO users VALUES { 'id': 'a' }, { 'id': 'b' }")).toEqual([
      { Put: { TableName: 'app-users', Item: { user_id: { S: 'a' } } } },
      { Put: { TableName: 'app-users', Item: { user_id: { S: 'b' } } } },
    ])
    expect(elements("DELETE FROM users WHERE id IN ('a', 'b', 'a')")).toEqual([
      { Delete: { TableName: 'app-users', Key: { user_id: { S: 'a' } } } },
      { Delete: { TableName: 'app-users', Key: { user_id: { S: 'b' } } } },
    ])
  })

  test('CHECK: a ConditionCheck', () => {
    expect(elements("CHECK users WHERE id = 'a' AND n > 1")).toEqual([
      {
        ConditionCheck: {
          TableName: 'app-users',
          Key: { user_id: { S: 'a' } },
          ConditionExpression: '#n0 > :v0',
          ExpressionAttributeNames: { '#n0': 'n' },
          ExpressionAttributeValues: { ':v0': { N: '1' } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    ])
  })
})
