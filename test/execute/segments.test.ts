import { describe } from 'vitest'
import { dynaliteEngine } from '../support/engine.js'
import { defineSegmentsSuite } from '../support/segments-suite.js'

describe('parallel SCAN on dynalite', () => {
  defineSegmentsSuite(dynaliteEngine)
})
