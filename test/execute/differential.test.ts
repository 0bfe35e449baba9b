import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  belowFloors,
  FLOORS,
  newCounts,
  runDifferential,
  SEED,
  summary,
} from '../support/differential.js'
import { dynaliteEngine, type Engine } from '../support/engine.js'

const counts = newCounts()
let engine: Engine

beforeAll(async () => {
  engine = await dynaliteEngine()
})
afterAll(async () => {
  console.log(summary('dynalite', SEED, counts))
  await engine?.close()
})

test('random statements over random tables return what the reference evaluator says the table holds', async () => {
  await runDifferential(
    engine.client,
    { seed: SEED, runs: 30, statements: 12, prefix: 'diff' },
    counts,
  )
  expect(counts.mismatches).toBe(0)
  expect(counts.cases).toBe(360)
  // Most random statements must run, not be refused, for the comparison to mean something;
  // and each operation and each operator must have run often enough.
  expect(counts.ran).toBeGreaterThan(counts.cases / 2)
  expect(belowFloors(counts, FLOORS)).toEqual([])
}, 300_000)
