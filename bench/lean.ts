/**
 * The lean transport (src/execute/lean) as a bench row beside the floor: the same GetItem and
 * Query, mapped by the floor's direct mapping, sent through `createLeanTransport`, so the
 * distance between the two rows is what the production transport adds to the floor's
 * measuring stub (retries, timeouts, CRC32, credentials, errors, binary).
 */
import { createLeanTransport } from '../src/execute/lean/index.js'
import type { Transport } from '../src/execute/transport.js'
import { mapItem } from './floor.js'
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
      return output.Item ? mapItem(output.Item) : undefined
    },
    async query() {
      const output = await transport.send('Query', {
        TableName: ORDERS_TABLE,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'customer_id' },
        ExpressionAttributeValues: { ':pk': { S: CUSTOMER } },
      })
      return (output.Items ?? []).map(mapItem)
    },
  }
}
