/**
 * Who the lean transport signs as, and for which region: the `credentials` option (an identity
 * or a provider, cached until five minutes before it expires, one refresh shared), a client's
 * credentials, region and endpoint, the environment, the SDK's default chains (credentials and
 * the AWS config file's region), and the refusals. A capture server records what was signed.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { defaultProvider } from '@aws-sdk/credential-provider-node'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { DqlError } from '../../../src/errors.js'
import { identityFromEnvironment, regionEndpoint } from '../../../src/execute/lean/credentials.js'
import { createLeanTransport, type LeanTransportOptions } from '../../../src/execute/lean/index.js'
import type { Transport } from '../../../src/execute/transport.js'

let server: Server
let endpoint = ''
let seen: IncomingHttpHeaders[] = []
let dir = ''
const open: Transport[] = []
const get = { TableName: 't', Key: { id: { S: 'k' } } }

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers)
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' })
      res.end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  endpoint = `http://127.0.0.1:${address.port}`
  dir = await mkdtemp(join(tmpdir(), 'dql-lean-credentials-'))
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await rm(dir, { recursive: true, force: true })
})

beforeEach(async () => {
  seen = []
  // No ambient AWS configuration: each test sets what it reads.
  for (const name of [
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'AWS_PROFILE',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
  ]) {
    vi.stubEnv(name, undefined)
  }
  const empty = join(dir, 'empty')
  await writeFile(empty, '')
  vi.stubEnv('AWS_CONFIG_FILE', empty)
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', empty)
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true')
})

afterEach(() => {
  vi.unstubAllEnvs()
  for (const made of open.splice(0)) made.destroy()
})

function transport(options: LeanTransportOptions): Transport {
  const made = createLeanTransport(options)
  open.push(made)
  return made
}

/** `AKID/20261201/eu-west-1`: who signed the request, on which day, for which region. */
function signer(headers: IncomingHttpHeaders | undefined): string {
  const match = /Credential=([^/]+)\/(\d{8})\/([^/]+)\/dynamodb\/aws4_request/.exec(
    String(headers?.authorization),
  )
  return match === null ? 'unsigned' : `${match[1]} ${match[3]}`
}

const who = { accessKeyId: 'AKID', secretAccessKey: 'secret' }

describe('credentials', () => {
  test('an identity signs every request; a session token is sent as x-amz-security-token', async () => {
    await transport({ endpoint, region: 'eu-west-1', credentials: who }).send('GetItem', get)
    await transport({
      endpoint,
      region: 'eu-west-1',
      credentials: { ...who, sessionToken: 'TOKEN' },
    }).send('GetItem', get)
    expect(seen.map((h) => [signer(h), h['x-amz-security-token']])).toEqual([
      ['AKID eu-west-1', undefined],
      ['AKID eu-west-1', 'TOKEN'],
    ])
  })

  test('a provider is asked once for requests sent together, and its identity kept', async () => {
    let calls = 0
    const lean = transport({
      endpoint,
      region: 'eu-west-1',
      credentials: async () => {
        calls++
        return { ...who, expiration: new Date(Date.now() + 3_600_000) }
      },
    })
    await Promise.all(Array.from({ length: 10 }, () => lean.send('GetItem', get)))
    await lean.send('GetItem', get)
    expect({ calls, signed: seen.map(signer) }).toEqual({
      calls: 1,
      signed: Array.from({ length: 11 }, () => 'AKID eu-west-1'),
    })
  })

  test('an identity within five minutes of its expiration is asked for again', async () => {
    let calls = 0
    const lean = transport({
      endpoint,
      region: 'eu-west-1',
      credentials: async () => {
        calls++
        return { ...who, accessKeyId: `K${calls}`, expiration: new Date(Date.now() + 240_000) }
      },
    })
    await lean.send('GetItem', get)
    await lean.send('GetItem', get)
    expect(seen.map(signer)).toEqual(['K1 eu-west-1', 'K2 eu-west-1'])
  })

  test('a provider that fails fails the call; the next call asks it again', async () => {
    let calls = 0
    const lean = transport({
      endpoint,
      region: 'eu-west-1',
      credentials: async () => {
        calls++
        if (calls === 1) throw new Error('no credentials yet')
        return who
      },
    })
    await expect(lean.send('GetItem', get)).rejects.toThrow('no credentials yet')
    await lean.send('GetItem', get)
    expect({ calls, signed: seen.map(signer) }).toEqual({ calls: 2, signed: ['AKID eu-west-1'] })
  })

  test('a provider that returns no identity is usage.bad-argument', async () => {
    const lean = transport({
      endpoint,
      region: 'eu-west-1',
      credentials: async () => ({ accessKeyId: 'only' }) as never,
    })
    await expect(lean.send('GetItem', get)).rejects.toMatchObject({
      code: 'usage.bad-argument',
      message: 'The credentials provider returned no { accessKeyId, secretAccessKey }.',
    })
  })

  test('without the option, the SDK’s default chain: here, the environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ENVKEY')
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'envsecret')
    await transport({ endpoint, region: 'us-west-2' }).send('GetItem', get)
    expect(seen.map(signer)).toEqual(['ENVKEY us-west-2'])
  })

  test('the environment is read as the SDK’s default chain reads it first, profile rule included', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const values = {
      AWS_ACCESS_KEY_ID: [undefined, '', 'ENVKEY'],
      AWS_SECRET_ACCESS_KEY: [undefined, 'envsecret'],
      AWS_SESSION_TOKEN: [undefined, 'token'],
      AWS_CREDENTIAL_EXPIRATION: [undefined, '2099-01-01T00:00:00Z'],
      AWS_PROFILE: [undefined, 'nowhere'],
    }
    let compared = 0
    for (const key of values.AWS_ACCESS_KEY_ID)
      for (const secret of values.AWS_SECRET_ACCESS_KEY)
        for (const token of values.AWS_SESSION_TOKEN)
          for (const expiry of values.AWS_CREDENTIAL_EXPIRATION)
            for (const profile of values.AWS_PROFILE) {
              const env = {
                AWS_ACCESS_KEY_ID: key,
                AWS_SECRET_ACCESS_KEY: secret,
                AWS_SESSION_TOKEN: token,
                AWS_CREDENTIAL_EXPIRATION: expiry,
                AWS_PROFILE: profile,
              }
              for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value)
              // The SDK's chain, with no config file and no instance metadata: the environment or
              // nothing. Its extra members ($source, credentialScope, accountId) are not signed with.
              const sdk = await defaultProvider()().then(
                ({ accessKeyId, secretAccessKey, sessionToken, expiration }) => ({
                  accessKeyId,
                  secretAccessKey,
                  ...(sessionToken === undefined ? {} : { sessionToken }),
                  ...(expiration === undefined ? {} : { expiration }),
                }),
                () => undefined,
              )
              expect({ env, identity: identityFromEnvironment(process.env) }).toEqual({
                env,
                identity: sdk,
              })
              compared++
            }
    expect(compared).toBe(48)
    warn.mockRestore()
  })

  test('a client: its credentials, region and endpoint; the options win over it', async () => {
    const client = new DynamoDBClient({
      endpoint,
      region: 'ap-south-1',
      credentials: { accessKeyId: 'CLIENTKEY', secretAccessKey: 's' },
    })
    await transport({ client }).send('GetItem', get)
    await transport({ client, region: 'eu-north-1', credentials: who }).send('GetItem', get)
    client.destroy()
    expect(seen.map(signer)).toEqual(['CLIENTKEY ap-south-1', 'AKID eu-north-1'])
  })
})

describe('region', () => {
  test('from AWS_REGION, else AWS_DEFAULT_REGION, else the AWS config file’s profile', async () => {
    vi.stubEnv('AWS_DEFAULT_REGION', 'sa-east-1')
    await transport({ endpoint, credentials: who }).send('GetItem', get)
    vi.stubEnv('AWS_REGION', 'ca-central-1')
    await transport({ endpoint, credentials: who }).send('GetItem', get)
    vi.stubEnv('AWS_REGION', undefined)
    vi.stubEnv('AWS_DEFAULT_REGION', undefined)
    const config = join(dir, 'config')
    await writeFile(config, '[default]\nregion = me-south-1\n')
    vi.stubEnv('AWS_CONFIG_FILE', config)
    await transport({ endpoint, credentials: who }).send('GetItem', get)
    expect(seen.map(signer)).toEqual(['AKID sa-east-1', 'AKID ca-central-1', 'AKID me-south-1'])
  })

  test('no region anywhere: the first request fails with usage.bad-argument, nothing sent', async () => {
    const error = await transport({ endpoint, credentials: who })
      .send('GetItem', get)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DqlError)
    expect(error).toMatchObject({ code: 'usage.bad-argument' })
    expect(String(Reflect.get(Object(error), 'message'))).toContain('needs a region')
    expect(seen).toEqual([])
  })

  test('a failed setup is tried again by the next call: set AWS_REGION, and it is sent', async () => {
    const lean = transport({ endpoint, credentials: who })
    await expect(lean.send('GetItem', get)).rejects.toMatchObject({ code: 'usage.bad-argument' })
    vi.stubEnv('AWS_REGION', 'af-south-1')
    await lean.send('GetItem', get)
    expect(seen.map(signer)).toEqual(['AKID af-south-1'])
  })

  test('the public endpoint of a region: amazonaws.com, amazonaws.com.cn in China', () => {
    expect(
      ['eu-west-1', 'cn-north-1', 'cn-northwest-1', 'us-gov-west-1'].map(regionEndpoint),
    ).toEqual([
      'https://dynamodb.eu-west-1.amazonaws.com',
      'https://dynamodb.cn-north-1.amazonaws.com.cn',
      'https://dynamodb.cn-northwest-1.amazonaws.com.cn',
      'https://dynamodb.us-gov-west-1.amazonaws.com',
    ])
  })
})

describe('options are checked when the transport is made', () => {
  test.each([
    [{ maxAttempts: 0 }, 'maxAttempts is a whole number from 1 to 50 (default 4), not 0.'],
    [{ maxAttempts: 2.5 }, 'maxAttempts is a whole number from 1 to 50 (default 4), not 2.5.'],
    [
      { requestTimeoutMs: Number.NaN },
      'requestTimeoutMs is a whole number from 1 to 300000 (default 20000), not NaN.',
    ],
    [
      { connectionTimeoutMs: -1 },
      'connectionTimeoutMs is a whole number from 1 to 300000 (default 3000), not -1.',
    ],
    [
      { endpoint: 'localhost:8000' },
      'endpoint is an http:// or https:// URL such as http://localhost:8000, not localhost:8000.',
    ],
    [
      { credentials: { accessKeyId: 'A' } },
      'credentials is { accessKeyId, secretAccessKey, sessionToken? } or a function that returns a promise of one.',
    ],
  ])('%j', (options, message) => {
    const given: Record<string, unknown> = options
    expect(() => createLeanTransport({ region: 'eu-west-1', ...given })).toThrow(
      expect.objectContaining({ code: 'usage.bad-argument', message }),
    )
  })
})
