/**
 * The lean transport (src/execute/lean) as bench rows beside the floor. `leanReader`: the same
 * GetItem and Query, mapped by the floor's direct mapping, sent through `createLeanTransport`,
 * so the distance between the two rows is what the production transport adds to the floor's
 * measuring stub (retries, timeouts, CRC32, credentials, errors, binary). `dqlLean`: dql's
 * own calls (`db.first`, `db.all` of the dql (tag) row) on `createDql({ transport: 'lean' })`,
 * the figure the lean transport's budgets are about.
 */
import { createDql } from '../src/db.js'
import { createLeanTransport } from '../src/execute/lean/index.js'
import type { Transport } from '../src/execute/transport.js'
import { mapItem } from './floor.js'
import {
  BIN,
  BIN_EXTENDED,
  BINS_TABLE,
  CUSTOMER,
  ORDERS_TABLE,
  bins,
  orders,
  type Reader,
} from './fixtures.js'

/** dql (tag) on its lean transport: the dql (tag) row's statements, the bench's credentials. */
export function dqlLean(endpoint: string): Reader {
  const db = createDql({
    transport: 'lean',
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    tables: [bins, orders],
  })
  return {
    buildGet: () =>
      db.explain`FROM bins WHERE card_bin = ${BIN} AND card_bin_extended = ${BIN_EXTENDED}`,
    getItem: () =>
      db.first`FROM bins WHERE card_bin = ${BIN} AND card_bin_extended = ${BIN_EXTENDED}`,
    query: () => db.all`FROM orders WHERE customer_id = ${CUSTOMER}`,
  }
}

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
