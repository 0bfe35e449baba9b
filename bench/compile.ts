/**
 * Question 3: what dql does before it sends, with no I/O at all. A cold statement (lex, parse,
 * plan, compile), a cached template bound to this call's values, and `prepare(text)` with the
 * text already cached; beside them, what the raw SDK and each peer do for the same GetItem
 * before sending (building its command or its request parameters).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
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
  const rows = [
    { name: 'raw SDK: GetItemCommand built by hand', fn: rawSdk(client).buildGet },
    { name: 'dql: cached template + bind (GetItem)', fn: tag.buildGet },
    { name: 'dql: prepare(text), text cached', fn: prepared.buildGet },
    {
      name: 'dql: cold lex + parse + plan + compile + bind, 3 predicates',
      fn: () => coldBind(runtime, COLD_STATEMENT, coldParams),
    },
    { name: 'DocumentClient: GetCommand', fn: documentClient(client).buildGet },
    { name: 'PartiQL: ExecuteStatementCommand', fn: partiql(client).buildGet },
    { name: 'dynamodb-toolbox: GetItemCommand .params()', fn: dynamodbToolbox(client).buildGet },
    { name: 'ElectroDB: get().params()', fn: electroDb(client).buildGet },
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
