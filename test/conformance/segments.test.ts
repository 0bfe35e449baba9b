import { describe, inject } from 'vitest'
import { dynamoLocalEngine } from '../support/engine.js'
import { defineSegmentsSuite } from '../support/segments-suite.js'

const endpoint = inject('dynamoLocal')

describe.skipIf(endpoint === null)('parallel SCAN on DynamoDB Local', () => {
  defineSegmentsSuite(async () => dynamoLocalEngine(endpoint!, 'conformance-segments'))
})
