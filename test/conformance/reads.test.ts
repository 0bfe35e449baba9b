import { describe, inject } from 'vitest'
import { dynamoLocalEngine } from '../support/engine.js'
import { defineReadSuite } from '../support/read-suite.js'

const endpoint = inject('dynamoLocal')

describe.skipIf(endpoint === null)('reads on DynamoDB Local', () => {
  defineReadSuite(async () => dynamoLocalEngine(endpoint!, 'conformance-reads'))
})
