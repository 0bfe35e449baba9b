/**
 * The floor: the least a correct DynamoDB client can do for a GetItem or a Query, written by
 * hand for the bench only (dql does not ship it). One keep-alive `node:http` agent, SigV4
 * signed with `node:crypto`, the body parsed with `JSON.parse` and each attribute value mapped
 * directly to a JS value. No retries, no middleware, no endpoint resolution: the distance from
 * this row to the raw SDK is what the SDK's machinery costs per call.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { createHash, createHmac } from 'node:crypto'
import { Agent, request } from 'node:http'
import {
  BIN,
  BIN_EXTENDED,
  BINS_TABLE,
  CUSTOMER,
  ORDERS_TABLE,
  clientConfig,
  type Reader,
} from './fixtures.js'

const SIGNED_HEADERS = 'content-type;host;x-amz-date;x-amz-target'

/** A floor client for one `http://` endpoint, with the bench's dummy credentials and region. */
export function floorClient(endpoint: string): Reader {
  const config = clientConfig({})
  const region = String(config.region)
  const credentials = config.credentials
  if (typeof credentials !== 'object' || credentials === null || !('accessKeyId' in credentials)) {
    throw new Error('the bench configuration has static credentials')
  }
  const { accessKeyId, secretAccessKey } = credentials
  const url = new URL(endpoint)
  const agent = new Agent({ keepAlive: true, maxSockets: 50 })
  let signingDay = ''
  let signingKey: Buffer = Buffer.alloc(0)

  const send = (operation: string, payload: unknown): Promise<Record<string, unknown>> => {
    const body = JSON.stringify(payload)
    const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '')
    const day = amzDate.slice(0, 8)
    if (day !== signingDay) {
      const hmac = (key: string | Buffer, data: string) =>
        createHmac('sha256', key).update(data).digest()
      signingKey = hmac(
        hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), 'dynamodb'),
        'aws4_request',
      )
      signingDay = day
    }
    const target = `DynamoDB_20120810.${operation}`
    const scope = `${day}/${region}/dynamodb/aws4_request`
    const canonical =
      `POST\n/\n\ncontent-type:application/x-amz-json-1.0\nhost:${url.host}\n` +
      `x-amz-date:${amzDate}\nx-amz-target:${target}\n\n${SIGNED_HEADERS}\n` +
      createHash('sha256').update(body).digest('hex')
    const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash('sha256').update(canonical).digest('hex')}`
    const signature = createHmac('sha256', signingKey).update(toSign).digest('hex')
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/',
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'content-length': Buffer.byteLength(body),
            host: url.host,
            'x-amz-date': amzDate,
            'x-amz-target': target,
            authorization:
              `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, ` +
              `SignedHeaders=${SIGNED_HEADERS}, Signature=${signature}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8')
            if (res.statusCode !== 200) reject(new Error(`${res.statusCode}: ${text}`))
            else resolve(JSON.parse(text) as Record<string, unknown>)
          })
          res.on('error', reject)
        },
      )
      req.on('error', reject)
      req.end(body)
    })
  }
  const key = { card_bin: { S: BIN }, card_bin_extended: { S: BIN_EXTENDED } }
  return {
    buildGet: () => ({ TableName: BINS_TABLE, Key: key }),
    async getItem() {
      const output = await send('GetItem', { TableName: BINS_TABLE, Key: key })
      return output.Item === undefined ? undefined : mapItem(output.Item as Item)
    },
    async query() {
      const output = await send('Query', {
        TableName: ORDERS_TABLE,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'customer_id' },
        ExpressionAttributeValues: { ':pk': { S: CUSTOMER } },
      })
      return ((output.Items ?? []) as Item[]).map(mapItem)
    },
  }
}

type Item = Record<string, AttributeValue>

/** The floor's direct mapping, which the lean transport's row shares (bench/lean.ts). */
export function mapItem(item: Item): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const name in item) out[name] = mapValue(item[name]!)
  return out
}

function mapValue(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S
  if (value.N !== undefined) return Number(value.N)
  if (value.BOOL !== undefined) return value.BOOL
  if (value.NULL !== undefined) return null
  if (value.M !== undefined) return mapItem(value.M)
  if (value.L !== undefined) return value.L.map(mapValue)
  if (value.SS !== undefined) return new Set(value.SS)
  if (value.NS !== undefined) return new Set(value.NS.map(Number))
  if (value.B !== undefined) return Buffer.from(String(value.B), 'base64')
  throw new Error(`unmapped attribute value ${Object.keys(value).join()}`)
}
