/**
 * How deep a value may nest, on DynamoDB Local: the 32 levels of lists and maps that dql sends
 * are taken, and the 33 it refuses are what DynamoDB rejects.
 */
import {
  CreateTableCommand,
  PutItemCommand,
  ScanCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { DqlError, type Dql } from '../../src/index.js'
import { createDql } from '../support/create-dql.js'
import { dynamoLocalEngine, type Engine } from '../support/engine.js'

const endpoint = inject('dynamoLocal')

/** `levels` arrays, one inside the other, around 'x'. */
function arrays(levels: number): unknown {
  let value: unknown = 'x'
  for (let i = 0; i < levels; i++) value = [value]
  return value
}

/** The same as DynamoDB lists. */
function lists(levels: number): AttributeValue {
  let value: AttributeValue = { S: 'x' }
  for (let i = 0; i < levels; i++) value = { L: [value] }
  return value
}

describe.skipIf(endpoint === null)('nesting on DynamoDB Local', () => {
  let engine: Engine
  let db: Dql

  beforeAll(async () => {
    engine = dynamoLocalEngine(endpoint!, 'conformance-nesting')
    await engine.client.send(
      new CreateTableCommand({
        TableName: 'nested',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'p', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'p', KeyType: 'HASH' }],
      }),
    )
    // An item counts as a level: an attribute of it holds 31 more.
    await engine.client.send(
      new PutItemCommand({ TableName: 'nested', Item: { p: { S: 'p' }, a: lists(31) } }),
    )
    db = createDql({ client: engine.client })
  })
  afterAll(async () => engine?.close())

  test('values of 31 and 32 levels are sent and taken', async () => {
    expect(await db.all`SCAN FROM nested WHERE a = ${arrays(31)}`).toEqual([
      { p: 'p', a: arrays(31) },
    ])
    expect(await db.all`SCAN FROM nested WHERE a = ${arrays(32)}`).toEqual([])
  })

  test('a value of 33 levels is refused, as DynamoDB rejects it', async () => {
    const error = await db.all`SCAN FROM nested WHERE a = ${arrays(33)}`.then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(DqlError)
    expect(error).toMatchObject({
      code: 'bind.bad-value',
      reason:
        'The value of hole 1 cannot be sent: it nests arrays and objects more than 32 levels deep; DynamoDB allows 32 levels of nesting.',
    })
    await expect(
      engine.client.send(
        new ScanCommand({
          TableName: 'nested',
          FilterExpression: 'a = :v',
          ExpressionAttributeValues: { ':v': lists(33) },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/Nesting Levels have exceeded supported limits/),
    })
  })
})
