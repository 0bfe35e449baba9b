/**
 * Engines for integration tests: dynalite in process, or DynamoDB Local started once by the
 * conformance global setup. Each gives a client whose sent operations are recorded.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { localClient, startEmbedded } from '../../src/execute/embedded.js'
import { leanHooks } from './create-dql.js'

export interface Engine {
  readonly name: string
  readonly client: DynamoDBClient
  /** Operation names sent since the last `reset`, e.g. `GetItem`. */
  readonly sent: string[]
  close(): Promise<void>
}

/**
 * Records every command the client sends, by operation name: through its middleware on the
 * SDK transport, through the test's lean transport over it on the lean one (create-dql.ts).
 */
export function record(client: DynamoDBClient): string[] {
  const sent: string[] = []
  leanHooks(client).before.add((operation) => sent.push(operation))
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName).replace(/Command$/, ''))
      return next(args)
    },
    { step: 'initialize', name: 'recordOperations' },
  )
  return sent
}

export async function dynaliteEngine(): Promise<Engine> {
  const embedded = await startEmbedded()
  return {
    name: 'dynalite',
    client: embedded.client,
    sent: record(embedded.client),
    close: () => embedded.close(),
  }
}

/** A client on DynamoDB Local at `endpoint`, under its own region so tests do not collide. */
export function dynamoLocalEngine(endpoint: string, region: string): Engine {
  const client = localClient(endpoint, region)
  return {
    name: 'DynamoDB Local',
    client,
    sent: record(client),
    close: async () => client.destroy(),
  }
}
