/**
 * The lean transport's SigV4 signer against the SDK's own (`@smithy/signature-v4` with the
 * SDK's pure-JS SHA-256): the same request at the same instant must get the same Authorization
 * header, over random regions, hosts, operations, bodies, credentials and dates.
 */
import { Sha256Js } from '@smithy/core/checksum'
import { SignatureV4 } from '@smithy/signature-v4'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { Signer, type Identity } from '../../../src/execute/lean/sign.js'

const operations = ['GetItem', 'Query', 'PutItem', 'TransactWriteItems', 'ListTables']

async function sdkAuthorization(
  region: string,
  host: string,
  operation: string,
  body: string,
  identity: Identity,
  now: number,
): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    credentials: identity,
    region,
    service: 'dynamodb',
    sha256: Sha256Js,
    applyChecksum: false,
  })
  const [hostname = '', port] = host.split(':')
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'https:',
      hostname,
      ...(port === undefined ? {} : { port: Number(port) }),
      path: '/',
      query: {},
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        host,
        'x-amz-target': `DynamoDB_20120810.${operation}`,
      },
      body,
    },
    { signingDate: new Date(now) },
  )
  return signed.headers
}

const identity = fc.record(
  {
    accessKeyId: fc.stringMatching(/^[A-Z0-9]{4,20}$/),
    secretAccessKey: fc.string({ minLength: 1, maxLength: 40 }),
    sessionToken: fc.stringMatching(/^[A-Za-z0-9+/=]{1,60}$/),
  },
  { requiredKeys: ['accessKeyId', 'secretAccessKey'] },
)

test('the Authorization header and x-amz-date are the SDK signer’s, for any request', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('us-east-1', 'eu-west-1', 'cn-north-1', 'local', 'ap-southeast-2'),
      fc.constantFrom(
        'dynamodb.us-east-1.amazonaws.com',
        '127.0.0.1:8000',
        'localhost:4567',
        'dynamodb.cn-north-1.amazonaws.com.cn',
      ),
      fc.constantFrom(...operations),
      fc.oneof(fc.string(), fc.json(), fc.string({ unit: 'grapheme' })),
      identity,
      // 2000-01-01 … 2099-12-31, to the millisecond
      fc.integer({ min: 946_684_800_000, max: 4_102_444_799_999 }),
      async (region, host, operation, body, who, now) => {
        const expected = await sdkAuthorization(region, host, operation, body, who, now)
        const signer = new Signer(region, host)
        const headers = signer.sign(operation, body, who, now)
        expect({
          authorization: headers.authorization,
          date: headers['x-amz-date'],
          token: headers['x-amz-security-token'],
        }).toEqual({
          authorization: expected.authorization,
          date: expected['x-amz-date'],
          token: expected['x-amz-security-token'],
        })
      },
    ),
    { numRuns: 300, seed: 20261201 },
  )
})

test('a signer reused across days, secrets and tokens signs each request as a new one would', async () => {
  const signer = new Signer('eu-west-1', '127.0.0.1:8000')
  const day = 86_400_000
  const start = Date.UTC(2026, 0, 31, 23, 59, 59, 500)
  const cases: [Identity, number][] = [
    [{ accessKeyId: 'A', secretAccessKey: 's1' }, start],
    [{ accessKeyId: 'A', secretAccessKey: 's1' }, start + 600],
    [{ accessKeyId: 'A', secretAccessKey: 's2', sessionToken: 't' }, start + 600],
    [{ accessKeyId: 'B', secretAccessKey: 's2' }, start + day],
    [{ accessKeyId: 'A', secretAccessKey: 's1' }, start + 2 * day],
  ]
  for (const [who, now] of cases) {
    const expected = await sdkAuthorization(
      'eu-west-1',
      '127.0.0.1:8000',
      'GetItem',
      '{}',
      who,
      now,
    )
    expect(signer.sign('GetItem', '{}', who, now).authorization).toBe(expected.authorization)
  }
})

test('the headers sent: content type, length in bytes, host, target, date, token', () => {
  const signer = new Signer('us-east-1', 'dynamodb.us-east-1.amazonaws.com')
  const headers = signer.sign(
    'Query',
    '{"TableName":"é"}',
    { accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'tok' },
    Date.UTC(2026, 11, 1, 5, 6, 7, 999),
  )
  const { authorization, ...rest } = headers
  expect(rest).toEqual({
    'content-type': 'application/x-amz-json-1.0',
    'content-length': 18,
    host: 'dynamodb.us-east-1.amazonaws.com',
    'x-amz-date': '20261201T050607Z',
    'x-amz-target': 'DynamoDB_20120810.Query',
    'x-amz-security-token': 'tok',
  })
  expect(authorization).toMatch(
    /^AWS4-HMAC-SHA256 Credential=AKID\/20261201\/us-east-1\/dynamodb\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=[0-9a-f]{64}$/,
  )
})
