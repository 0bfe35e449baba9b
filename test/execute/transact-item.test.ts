/**
 * A single write's SDK input as a TransactWriteItems item: everything a transaction item can
 * carry is kept, the rest (ReturnValues, capacity and metrics options) left out.
 */
import { expect, test } from 'vitest'
import { transactItemOf } from '../../src/execute/transact.js'

const key = { id: { S: 'a1' } }
const condition = {
  ConditionExpression: 'attribute_exists(#k)',
  ExpressionAttributeNames: { '#k': 'id' },
  ExpressionAttributeValues: { ':v0': { N: '1' } },
  ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
}
const extras = {
  ReturnValues: 'ALL_OLD' as const,
  ReturnConsumedCapacity: 'TOTAL' as const,
  ReturnItemCollectionMetrics: 'SIZE' as const,
}

test('PutItem → Put', () => {
  expect(
    transactItemOf({
      operation: 'PutItem',
      input: { TableName: 't', Item: { ...key, n: { N: '1' } }, ...condition, ...extras },
    }),
  ).toEqual({ Put: { TableName: 't', Item: { ...key, n: { N: '1' } }, ...condition } })
})

test('UpdateItem → Update', () => {
  expect(
    transactItemOf({
      operation: 'UpdateItem',
      input: {
        TableName: 't',
        Key: key,
        UpdateExpression: 'SET #n = :v0',
        ...condition,
        ...extras,
      },
    }),
  ).toEqual({
    Update: { TableName: 't', Key: key, UpdateExpression: 'SET #n = :v0', ...condition },
  })
})

test('DeleteItem → Delete, without a condition', () => {
  expect(
    transactItemOf({ operation: 'DeleteItem', input: { TableName: 't', Key: key, ...extras } }),
  ).toEqual({ Delete: { TableName: 't', Key: key } })
})

test('a ConditionCheck is itself', () => {
  const check = { TableName: 't', Key: key, ConditionExpression: 'attribute_exists(id)' }
  expect(transactItemOf({ operation: 'ConditionCheck', input: check })).toEqual({
    ConditionCheck: check,
  })
})
