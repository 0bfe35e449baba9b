import { afterAll, describe, expect, inject, test } from 'vitest'
import {
  belowFloors,
  FLOORS,
  newCounts,
  runDifferential,
  SEED,
  summary,
} from '../support/differential.js'
import { dynamoLocalEngine } from '../support/engine.js'

const endpoint = inject('dynamoLocal')
const counts = newCounts()

describe.skipIf(endpoint === null)('differential on DynamoDB Local', () => {
  afterAll(() => {
    console.log(summary('DynamoDB Local', SEED, counts))
  })

  test('random statements over random tables return what the reference evaluator says the table holds', async () => {
    const engine = dynamoLocalEngine(endpoint!, 'conformance-differential')
    try {
      await runDifferential(
        engine.client,
        { seed: SEED, runs: 30, statements: 12, prefix: 'diff' },
        counts,
      )
    } finally {
      await engine.close()
    }
    expect(counts.mismatches).toBe(0)
    expect(counts.cases).toBe(360)
    expect(counts.ran).toBeGreaterThan(counts.cases / 2)
    expect(belowFloors(counts, FLOORS)).toEqual([])
  }, 600_000)
})
