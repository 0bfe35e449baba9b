import { describe } from 'vitest'
import { startEmbedded } from '../../src/execute/embedded.js'
import { defineWriteFaultSuite } from '../support/write-fault-suite.js'

// dynalite has no transactions: they are tested on DynamoDB Local.
describe('write faults on dynalite', () => {
  defineWriteFaultSuite(
    async () => {
      const engine = await startEmbedded()
      return { name: 'dynalite', endpoint: engine.endpoint, region: 'local', close: engine.close }
    },
    { transactions: false },
  )
})
