/**
 * The embedded DynamoDB: dynalite in this process, in memory, on a free loopback port, with a
 * client ready to use. The REPL, the examples and the tests start it; `close` stops it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import dynalite from 'dynalite'

/** A running embedded DynamoDB. */
export interface EmbeddedDynamo {
  /** A client for it (region `local`, dummy credentials). */
  readonly client: DynamoDBClient
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string
  /** Stops the server and destroys the client. */
  close(): Promise<void>
}

/** Starts dynalite in memory on `port` (default: a free one) and returns a ready client. */
export async function startEmbedded(options: { port?: number } = {}): Promise<EmbeddedDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  if (address === null || typeof address === 'string') {
    throw new Error('unreachable: a TCP server listening on a port has an address')
  }
  const { port } = address
  const endpoint = `http://127.0.0.1:${port}`
  const client = localClient(endpoint)
  return {
    client,
    endpoint,
    close: async () => {
      client.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/**
 * A client for a local engine (dynalite, DynamoDB Local) with dummy credentials. DynamoDB
 * Local keeps one database per region, so a region of its own isolates a caller.
 */
export function localClient(endpoint: string, region = 'local'): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
}
