import { describe } from 'vitest'
import { startEmbedded } from '../../src/execute/embedded.js'
import { defineFaultSuite } from '../support/fault-suite.js'

describe('faults on dynalite', () => {
  defineFaultSuite(async () => {
    const engine = await startEmbedded()
    return { name: 'dynalite', endpoint: engine.endpoint, region: 'local', close: engine.close }
  })
})
