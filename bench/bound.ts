/**
 * The bound under the floor, end to end against DynamoDB Local: one request signed once, its
 * bytes written again and again on one kept-alive socket, the answer's bytes counted and not
 * read (no parsing, no mapping, no new signature). No client can do less per call, so the
 * distance from this row to the raw SDK is what the server and the loopback take, and the
 * least ratio any client could reach against this server. A measurement only: DynamoDB Local
 * checks neither the signature's age nor the body's hash against a replay.
 */
import { connect, type Socket } from 'node:net'
import { Signer } from '../src/execute/lean/sign.js'
import { BIN, BIN_EXTENDED, BINS_TABLE, CUSTOMER, ORDERS_TABLE, type Reader } from './fixtures.js'

export function boundReader(endpoint: string): Reader {
  const url = new URL(endpoint)
  const signer = new Signer('local', url.host)
  const identity = { accessKeyId: 'local', secretAccessKey: 'local' }
  const bytes = (operation: string, payload: unknown): Buffer => {
    const body = JSON.stringify(payload)
    const headers = signer.sign(operation, body, identity, Date.now())
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${String(value)}\r\n`)
    return Buffer.from(`POST / HTTP/1.1\r\n${lines.join('')}connection: keep-alive\r\n\r\n${body}`)
  }
  const getItem = bytes('GetItem', {
    TableName: BINS_TABLE,
    Key: { card_bin: { S: BIN }, card_bin_extended: { S: BIN_EXTENDED } },
  })
  const query = bytes('Query', {
    TableName: ORDERS_TABLE,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': 'customer_id' },
    ExpressionAttributeValues: { ':pk': { S: CUSTOMER } },
  })

  let socket: Socket | undefined
  /** The call waiting for its answer, and what has come of it. */
  let waiting: { resolve: () => void; reject: (error: Error) => void } | undefined
  let head = ''
  let received = 0
  let expected = -1
  const onData = (chunk: Buffer) => {
    received += chunk.length
    if (expected < 0) {
      head += chunk.toString('latin1')
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) return
      const length = /\r\ncontent-length: *(\d+)/i.exec(head.slice(0, end))
      if (!head.startsWith('HTTP/1.1 200') || length === null) {
        waiting?.reject(new Error(`the bound row needs a 200 with a length: ${head.slice(0, end)}`))
        waiting = undefined
        return
      }
      expected = end + 4 + Number(length[1])
    }
    if (received >= expected) {
      const done = waiting
      waiting = undefined
      head = ''
      received = 0
      expected = -1
      done?.resolve()
    }
  }
  const open = (): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const made = connect(Number(url.port), url.hostname)
      made.setNoDelay(true)
      made.on('data', onData)
      made.on('error', (error) => {
        socket = undefined
        waiting?.reject(error)
        waiting = undefined
        reject(error)
      })
      made.on('close', () => (socket = undefined))
      made.once('connect', () => resolve(made))
    })
  const exchange = async (request: Buffer): Promise<undefined> => {
    const sock = socket ?? (socket = await open())
    await new Promise<void>((resolve, reject) => {
      waiting = { resolve, reject }
      sock.write(request)
    })
    return undefined
  }
  return {
    buildGet: () => getItem,
    getItem: () => exchange(getItem),
    query: () => exchange(query),
  }
}
