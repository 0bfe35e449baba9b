import { afterAll, beforeAll } from 'vitest'
import { dynaliteEngine, type Engine } from '../support/engine.js'
import { registerWriteSuite } from '../support/write-suite.js'

let engine: Engine

beforeAll(async () => {
  engine = await dynaliteEngine()
}, 60_000)
afterAll(async () => engine?.close())

registerWriteSuite({ engine: () => engine, returnsCurrent: false })
