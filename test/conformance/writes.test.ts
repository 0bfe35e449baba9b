import { afterAll, beforeAll, describe, inject } from 'vitest'
import { dynamoLocalEngine, type Engine } from '../support/engine.js'
import { registerWriteSuite } from '../support/write-suite.js'

const endpoint = inject('dynamoLocal')

describe.skipIf(endpoint === null)('writes on DynamoDB Local', () => {
  let engine: Engine
  beforeAll(() => {
    engine = dynamoLocalEngine(endpoint!, 'conformance-writes')
  })
  afterAll(async () => engine?.close())
  registerWriteSuite({ engine: () => engine, returnsCurrent: true })
})
