/**
 * `createDql` for the integration suites, on the transport the run asks for:
 * DQL_TEST_TRANSPORT=lean (the `lean` and `conformance-lean` vitest projects) sends through the
 * lean transport over the given client's region, endpoint and credentials; anything else, the
 * default, through the SDK transport as the application would.
 *
 * The lean transport never runs the client's middleware, which is where the suites record the
 * operations sent (engine.ts `record`) and inject faults in front of DynamoDB. So under lean the
 * transport is wrapped, and the same hooks run there (`leanHooks`): before each send (which may
 * throw, as a failing request would) and on each answer (which may be changed, as DynamoDB
 * might have answered). The wrapper is a Transport object, so each request also carries dql's
 * own deadline; `createDql({ transport: 'lean' })` itself is tested in transport-loading and
 * lean-timeouts.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createDql as createDqlOf, type Dql, type DqlOptions } from '../../src/index.js'
import { createLeanTransport } from '../../src/execute/lean/index.js'
import type { Transport } from '../../src/execute/transport.js'
import type { TableDefinition } from '../../src/schema/define-table.js'

/** The transport this run's suites send through. */
export const TEST_TRANSPORT: 'sdk' | 'lean' =
  process.env.DQL_TEST_TRANSPORT === 'lean' ? 'lean' : 'sdk'

/** What runs around each send of a lean transport over one client. */
export interface LeanHooks {
  readonly before: Set<(operation: string, input: object) => void>
  readonly after: Set<(operation: string, output: object) => void>
}

const hooks = new WeakMap<DynamoDBClient, LeanHooks>()

/** The hooks of the lean transports the suites make over `client`. */
export function leanHooks(client: DynamoDBClient): LeanHooks {
  let found = hooks.get(client)
  if (found === undefined) {
    found = { before: new Set(), after: new Set() }
    hooks.set(client, found)
  }
  return found
}

/** `inner`, with `hooks` run around each send. */
export function hooked(inner: Transport, { before, after }: LeanHooks): Transport {
  return {
    kind: inner.kind,
    async send(operation, input, options) {
      for (const hook of before) hook(operation, input)
      const output = await inner.send(operation, input, options)
      for (const hook of after) hook(operation, output)
      return output
    },
    destroy: () => inner.destroy(),
  }
}

export function createDql<
  Tables extends readonly TableDefinition<unknown>[] = readonly TableDefinition[],
>(options: DqlOptions<Tables>): Dql<Tables> {
  const { client, ...rest } = options
  if (TEST_TRANSPORT === 'sdk' || client === undefined || options.transport !== undefined) {
    return createDqlOf(options)
  }
  const lean = createLeanTransport({ client, requestTimeoutMs: options.requestTimeoutMs })
  return createDqlOf({ ...rest, transport: hooked(lean, leanHooks(client)) })
}
