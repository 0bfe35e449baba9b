/**
 * One function per operation, each building the SDK's command and sending it on a client, for
 * the SDK transport (sdk-transport.ts), which reaches them through load-sdk.ts. The commands are
 * named one by one, so that a bundler keeps these twelve and not every command of the SDK.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import type { Operation, Operations, SendOptions } from './transport.js'

/** One function per operation: builds the command (per call, as the SDK expects) and sends it. */
export type Senders = {
  readonly [O in Operation]: (
    client: DynamoDBClient,
    input: Operations[O][0],
    options: SendOptions | undefined,
  ) => Promise<Operations[O][1]>
}

// `options` is passed on as it came: undefined without a signal, so that a client with
// cacheMiddleware reuses its resolved middleware stack (it does only for calls without options).
export const senders: Senders = {
  GetItem: (client, input, options) => client.send(new GetItemCommand(input), options),
  Query: (client, input, options) => client.send(new QueryCommand(input), options),
  Scan: (client, input, options) => client.send(new ScanCommand(input), options),
  BatchGetItem: (client, input, options) => client.send(new BatchGetItemCommand(input), options),
  PutItem: (client, input, options) => client.send(new PutItemCommand(input), options),
  UpdateItem: (client, input, options) => client.send(new UpdateItemCommand(input), options),
  DeleteItem: (client, input, options) => client.send(new DeleteItemCommand(input), options),
  BatchWriteItem: (client, input, options) =>
    client.send(new BatchWriteItemCommand(input), options),
  TransactWriteItems: (client, input, options) =>
    client.send(new TransactWriteItemsCommand(input), options),
  TransactGetItems: (client, input, options) =>
    client.send(new TransactGetItemsCommand(input), options),
  DescribeTable: (client, input, options) => client.send(new DescribeTableCommand(input), options),
  ListTables: (client, input, options) => client.send(new ListTablesCommand(input), options),
}
