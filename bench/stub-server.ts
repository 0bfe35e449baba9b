/**
 * A stub DynamoDB over HTTP, run in a process of its own by the floor question: it answers
 * every request with the canned response of its `X-Amz-Target` operation, with the
 * `x-amz-crc32` header DynamoDB sends (the lean transport checks it), so the bench process
 * measures only the client's CPU per call. Prints its port, then serves until killed.
 */
import { createServer } from 'node:http'
import { crc32 } from 'node:zlib'
import { cannedResponses } from './fixtures.js'

const operation = process.argv[2] === 'query' ? 'query' : 'getItem'
const bodies = new Map<string, { bytes: Buffer; crc32: string }>()
for (const [name, body] of Object.entries(cannedResponses(operation))) {
  const bytes = Buffer.from(JSON.stringify(body))
  bodies.set(name, { bytes, crc32: String(crc32(bytes)) })
}
const server = createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    const target = String(req.headers['x-amz-target'] ?? '')
    const body = bodies.get(target.slice(target.indexOf('.') + 1))
    if (body === undefined) {
      res.writeHead(400).end()
      return
    }
    res.writeHead(200, {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': String(body.bytes.length),
      'x-amzn-requestid': 'STUB',
      'x-amz-crc32': body.crc32,
    })
    res.end(body.bytes)
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`)
})
