import { afterAll, beforeAll, describe, inject } from 'vitest'
import { dynamoLocalEngine, type Engine } from '../support/engine.js'
import { registerWriteDifferential } from '../support/write-differential-suite.js'

const endpoint = inject('dynamoLocal')

describe.skipIf(endpoint === null)('differential writes on DynamoDB Local', () => {
  let engine: Engine
  beforeAll(() => {
    engine = dynamoLocalEngine(endpoint!, 'conformance-write-differential')
  })
  afterAll(async () => engine?.close())
  registerWriteDifferential(() => engine, 'wdiff')
})
