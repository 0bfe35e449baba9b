/**
 * Question 1: what a call costs on the client, with the network taken away. Every row's
 * client sends through an in-process stub transport that answers with canned DynamoDB JSON,
 * so the times are the SDK's and the library's own work: a GetItem of one item, and a Query
 * of 100 items with every item mapped to a JS object.
 */
import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb'
import {
  cannedResponses,
  defaultClient,
  documentClient,
  dqlNaive,
  dqlOn,
  dqlPrepared,
  dqlTag,
  dynamodbToolbox,
  electroDb,
  partiql,
  rawSdk,
  recommendedClient,
  type Reader,
} from './fixtures.js'
import { measureInterleaved, type InterleavedOptions, type QuestionResult } from './measure.js'
import { stubRequestHandler } from './stub-transport.js'

type Operation = 'getItem' | 'query'

/** The rows of question 1; each has its own client and stub, so no row warms another's caches. */
export function clientSideRows(operation: Operation) {
  const stub = (make: (extra: DynamoDBClientConfig) => DynamoDBClient) => {
    const handler = stubRequestHandler(cannedResponses(operation))
    return make({ requestHandler: handler, endpoint: 'http://stub.invalid' })
  }
  const rows: { name: string; reader: Reader }[] = [
    { name: 'raw SDK', reader: rawSdk(stub(defaultClient)) },
    { name: 'dql (tag)', reader: dqlTag(dqlOn(stub(defaultClient))) },
    { name: 'dql (prepare)', reader: dqlPrepared(dqlOn(stub(defaultClient))) },
    { name: 'dql (naive: parse every call)', reader: dqlNaive(dqlOn(stub(defaultClient))) },
    { name: 'DocumentClient', reader: documentClient(stub(defaultClient)) },
    { name: 'PartiQL ExecuteStatement', reader: partiql(stub(defaultClient)) },
    { name: 'dynamodb-toolbox', reader: dynamodbToolbox(stub(defaultClient)) },
    { name: 'ElectroDB', reader: electroDb(stub(defaultClient)) },
    { name: 'raw SDK, recommended client', reader: rawSdk(stub(recommendedClient)) },
    { name: 'dql (tag), recommended client', reader: dqlTag(dqlOn(stub(recommendedClient))) },
  ]
  return rows.map(({ name, reader }) => ({ name, fn: () => reader[operation]() }))
}

export async function clientSide(
  options: Omit<InterleavedOptions, 'calls'> & {
    readonly calls: { getItem: number; query: number }
  },
): Promise<QuestionResult[]> {
  return [
    await measureInterleaved(
      'client-get',
      'Q1a. GetItem of one item, client side (in-process stub transport)',
      clientSideRows('getItem'),
      { ...options, calls: options.calls.getItem },
    ),
    await measureInterleaved(
      'client-query',
      'Q1b. Query returning 100 items, mapping included, client side (stub transport)',
      clientSideRows('query'),
      { ...options, calls: options.calls.query },
    ),
  ]
}
