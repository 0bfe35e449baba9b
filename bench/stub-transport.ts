/**
 * An in-process transport for the DynamoDB client: a request handler that answers every
 * operation with a canned DynamoDB JSON response, without a socket. With it, a benchmark
 * measures only the client-side cost of a call: building the request, signing, the
 * middleware stack, parsing the response, and whatever the library on top does.
 */
import { Readable } from 'node:stream'

/** Canned response bodies by DynamoDB operation (`GetItem`, `Query`, `ExecuteStatement` …). */
export type CannedResponses = Readonly<Record<string, unknown>>

interface StubRequest {
  readonly headers: Record<string, string>
}

/**
 * A `requestHandler` for `new DynamoDBClient({ requestHandler })`. Bodies are serialised once;
 * each call gets a fresh stream over the same bytes, as a socket would give.
 */
export function stubRequestHandler(responses: CannedResponses) {
  const bodies = new Map<string, Buffer>()
  for (const [operation, body] of Object.entries(responses)) {
    bodies.set(operation, Buffer.from(JSON.stringify(body)))
  }
  let requests = 0
  return {
    /** How many requests the handler answered: a suite checks its rows really sent. */
    get requests() {
      return requests
    },
    async handle(request: StubRequest) {
      requests++
      const target = request.headers['x-amz-target'] ?? ''
      const operation = target.slice(target.indexOf('.') + 1)
      const body = bodies.get(operation)
      if (body === undefined) throw new Error(`The stub transport has no response for ${target}`)
      // A plain object passes the SDK's HttpResponse.isInstance check (status + headers).
      return {
        response: {
          statusCode: 200,
          reason: 'OK',
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'content-length': String(body.length),
            'x-amzn-requestid': 'STUB',
          },
          body: Readable.from([body]),
        },
      }
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {}
    },
    destroy() {},
  }
}
