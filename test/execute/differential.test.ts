import { afterAll, beforeAll, expect, test } from 'vitest'
import { dynaliteEngine, type Engine } from '../support/engine.js'
import { newCounts, runDifferential } from '../support/differential.js'

const SEED = 424242
const counts = newCounts()
let engine: Engine

beforeAll(async () => {
  engine = await dynaliteEngine()
})
afterAll(async () => {
  console.log(
    `differential on dynalite (seed ${SEED}): ${counts.cases} cases, ${counts.ran} ran, ` +
      `${counts.refused} refused ${JSON.stringify(counts.refusals)}, ${counts.mismatches} mismatches`,
  )
  await engine?.close()
})

test('random statements over random tables return exactly what the reference evaluator returns', async () => {
  await runDifferential(
    engine.client,
    { seed: SEED, runs: 30, statements: 12, prefix: 'diff' },
    counts,
  )
  expect(counts.mismatches).toBe(0)
  expect(counts.cases).toBe(360)
  // Most random statements must run, not be refused, for the comparison to mean something.
  expect(counts.ran).toBeGreaterThan(counts.cases / 2)
}, 300_000)
