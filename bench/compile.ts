/**
 * Question 3: what dql does before it sends, with no I/O at all. A cold statement (lex, parse,
 * plan, compile), a cached template bound to this call's values, and `prepare(text)` with the
 * text already cached; beside them, what the raw SDK and each peer do for the same GetItem
 * before sending. Every GetItem row ends with the same thing: the command object it would pass
 * to `client.send` (dql's bound input in a `GetItemCommand`, as dql's send builds it; the
 * toolbox's and ElectroDB's params in the DocumentClient `GetCommand` they send through).
 */
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import type { BoundCommand } from '../src/compile/prepared.js'
import {
  BIN,
  coldBind,
  defaultClient,
  documentClient,
  dqlOn,
  dqlPrepared,
  dqlTag,
  dynamodbToolbox,
  electroDb,
  partiql,
  rawSdk,
  runtimeLike,
} from './fixtures.js'
import { do_not_optimize } from 'mitata'
import { measureQuestion, type MeasureOptions, type QuestionResult } from './measure.js'

/** Three predicates: the partition key, a sort-key range, and a filter. */
export const COLD_STATEMENT =
  'FROM orders WHERE customer_id = :customer AND order_id >= :from AND total > :total'

export function compileRows() {
  // Nothing is sent: the client only has to exist.
  const client: DynamoDBClient = defaultClient({ endpoint: 'http://127.0.0.1:9' })
  const db = dqlOn(client)
  const tag = dqlTag(db)
  const prepared = dqlPrepared(db)
  const coldParams = { customer: BIN, from: 'order-0010', total: 100 }
  const runtime = runtimeLike(db)
  const command = (bound: unknown) => {
    if (!isGetItem(bound)) throw new Error('the bench statement is planned as a GetItem')
    return new GetItemCommand(bound.input)
  }
  const toolbox = dynamodbToolbox(client).buildGet
  const electro = electroDb(client).buildGet
  const rows = [
    { name: 'raw SDK: GetItemCommand built by hand', fn: rawSdk(client).buildGet },
    { name: 'dql: cached template + bind → GetItemCommand', fn: () => command(tag.buildGet()) },
    // The budget's own figure: dql's part alone, the bound input without the SDK's command.
    { name: 'dql: cached template + bind (no command)', fn: tag.buildGet },
    { name: 'dql: prepare(text), text cached (no command)', fn: prepared.buildGet },
    {
      name: 'dql: cold lex + parse + plan + compile + bind, 3 predicates (no command)',
      fn: () => coldBind(runtime, COLD_STATEMENT, coldParams),
    },
    { name: 'DocumentClient: GetCommand', fn: documentClient(client).buildGet },
    { name: 'PartiQL: ExecuteStatementCommand', fn: partiql(client).buildGet },
    {
      name: 'dynamodb-toolbox: .params() → GetCommand',
      fn: () => new GetCommand(toolbox() as ConstructorParameters<typeof GetCommand>[0]),
    },
    {
      name: 'ElectroDB: get().params() → GetCommand',
      fn: () => new GetCommand(electro() as ConstructorParameters<typeof GetCommand>[0]),
    },
  ]
  // The result is kept alive, so the JIT cannot drop the work as dead code.
  return rows.map(({ name, fn }) => ({ name, fn: () => do_not_optimize(fn()) }))
}

export async function compileCosts(options?: MeasureOptions): Promise<QuestionResult[]> {
  return [
    await measureQuestion(
      'compile',
      'Q3. Before the send, no I/O: compile and bind costs',
      compileRows(),
      options,
    ),
  ]
}

function isGetItem(bound: unknown): bound is Extract<BoundCommand, { operation: 'GetItem' }> {
  return (
    typeof bound === 'object' &&
    bound !== null &&
    'operation' in bound &&
    bound.operation === 'GetItem'
  )
}
