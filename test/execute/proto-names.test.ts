import { describe } from 'vitest'
import { dynaliteEngine } from '../support/engine.js'
import { defineProtoNameSuite } from '../support/proto-names.js'

// dynalite refuses a top-level __proto__ attribute and drops a nested one: constructor only.
describe('names of Object.prototype on dynalite', () => {
  defineProtoNameSuite(dynaliteEngine, { proto: false })
})
