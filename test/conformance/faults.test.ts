import { describe, inject } from 'vitest'
import { defineFaultSuite } from '../support/fault-suite.js'

const endpoint = inject('dynamoLocal')

describe.skipIf(endpoint === null)('faults on DynamoDB Local', () => {
  defineFaultSuite(async () => ({
    name: 'DynamoDB Local',
    endpoint: endpoint!,
    region: 'conformance-faults',
    close: async () => {},
  }))
})
