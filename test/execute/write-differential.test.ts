import { afterAll, beforeAll } from 'vitest'
import { dynaliteEngine, type Engine } from '../support/engine.js'
import { registerWriteDifferential } from '../support/write-differential-suite.js'

let engine: Engine

beforeAll(async () => {
  engine = await dynaliteEngine()
}, 60_000)
afterAll(async () => engine?.close())

registerWriteDifferential(() => engine, 'diff')
