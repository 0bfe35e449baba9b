import { describe, inject } from 'vitest'
import { dynamoLocalEngine } from '../support/engine.js'
import { defineProtoNameSuite } from '../support/proto-names.js'

const endpoint = inject('dynamoLocal')

describe.skipIf(endpoint === null)('names of Object.prototype on DynamoDB Local', () => {
  defineProtoNameSuite(async () => dynamoLocalEngine(endpoint!, 'conformance-proto-names'), {
    proto: true,
  })
})
