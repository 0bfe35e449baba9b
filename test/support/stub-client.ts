/**
 * A DynamoDB client answered in process: `answer` gets each request's operation (`Query`,
 * `BatchGetItem` …) and its JSON input, and returns the response body as DynamoDB's JSON
 * text. No socket, no engine: the SDK serialises the request and parses the answer as it would
 * a real one.
 */
import { Readable } from 'node:stream'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'

export type Answer = (operation: string, input: Record<string, unknown>) => Buffer | string

export function stubClient(answer: Answer): DynamoDBClient {
  const requestHandler = {
    async handle(request: { headers: Record<string, string>; body?: unknown }) {
      const target = request.headers['x-amz-target'] ?? ''
      const operation = target.slice(target.indexOf('.') + 1)
      const input = JSON.parse(String(request.body)) as Record<string, unknown>
      const answered = answer(operation, input)
      const body = typeof answered === 'string' ? Buffer.from(answered) : answered
      return {
        response: {
          statusCode: 200,
          reason: 'OK',
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'content-length': String(body.length),
          },
          body: Readable.from([body]),
        },
      }
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  }
  return new DynamoDBClient({
    region: 'local',
    endpoint: 'http://stub.invalid',
    credentials: { accessKeyId: 'stub', secretAccessKey: 'stub' },
    requestHandler,
  })
}
