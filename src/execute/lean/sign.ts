/**
 * AWS Signature Version 4 for DynamoDB's JSON protocol, by hand with node:crypto: every request
 * is a POST to `/` with no query string, so the canonical request is a fixed template with four
 * (five with a session token) headers, and only the body's hash, the date and the target vary.
 */
import { createHash, createHmac } from 'node:crypto'

/** What signs a request: the SDK's AwsCredentialIdentity, the same fields. */
export interface Identity {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string | undefined
  readonly expiration?: Date | undefined
}

/** The headers of one signed request, ready for `http.request` (a type: an interface would not fit its index signature). */
export type SignedHeaders = {
  'content-type': string
  'content-length': number
  host: string
  'x-amz-date': string
  'x-amz-target': string
  'x-amz-security-token'?: string
  authorization: string
}

export const CONTENT_TYPE = 'application/x-amz-json-1.0'
const TARGET_PREFIX = 'DynamoDB_20120810.'
const SERVICE = 'dynamodb'

/** Signs requests for one region and one `host` header (the endpoint's host[:port]). */
export class Signer {
  private readonly region: string
  private readonly host: string
  /** The last signing key, for this secret and day: it changes once a day, not per request. */
  private keySecret = ''
  private keyDay = ''
  private key: Buffer = Buffer.alloc(0)
  /** The last second's x-amz-date, so that requests in one second format the date once. */
  private dateSecond = -1
  private date = ''

  constructor(region: string, host: string) {
    this.region = region
    this.host = host
  }

  /** The headers for `operation` with `body`, signed with `identity` at `now` (epoch ms). */
  sign(operation: string, body: string, identity: Identity, now: number): SignedHeaders {
    const amzDate = this.amzDate(now)
    const day = amzDate.slice(0, 8)
    const target = TARGET_PREFIX + operation
    const token = identity.sessionToken
    const scope = `${day}/${this.region}/${SERVICE}/aws4_request`
    const signed =
      token === undefined
        ? 'content-type;host;x-amz-date;x-amz-target'
        : 'content-type;host;x-amz-date;x-amz-security-token;x-amz-target'
    const canonical =
      `POST\n/\n\ncontent-type:${CONTENT_TYPE}\nhost:${this.host}\nx-amz-date:${amzDate}\n` +
      (token === undefined ? '' : `x-amz-security-token:${token}\n`) +
      `x-amz-target:${target}\n\n${signed}\n` +
      createHash('sha256').update(body).digest('hex')
    const toSign =
      `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n` +
      createHash('sha256').update(canonical).digest('hex')
    const signature = createHmac('sha256', this.signingKey(identity.secretAccessKey, day))
      .update(toSign)
      .digest('hex')
    const headers: SignedHeaders = {
      'content-type': CONTENT_TYPE,
      'content-length': Buffer.byteLength(body),
      host: this.host,
      'x-amz-date': amzDate,
      'x-amz-target': target,
      authorization: `AWS4-HMAC-SHA256 Credential=${identity.accessKeyId}/${scope}, SignedHeaders=${signed}, Signature=${signature}`,
    }
    if (token !== undefined) headers['x-amz-security-token'] = token
    return headers
  }

  private amzDate(now: number): string {
    const second = Math.floor(now / 1000)
    if (second !== this.dateSecond) {
      // 2024-05-01T12:34:56.789Z → 20240501T123456Z
      const iso = new Date(second * 1000).toISOString()
      this.date =
        iso.slice(0, 4) +
        iso.slice(5, 7) +
        iso.slice(8, 13) +
        iso.slice(14, 16) +
        iso.slice(17, 19) +
        'Z'
      this.dateSecond = second
    }
    return this.date
  }

  private signingKey(secret: string, day: string): Buffer {
    if (secret !== this.keySecret || day !== this.keyDay) {
      const dateKey = hmac(`AWS4${secret}`, day)
      this.key = hmac(hmac(hmac(dateKey, this.region), SERVICE), 'aws4_request')
      this.keySecret = secret
      this.keyDay = day
    }
    return this.key
  }
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest()
}
