/**
 * createDql's transport options: which transport sends, and every combination that would
 * silently ignore an option refused with usage.bad-argument. Nothing here reaches a server:
 * a Transport object answers in process.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { describe, expect, test } from 'vitest'
import { createClient, createDql, defineTable, type DqlOptions } from '../../src/index.js'
import type { Operation, SendOptions, Transport } from '../../src/execute/transport.js'
import { failure } from '../parse/helpers.js'
import { stubClient } from '../support/stub-client.js'

const client = new DynamoDBClient({ region: 'local', endpoint: 'http://127.0.0.1:9' })
const bins = defineTable({ name: 'bins', partitionKey: 'card_bin' })

function refusal(options: unknown) {
  const { code, error } = failure(() => createDql(options as DqlOptions))
  return { code, reason: error.reason }
}
const bad = (reason: string) => ({ code: 'usage.bad-argument', reason })

/** A Transport that answers GetItem with one item and records what it was asked. */
function answering() {
  const asked: { operation: Operation; input: unknown; options: SendOptions | undefined }[] = []
  const transport: Transport = {
    kind: 'lean',
    async send(operation, input, options) {
      asked.push({ operation, input, options })
      return { $metadata: {}, Item: { card_bin: { S: '411111' }, issuer: { S: 'ACME' } } }
    },
    destroy() {},
  }
  return { transport, asked }
}

describe('transport', () => {
  test('a name other than sdk and lean is refused', () => {
    expect(refusal({ transport: 'http', region: 'eu-west-1' })).toEqual(
      bad(`transport is 'sdk' (the default), 'lean' or a Transport object, not "http".`),
    )
    expect(refusal({ transport: 42, client })).toEqual(
      bad(`transport is 'sdk' (the default), 'lean' or a Transport object, not 42.`),
    )
  })

  test('an object without send and destroy is refused', () => {
    expect(refusal({ transport: { kind: 'lean' } })).toEqual(
      bad(
        "transport is 'sdk', 'lean' or a Transport object ({ kind, send, destroy }); " +
          'this object has no send or destroy function.',
      ),
    )
  })

  test('a Transport object takes no client, region, endpoint or credentials', () => {
    const { transport } = answering()
    expect(refusal({ transport, client, region: 'eu-west-1' })).toEqual(
      bad(
        'A Transport object sends by itself, so createDql cannot use client, region: ' +
          'give them to the transport when you build it.',
      ),
    )
  })

  test('a Transport object sends every request, each under a deadline of dql’s', async () => {
    const { transport, asked } = answering()
    const db = createDql({ transport, tables: [bins] })
    expect(db.client).toBeUndefined()
    expect(await db.first`FROM bins WHERE card_bin = ${'411111'}`).toEqual({
      card_bin: '411111',
      issuer: 'ACME',
    })
    expect(asked).toHaveLength(1)
    expect(asked[0]?.operation).toBe('GetItem')
    expect(asked[0]?.input).toEqual({ TableName: 'bins', Key: { card_bin: { S: '411111' } } })
    // A transport dql did not build is not known to bound its requests: dql's deadline.
    expect(asked[0]?.options?.abortSignal?.aborted).toBe(false)
  })
})

describe('client, region, endpoint and credentials', () => {
  test('with a client, region, endpoint and credentials are the client’s own', () => {
    const reason = (given: string) =>
      bad(
        `The client has its own ${given}: give them to the client, or leave the client out ` +
          'and give them to createDql.',
      )
    expect(refusal({ client, region: 'eu-west-1' })).toEqual(reason('region'))
    expect(refusal({ client, endpoint: 'http://localhost:8000' })).toEqual(reason('endpoint'))
    expect(
      refusal({
        transport: 'lean',
        client,
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
        endpoint: 'http://localhost:8000',
      }),
    ).toEqual(reason('endpoint, credentials'))
  })

  test('a region and an endpoint are checked', () => {
    expect(refusal({ region: '' })).toEqual(
      bad(`region is an AWS region name such as 'eu-west-1', not "".`),
    )
    expect(refusal({ transport: 'lean', endpoint: 'localhost:8000' })).toEqual(
      bad(`endpoint is a URL such as 'http://localhost:8000', not "localhost:8000".`),
    )
    expect(refusal({ region: 'local', endpoint: 8000 })).toEqual(
      bad(`endpoint is a URL such as 'http://localhost:8000', not 8000.`),
    )
  })

  test('the SDK transport without a client or a region is refused as before', () => {
    expect(refusal({ endpoint: 'http://localhost:8000' })).toEqual(
      bad(
        'createDql needs { client }: a DynamoDBClient from @aws-sdk/client-dynamodb ' +
          "(or { region: 'eu-west-1' } to build the recommended client).",
      ),
    )
  })

  test('the SDK transport builds createClient from region, endpoint and credentials', async () => {
    const db = createDql({
      region: 'local',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
    })
    const built = db.client
    expect(built).toBeInstanceOf(DynamoDBClient)
    expect(await built?.config.region()).toBe('local')
    const { accessKeyId, secretAccessKey } = (await built?.config.credentials()) ?? {}
    expect({ accessKeyId, secretAccessKey }).toEqual({
      accessKeyId: 'id',
      secretAccessKey: 'secret',
    })
    const endpoint = await built?.config.endpoint?.()
    expect(`${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`).toBe(
      'http://127.0.0.1:9',
    )
    expect(built?.config.cacheMiddleware).toBe(true)
  })

  test('lean credentials that are not an identity or a provider are refused at createDql', () => {
    const reason =
      'credentials is { accessKeyId, secretAccessKey, sessionToken? } or a function that returns a promise of one.'
    for (const credentials of [{ accessKeyId: 'id' }, 'id:secret', { secretAccessKey: 's' }]) {
      expect(refusal({ transport: 'lean', region: 'local', credentials })).toEqual(bad(reason))
    }
    // An identity and a provider are taken; nothing is loaded or sent until the first call.
    const identity = { accessKeyId: 'id', secretAccessKey: 'secret' }
    for (const credentials of [identity, async () => identity]) {
      expect(createDql({ transport: 'lean', region: 'local', credentials }).client).toBeUndefined()
    }
  })

  test("lean with a client whose request handler is the client's own is refused", () => {
    const stubbed = stubClient(() => '{}')
    expect(refusal({ transport: 'lean', client: stubbed })).toEqual(
      bad(
        "transport: 'lean' sends requests itself, so this client's own requestHandler would " +
          "never be used: keep transport: 'sdk' for a client with a handler of its own.",
      ),
    )
    // The same client is fine on the SDK transport, and so is a plain client on lean.
    expect(createDql({ client: stubbed }).client).toBe(stubbed)
    expect(createDql({ client: createClient({ region: 'local' }) }).client).toBeInstanceOf(
      DynamoDBClient,
    )
  })
})
