/**
 * Who signs, and for which region. Credentials come from the `credentials` option (an identity
 * or a provider), a DynamoDBClient's own provider, or the SDK's default chain (environment,
 * SSO, profiles, web identity, container and instance roles), loaded with `import()` on the
 * first request only. An identity is kept until five minutes before its `expiration`, and one
 * refresh at a time is shared by the requests that need it.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { DqlError } from '../../errors.js'
import { isIdentity } from './identity.js'
import type { Identity } from './sign.js'

export type IdentityProvider = () => Promise<Identity>

/** Refresh this long before an identity expires, as the SDK does. */
const EXPIRY_MARGIN_MS = 5 * 60_000

/** The identity of a transport, cached. */
export class Credentials {
  private readonly provide: IdentityProvider
  private identity: Identity | undefined
  /** When the cached identity must be refreshed (epoch ms); Infinity for one that never expires. */
  private refreshAt = 0
  private refreshing: Promise<Identity> | undefined

  constructor(source: Identity | IdentityProvider) {
    if (typeof source === 'function') {
      this.provide = source
    } else {
      this.provide = () => Promise.resolve(source)
      this.keep(source)
    }
  }

  /** The cached identity while it is fresh, else undefined (then `refresh`). */
  current(now: number): Identity | undefined {
    return now < this.refreshAt ? this.identity : undefined
  }

  /** Asks the provider, once for all the requests waiting on it. */
  refresh(): Promise<Identity> {
    this.refreshing ??= this.provide().then(
      (identity) => {
        this.refreshing = undefined
        if (!isIdentity(identity)) {
          throw new DqlError(
            'usage.bad-argument',
            'The credentials provider returned no { accessKeyId, secretAccessKey }.',
          )
        }
        this.keep(identity)
        return identity
      },
      (error: unknown) => {
        this.refreshing = undefined
        throw error
      },
    )
    return this.refreshing
  }

  private keep(identity: Identity): void {
    this.identity = identity
    const expiration = identity.expiration
    this.refreshAt =
      expiration instanceof Date
        ? expiration.getTime() - EXPIRY_MARGIN_MS
        : Number.POSITIVE_INFINITY
  }
}

/** The packages the SDK's client depends on, resolved from it (dql does not depend on them). */
function sdkRequire(): NodeJS.Require {
  const own = createRequire(import.meta.url)
  return createRequire(own.resolve('@aws-sdk/client-dynamodb'))
}

/** An export of a package the SDK depends on, loaded with import() (a CommonJS module's named export or its default's member). */
async function sdkExport(specifier: string, name: string): Promise<unknown> {
  const module: unknown = await import(pathToFileURL(sdkRequire().resolve(specifier)).href)
  if (typeof module !== 'object' || module === null) return undefined
  const named: unknown = Reflect.get(module, name)
  if (named !== undefined) return named
  const fallback: unknown = Reflect.get(module, 'default')
  return typeof fallback === 'object' && fallback !== null ? Reflect.get(fallback, name) : undefined
}

/**
 * The environment's credentials, read as the first link of the SDK's default chain reads them:
 * AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, with AWS_SESSION_TOKEN and
 * AWS_CREDENTIAL_EXPIRATION when set — unless a profile is named (AWS_PROFILE), when the chain
 * skips them and so does this. AWS Lambda always sets them, so there the chain is never loaded.
 */
export function identityFromEnvironment(env: NodeJS.ProcessEnv): Identity | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY
  if (env.AWS_PROFILE || !accessKeyId || !secretAccessKey) return undefined
  const sessionToken = env.AWS_SESSION_TOKEN
  const expiry = env.AWS_CREDENTIAL_EXPIRATION
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken ? { sessionToken } : {}),
    ...(expiry ? { expiration: new Date(expiry) } : {}),
  }
}

/** The SDK's default credential chain, loaded on first use. */
export function defaultChain(): IdentityProvider {
  let chain: IdentityProvider | undefined
  return async () => {
    const fromEnvironment = identityFromEnvironment(process.env)
    if (fromEnvironment !== undefined) return fromEnvironment
    if (chain === undefined) {
      const module: unknown = await import(
        sdkRequire().resolve('@aws-sdk/credential-provider-node')
      )
      const make: unknown =
        typeof module === 'object' && module !== null
          ? Reflect.get(module, 'defaultProvider')
          : undefined
      if (typeof make !== 'function')
        throw new Error('@aws-sdk/credential-provider-node has no defaultProvider')
      const provider: unknown = make()
      if (typeof provider !== 'function') throw new Error('defaultProvider() is not a provider')
      chain = async () => {
        const identity: unknown = await provider()
        if (!isIdentity(identity))
          throw new Error('the default credential chain returned no identity')
        return identity
      }
    }
    return chain()
  }
}

/** A client's credentials provider, region and endpoint (when it was given one). */
export async function fromClient(
  client: DynamoDBClient,
): Promise<{ provider: IdentityProvider; region: string; endpoint: string | undefined }> {
  const config = client.config
  const provider: IdentityProvider = async () => {
    const identity: unknown = await config.credentials()
    if (!isIdentity(identity))
      throw new Error('the client’s credentials provider returned no identity')
    return identity
  }
  const region = await config.region()
  let endpoint: string | undefined
  if (config.isCustomEndpoint === true && config.endpoint !== undefined) {
    const { protocol, hostname, port, path } = await config.endpoint()
    const host = hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : hostname
    endpoint = `${protocol}//${host}${port === undefined ? '' : `:${port}`}${path}`
  }
  return { provider, region, endpoint }
}

/** The region from the environment (AWS_REGION, then AWS_DEFAULT_REGION), if set. */
export function regionFromEnvironment(): string | undefined {
  const region = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION
  return region === undefined || region === '' ? undefined : region
}

/** The SDK's region chain (environment, then the shared config file's profile), loaded lazily. */
export async function regionFromChain(): Promise<string | undefined> {
  const loadConfig = await sdkExport('@smithy/core/config', 'loadConfig')
  const options = await sdkExport('@smithy/core/config', 'NODE_REGION_CONFIG_OPTIONS')
  const fileOptions = await sdkExport('@smithy/core/config', 'NODE_REGION_CONFIG_FILE_OPTIONS')
  if (typeof loadConfig !== 'function') return undefined
  const provider: unknown = loadConfig(options, fileOptions)
  if (typeof provider !== 'function') return undefined
  try {
    const region: unknown = await provider()
    return typeof region === 'string' && region !== '' ? region : undefined
  } catch {
    return undefined
  }
}

export function missingRegion(): DqlError {
  return new DqlError(
    'usage.bad-argument',
    'The lean transport needs a region: give { region } (or a client, or an endpoint and a region), or set AWS_REGION, or a region in the AWS config file’s profile.',
  )
}

/** DynamoDB's public endpoint for a region: amazonaws.com, amazonaws.com.cn in China. */
export function regionEndpoint(region: string): string {
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'
  return `https://dynamodb.${region}.${suffix}`
}
