/**
 * The shell's client for `--endpoint` (or for AWS with `--region`): the SDK's own region and
 * credential chain (environment, shared profile, `--region`), as any program using the SDK
 * would resolve them, so that the shell sees the tables that program made. DynamoDB Local
 * keeps one database per access key and region, so placeholders in place of the configured
 * ones would show another, empty database. Placeholders are used only for a loopback endpoint
 * when nothing is configured, since a local engine accepts any key.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createClient } from '../execute/create-client.js'

/** Used for a loopback endpoint when no region or credentials are configured. */
export const PLACEHOLDER_REGION = 'us-east-1'
export const PLACEHOLDER_KEY = 'local'

export interface Connection {
  readonly client: DynamoDBClient
  readonly region: string
  readonly accessKeyId: string
  /** What stood in for configuration that was missing, e.g. `region us-east-1 (placeholder)`. */
  readonly placeholders: readonly string[]
}

/** A failure to configure the client, said in the shell's terms. */
export class ConnectError extends Error {}

/** Whether `endpoint` is a URL on this machine (DynamoDB Local, dynalite). */
export function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host)
}

/** A client on `endpoint` (or AWS when undefined) in `region` or the configured one. */
export async function connect(endpoint: string | undefined, region?: string): Promise<Connection> {
  const loopback = endpoint !== undefined && isLoopback(endpoint)
  // The chain's last resort, the EC2 instance metadata service, only delays a loopback start.
  if (loopback) process.env.AWS_EC2_METADATA_DISABLED ??= 'true'
  const placeholders: string[] = []
  const probe = createClient({ endpoint, region })
  const resolvedRegion = await probe.config.region().catch(() => undefined)
  const credentials = await probe.config.credentials().catch((error: unknown) => error)
  const hasCredentials =
    typeof credentials === 'object' && credentials !== null && 'accessKeyId' in credentials
  if (resolvedRegion !== undefined && hasCredentials) {
    return {
      client: probe,
      region: resolvedRegion,
      accessKeyId: String(credentials.accessKeyId),
      placeholders,
    }
  }
  probe.destroy()
  if (!loopback) {
    throw new ConnectError(
      resolvedRegion === undefined
        ? 'no region configured: pass --region or set AWS_REGION (or a profile with a region)'
        : `no AWS credentials found (${credentials instanceof Error ? credentials.message : String(credentials)}): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE`,
    )
  }
  if (resolvedRegion === undefined) placeholders.push(`region ${PLACEHOLDER_REGION}`)
  if (!hasCredentials) placeholders.push(`access key ${PLACEHOLDER_KEY}`)
  const client = createClient({
    endpoint,
    region: resolvedRegion ?? PLACEHOLDER_REGION,
    ...(hasCredentials
      ? {}
      : { credentials: { accessKeyId: PLACEHOLDER_KEY, secretAccessKey: PLACEHOLDER_KEY } }),
  })
  return {
    client,
    region: resolvedRegion ?? PLACEHOLDER_REGION,
    accessKeyId: hasCredentials ? String(credentials.accessKeyId) : PLACEHOLDER_KEY,
    placeholders,
  }
}
