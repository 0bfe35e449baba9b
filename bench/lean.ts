/**
 * The lean transport (src/execute/lean) as a bench row: the same GetItem and Query as the raw
 * SDK row, mapped the same way (`unmarshall`), sent through `createLeanTransport` instead of a
 * DynamoDBClient, so the distance between the two rows is the transport alone.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb'
import { createLeanTransport } from '../src/execute/lean/index.js'
import type { Transport } from '../src/execute/transport.js'
import { BIN, BIN_EXTENDED, BINS_TABLE, CUSTOMER, ORDERS_TABLE, type Reader } from './fixtures.js'

export function leanReader(endpoint: string): Reader & { readonly transport: Transport } {
  const transport = createLeanTransport({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  const buildGet = () => ({
    TableName: BINS_TABLE,
    Key: { card_bin: { S: BIN }, card_bin_extended: { S: BIN_EXTENDED } },
  })
  return {
    transport,
    buildGet,
    async getItem() {
      const output = await transport.send('GetItem', buildGet())
      return output.Item ? unmarshall(output.Item) : undefined
    },
    async query() {
      const output = await transport.send('Query', {
        TableName: ORDERS_TABLE,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'customer_id' },
        ExpressionAttributeValues: { ':pk': { S: CUSTOMER } },
      })
      return (output.Items ?? []).map((item) => unmarshall(item))
    },
  }
}
