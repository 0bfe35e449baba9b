/**
 * The lean transport against the SDK's client: two databases set up alike, the same inputs sent
 * to one through a DynamoDBClient and to the other through the lean transport, step by step;
 * the answers (or the errors) must be the same but for request ids and creation times.
 */
import { DynamoDBClient, DynamoDBServiceException } from '@aws-sdk/client-dynamodb'
import * as Sdk from '@aws-sdk/client-dynamodb'
import { expect } from 'vitest'
import { createLeanTransport } from '../../src/execute/lean/index.js'
import type { Operation, Transport } from '../../src/execute/transport.js'
import { createTables, steps } from './lean-steps.js'

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }

export interface Side {
  readonly endpoint: string
  readonly region: string
}

/** What a step gave: the answer, or the error's class-relevant parts. */
type Outcome =
  | { readonly answer: unknown }
  | { readonly error: unknown; readonly name: string; readonly sdkClass: boolean }

async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { answer: normalize(await run()) }
  } catch (error) {
    if (!(error instanceof Error)) throw error
    const ctor: unknown = Reflect.get(Sdk, error.name)
    const sdkClass =
      error instanceof DynamoDBServiceException &&
      (typeof ctor !== 'function' || error instanceof ctor)
    return { error: normalize({ ...error, message: error.message }), name: error.name, sdkClass }
  }
}

/** BatchGetItem's items come in no particular order: each table's, sorted by their key. */
function inKeyOrder(outcome: Outcome): Outcome {
  if (!('answer' in outcome)) return outcome
  const responses: unknown =
    typeof outcome.answer === 'object' && outcome.answer !== null
      ? Reflect.get(outcome.answer, 'Responses')
      : undefined
  if (typeof responses !== 'object' || responses === null || Array.isArray(responses)) {
    return outcome
  }
  for (const items of Object.values(responses)) {
    if (Array.isArray(items)) items.sort((a, b) => keyText(a).localeCompare(keyText(b)))
  }
  return outcome
}

function keyText(item: unknown): string {
  if (typeof item !== 'object' || item === null) return ''
  const parts = ['pk', 'sk', 'id', 'bin'].map((name) => {
    const value: unknown = Reflect.get(item, name)
    return JSON.stringify(value instanceof Uint8Array ? [...value] : value)
  })
  return parts.join('|')
}

/** Request ids and creation times differ between two databases; their presence is checked. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize)
  if (value instanceof Uint8Array || value instanceof Date) return value
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [key, member] of Object.entries(value)) {
    if (key === 'requestId') out[key] = typeof member === 'string' && member.length > 0
    else if (key.endsWith('DateTime')) out[key] = member instanceof Date
    else if (key === 'TableId') out[key] = typeof member === 'string'
    else if (key === '$response') continue
    else out[key] = normalize(member)
  }
  return out
}

const STANDARD = new Set([
  '$fault',
  '$metadata',
  '$retryable',
  '$response',
  'name',
  'message',
  '__type',
])

/** `PutItem ConditionalCheckFailedException (SDK class) Item`: the fields beyond the standard ones. */
function described(operation: string, outcome: Outcome): string {
  if (!('error' in outcome)) return operation
  const error = outcome.error
  const fields =
    typeof error === 'object' && error !== null
      ? Object.entries(error)
          .filter(([key, value]) => !STANDARD.has(key) && value !== undefined)
          .map(([key]) => key)
          .sort()
      : []
  return [
    operation,
    outcome.name,
    outcome.sdkClass ? '(SDK class)' : '(not an SDK class)',
    ...fields,
  ].join(' ')
}

/** Runs every step on both sides; returns how many were compared, and the errors met. */
export async function runLeanDifferential(
  sdkSide: Side,
  leanSide: Side,
  prefix: string,
  transactions: boolean,
): Promise<{ compared: number; errors: string[] }> {
  const client = new DynamoDBClient({ ...sdkSide, credentials })
  const setup = new DynamoDBClient({ ...leanSide, credentials })
  const lean: Transport = createLeanTransport({ ...leanSide, credentials })
  const errors: string[] = []
  try {
    await createTables(client, prefix)
    await createTables(setup, prefix)
    const plan = steps(prefix, transactions)
    for (const [index, [operation, input]] of plan.entries()) {
      const expected = inKeyOrder(await outcome(() => sdkSend(client, operation, input)))
      const actual = inKeyOrder(await outcome(() => lean.send(operation, input)))
      if ('error' in expected) errors.push(described(operation, expected))
      if (operation === 'DescribeTable') {
        // Members the SDK's model does not know (an engine's extras) are kept by the lean
        // transport and dropped by the SDK: the SDK's answer is contained in the lean one.
        expect({ step: index, operation, ...actual }).toMatchObject({
          step: index,
          operation,
          ...expected,
        })
      } else {
        expect({ step: index, operation, ...actual }).toStrictEqual({
          step: index,
          operation,
          ...expected,
        })
      }
    }
    return { compared: plan.length, errors }
  } finally {
    client.destroy()
    setup.destroy()
    lean.destroy()
  }
}

/** The SDK's command for an operation name, sent. */
function sdkSend(client: DynamoDBClient, operation: Operation, input: Record<string, unknown>) {
  const Command: unknown = Reflect.get(Sdk, `${operation}Command`)
  if (typeof Command !== 'function') throw new Error(`no ${operation}Command`)
  const command: unknown = Reflect.construct(Command, [input])
  return client.send(command as never)
}
