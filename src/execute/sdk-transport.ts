/**
 * The SDK transport: every operation sent as the AWS SDK's command on a DynamoDBClient. It is
 * the only module of the main entry that loads `@aws-sdk/client-dynamodb` (its command classes),
 * and it loads it on the first send, with a dynamic import, so that importing dql — or using
 * the lean transport — loads no SDK. A client given by the application means the module is
 * loaded already, so that import resolves at once; the first send of the process waits for it,
 * every later one sends at once.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { Operation, Operations, SendOptions, Transport } from './transport.js'

type Sdk = typeof import('@aws-sdk/client-dynamodb')

/** One function per operation: builds the command (per call, as the SDK expects) and sends it. */
type Senders = {
  readonly [O in Operation]: (
    client: DynamoDBClient,
    input: Operations[O][0],
    options: SendOptions | undefined,
  ) => Promise<Operations[O][1]>
}

function sendersOf(sdk: Sdk): Senders {
  // `options` is passed on as it came: undefined without a signal, so that a client with
  // cacheMiddleware reuses its resolved middleware stack (it does only for calls without options).
  return {
    GetItem: (client, input, options) => client.send(new sdk.GetItemCommand(input), options),
    Query: (client, input, options) => client.send(new sdk.QueryCommand(input), options),
    Scan: (client, input, options) => client.send(new sdk.ScanCommand(input), options),
    BatchGetItem: (client, input, options) =>
      client.send(new sdk.BatchGetItemCommand(input), options),
    PutItem: (client, input, options) => client.send(new sdk.PutItemCommand(input), options),
    UpdateItem: (client, input, options) => client.send(new sdk.UpdateItemCommand(input), options),
    DeleteItem: (client, input, options) => client.send(new sdk.DeleteItemCommand(input), options),
    BatchWriteItem: (client, input, options) =>
      client.send(new sdk.BatchWriteItemCommand(input), options),
    TransactWriteItems: (client, input, options) =>
      client.send(new sdk.TransactWriteItemsCommand(input), options),
    TransactGetItems: (client, input, options) =>
      client.send(new sdk.TransactGetItemsCommand(input), options),
    DescribeTable: (client, input, options) =>
      client.send(new sdk.DescribeTableCommand(input), options),
    ListTables: (client, input, options) => client.send(new sdk.ListTablesCommand(input), options),
  }
}

/** The senders once the SDK is loaded; the load in progress before. */
let senders: Senders | undefined
let loading: Promise<Senders> | undefined

function load(): Promise<Senders> {
  loading ??= import('@aws-sdk/client-dynamodb').then((sdk) => (senders = sendersOf(sdk)))
  return loading
}

export class SdkTransport implements Transport {
  readonly kind = 'sdk'

  /** `owned`: dql built the client (`createDql({ region })`), so `destroy` may close it. */
  constructor(
    readonly client: DynamoDBClient,
    private readonly owned = false,
  ) {}

  send<O extends Operation>(
    operation: O,
    input: Operations[O][0],
    options?: SendOptions,
  ): Promise<Operations[O][1]> {
    const ready = senders
    if (ready !== undefined) return ready[operation](this.client, input, options)
    return load().then((loaded) => loaded[operation](this.client, input, options))
  }

  destroy(): void {
    if (this.owned) this.client.destroy()
  }
}
