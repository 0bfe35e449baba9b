import { describe } from 'vitest'
import { dynaliteEngine } from '../support/engine.js'
import { defineReadSuite } from '../support/read-suite.js'

describe('reads on dynalite', () => {
  defineReadSuite(dynaliteEngine)
})
