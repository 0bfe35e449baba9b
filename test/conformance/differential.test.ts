import { afterAll, describe, expect, inject, test } from 'vitest'
import { newCounts, runDifferential } from '../support/differential.js'
import { dynamoLocalEngine } from '../support/engine.js'

const endpoint = inject('dynamoLocal')
const SEED = 424242
const counts = newCounts()

describe.skipIf(endpoint === null)('differential on DynamoDB Local', () => {
  afterAll(() => {
    console.log(
      `differential on DynamoDB Local (seed ${SEED}): ${counts.cases} cases, ${counts.ran} ran, ` +
        `${counts.refused} refused ${JSON.stringify(counts.refusals)}, ${counts.mismatches} mismatches`,
    )
  })

  test('random statements over random tables return exactly what the reference evaluator returns', async () => {
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
  }, 600_000)
})
