/**
 * The SDK transport: each operation sent as the SDK's own command with the input as given,
 * and options passed only as they came (none without a signal, which keeps a cacheMiddleware
 * client's resolved stack). On a client of the user's own, dql's deadline per request is in
 * the request handler, and the client is left as it was. On stub clients: no server.
 */
import { Readable } from 'node:stream'
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { describe, expect, test, vi } from 'vitest'
import { createDql, defineTable, DqlError } from '../../src/index.js'
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

/** A client whose handler records the options of each request and answers as `answer` says. */
function recordingClient(
  answer: (options: { abortSignal?: { aborted: boolean; onabort: unknown } }) => Promise<unknown>,
  config: { cacheMiddleware?: boolean } = {},
) {
  const seen: { abortSignal: boolean }[] = []
  const requestHandler = {
    handle(_request: unknown, options: { abortSignal?: { aborted: boolean; onabort: unknown } }) {
      seen.push({ abortSignal: options.abortSignal?.aborted === false })
      return answer(options)
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  }
  const client = new DynamoDBClient({
    region: 'local',
    endpoint: 'http://stub.invalid',
    credentials: { accessKeyId: 'stub', secretAccessKey: 'stub' },
    requestHandler,
    ...config,
  })
  return { client, requestHandler, seen }
}

const answered = () =>
  Promise.resolve({
    response: {
      statusCode: 200,
      reason: 'OK',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'content-length': '2' },
      body: Readable.from([Buffer.from('{}')]),
    },
  })

/** Never answers; rejects as the SDK's handlers do when the abort signal fires. */
const unanswered = (options: { abortSignal?: { onabort: unknown } }) =>
  new Promise((_, reject) => {
    if (options.abortSignal) {
      options.abortSignal.onabort = () =>
        reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }))
    }
  })

/** Answers with headers, then never sends the rest of the body. */
const cutOff = () =>
  Promise.resolve({
    response: {
      statusCode: 200,
      reason: 'OK',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'content-length': '20' },
      body: new Readable({ read() {} }),
    },
  })

describe("the deadline on a client of the user's own", () => {
  test('is in the request handler: client.send gets no options, the handler a deadline', async () => {
    const { client, requestHandler, seen } = recordingClient(answered)
    const send = vi.spyOn(client, 'send')
    const db = createDql({ client, requestTimeoutMs: 1000 })
    const table = defineTable({ name: 'things', partitionKey: 'id' })
    const typed = createDql({ client, tables: [table], requestTimeoutMs: 1000 })
    expect(await typed.run`REPLACE INTO things VALUE ${{ id: 'k' }}`).toEqual({ count: 1 })
    expect(await typed.run`DELETE FROM things WHERE id = ${'k'}`).toEqual({ count: 0 })
    expect(
      send.mock.calls.map(([command, options]) => [command.constructor.name, options]),
    ).toEqual([
      ['PutItemCommand', undefined],
      ['DeleteItemCommand', undefined],
    ])
    expect(seen).toEqual([{ abortSignal: true }, { abortSignal: true }])
    // The client is as it was: its own handler, unchanged.
    expect(client.config.requestHandler).toBe(requestHandler)
    expect(Object.keys(requestHandler)).toEqual([
      'handle',
      'updateHttpClientConfig',
      'httpHandlerConfigs',
      'destroy',
    ])
    expect(db.client).toBe(client)
  })

  test('a client with cacheMiddleware keeps it, and its handler still gets the deadline', async () => {
    const { client, seen } = recordingClient(answered, { cacheMiddleware: true })
    const table = defineTable({ name: 'things', partitionKey: 'id' })
    const db = createDql({ client, tables: [table], requestTimeoutMs: 1000 })
    // The client's own calls fill its own cache of resolved middleware first.
    const put = () => new PutItemCommand({ TableName: 'things', Item: { id: { S: 'own' } } })
    await client.send(put())
    for (let i = 0; i < 3; i++) await db.run`REPLACE INTO things VALUE ${{ id: `k${i}` }}`
    await client.send(put())
    expect(seen).toEqual([
      { abortSignal: false },
      { abortSignal: true },
      { abortSignal: true },
      { abortSignal: true },
      { abortSignal: false },
    ])
  })

  for (const [what, answer] of [
    ['no answer', unanswered],
    ['an answer cut off after its headers', cutOff],
  ] as const) {
    test(`${what}: three attempts, then execute.timeout`, async () => {
      const { client, seen } = recordingClient(answer)
      const table = defineTable({ name: 'things', partitionKey: 'id' })
      const db = createDql({ client, tables: [table], requestTimeoutMs: 60 })
      const error: unknown = await db.run`REPLACE INTO things VALUE ${{ id: 'k' }}`.then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error instanceof DqlError && [error.code, error.reason]).toEqual([
        'execute.timeout',
        'DynamoDB did not answer PutItem within 60 ms, 3 times; nothing was returned. Check ' +
          'the endpoint and the network, or allow longer with createDql({ requestTimeoutMs }).',
      ])
      expect(seen).toEqual([{ abortSignal: true }, { abortSignal: true }, { abortSignal: true }])
    })
  }
})
