/**
 * The SDK transport: each operation sent as the SDK's own command with the input as given,
 * and options passed only as they came (none without a signal, which keeps a cacheMiddleware
 * client's resolved stack). On a stub client: no server.
 */
import { describe, expect, test, vi } from 'vitest'
import { SdkTransport } from '../../src/execute/sdk-transport.js'
import type { Operation } from '../../src/execute/transport.js'
import { stubClient } from '../support/stub-client.js'

const operations: Operation[] = [
  'GetItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
  'TransactGetItems',
  'DescribeTable',
  'ListTables',
]

const key = { id: { S: 'k' } }
/** An input of each operation that the SDK's serialiser keeps whole. */
function inputOf(operation: Operation): Record<string, unknown> {
  switch (operation) {
    case 'BatchGetItem':
      return { RequestItems: { things: { Keys: [key] } } }
    case 'BatchWriteItem':
      return { RequestItems: { things: [{ DeleteRequest: { Key: key } }] } }
    case 'TransactWriteItems':
      return {
        TransactItems: [{ Delete: { TableName: 'things', Key: key } }],
        ClientRequestToken: 'token',
      }
    case 'TransactGetItems':
      return { TransactItems: [{ Get: { TableName: 'things', Key: key } }] }
    case 'ListTables':
      return { ExclusiveStartTableName: 'things' }
    default:
      return { TableName: `table-${operation}` }
  }
}

describe('SdkTransport', () => {
  test('sends each operation as its SDK command, input and options as given', async () => {
    const answered: { operation: string; input: Record<string, unknown> }[] = []
    const client = stubClient((operation, input) => {
      answered.push({ operation, input })
      return '{}'
    })
    const send = vi.spyOn(client, 'send')
    const transport = new SdkTransport(client)
    expect(transport.kind).toBe('sdk')
    const signal = new AbortController().signal
    for (const operation of operations) {
      const input = inputOf(operation)
      const output = await transport.send(operation, input)
      expect(output.$metadata.httpStatusCode).toBe(200)
      await transport.send(operation, input, { abortSignal: signal })
    }
    expect(answered).toEqual(
      operations.flatMap((operation) => {
        const one = { operation, input: inputOf(operation) }
        return [one, one]
      }),
    )
    expect(
      send.mock.calls.map(([command, options]) => [command.constructor.name, options]),
    ).toEqual(
      operations.flatMap((operation) => [
        [`${operation}Command`, undefined],
        [`${operation}Command`, { abortSignal: signal }],
      ]),
    )
  })

  test('destroy closes only a client dql built', () => {
    const given = stubClient(() => '{}')
    const built = stubClient(() => '{}')
    const destroyGiven = vi.spyOn(given, 'destroy')
    const destroyBuilt = vi.spyOn(built, 'destroy')
    new SdkTransport(given).destroy()
    new SdkTransport(built, true).destroy()
    expect([destroyGiven.mock.calls.length, destroyBuilt.mock.calls.length]).toEqual([0, 1])
  })
})
