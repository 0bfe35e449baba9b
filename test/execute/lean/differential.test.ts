/**
 * The lean transport answers as the SDK's client does, on dynalite: every operation of the
 * Transport interface (dynalite has no transactions: they are compared as the errors both
 * give), items with every attribute type, binary in keys and values, and error answers.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startEmbedded, type EmbeddedDynamo } from '../../../src/execute/embedded.js'
import { runLeanDifferential } from '../../support/lean-differential.js'

let sdkEngine: EmbeddedDynamo
let leanEngine: EmbeddedDynamo

beforeAll(async () => {
  sdkEngine = await startEmbedded()
  leanEngine = await startEmbedded()
})

afterAll(async () => {
  await sdkEngine.close()
  await leanEngine.close()
})

test('every operation answers and fails as through the SDK', async () => {
  const result = await runLeanDifferential(
    { endpoint: sdkEngine.endpoint, region: 'local' },
    { endpoint: leanEngine.endpoint, region: 'local' },
    'lean-diff',
    false,
  )
  expect(result).toEqual({
    compared: 32,
    errors: [
      'GetItem ResourceNotFoundException (SDK class)',
      'GetItem ValidationException (SDK class)',
      'Query ValidationException (SDK class)',
      'PutItem ConditionalCheckFailedException (SDK class)',
      'UpdateItem ConditionalCheckFailedException (SDK class)',
      'TransactWriteItems UnknownOperationException (SDK class)',
      'TransactGetItems UnknownOperationException (SDK class)',
    ],
  })
})
