import { describe, inject } from 'vitest'
import { defineWriteFaultSuite } from '../support/write-fault-suite.js'

const endpoint = inject('dynamoLocal')

describe.skipIf(endpoint === null)('write faults on DynamoDB Local', () => {
  defineWriteFaultSuite(
    async () => ({
      name: 'DynamoDB Local',
      endpoint: endpoint ?? '',
      region: 'conformance-write-faults',
      close: async () => {},
    }),
    { transactions: true },
  )
})
