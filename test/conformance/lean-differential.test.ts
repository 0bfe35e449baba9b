/**
 * The lean transport answers and fails as the SDK's client does, on DynamoDB Local: every
 * operation of the Transport interface, transactions included, items with every attribute
 * type; ConditionalCheckFailedException with the stored Item, TransactionCanceledException
 * with its CancellationReasons, both instances of the SDK's classes. The two sides use two
 * regions, which DynamoDB Local keeps as two databases.
 */
import { describe, expect, inject, test } from 'vitest'
import { runLeanDifferential } from '../support/lean-differential.js'

const endpoint = inject('dynamoLocal')

describe.skipIf(endpoint === null)('the lean transport on DynamoDB Local', () => {
  test('every operation answers and fails as through the SDK', async () => {
    const result = await runLeanDifferential(
      { endpoint: endpoint!, region: 'conformance-lean-sdk' },
      { endpoint: endpoint!, region: 'conformance-lean' },
      'lean-diff',
      true,
    )
    expect(result).toEqual({
      compared: 33,
      errors: [
        'GetItem ResourceNotFoundException (SDK class)',
        'GetItem ValidationException (SDK class)',
        'Query ValidationException (SDK class)',
        'PutItem ConditionalCheckFailedException (SDK class) Item',
        'UpdateItem ConditionalCheckFailedException (SDK class)',
        'TransactWriteItems TransactionCanceledException (SDK class) CancellationReasons',
      ],
    })
  }, 120_000)
})
