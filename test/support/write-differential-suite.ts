/**
 * Differential writes: random sequences of INSERT, REPLACE, UPDATE, UPSERT and DELETE run
 * through dql on an engine and through an in-memory model written here, independently of dql's
 * code; after every step the table must equal the model item for item, and dql's `count` (or
 * its `write.item-exists`) must be what the model says. test/execute/write-differential.test.ts
 * runs it on dynalite, test/conformance/write-differential.test.ts on DynamoDB Local.
 */
import { CreateTableCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { beforeAll, expect, test } from 'vitest'
import { defineTable, DqlError, type Dql } from '../../src/index.js'
import { createDql } from './create-dql.js'
import type { Engine } from './engine.js'

/** The model's item: key id/n, a number `a` and a string `s`, each possibly missing. */
interface Model {
  id: string
  n: number
  a?: number
  s?: string
}

export const SEEDS = [1, 2, 3]
export const STEPS = 120

/** mulberry32: a small seeded generator, so that a failing sequence can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** One generated step: the statement text, its parameters, and what the model does with it. */
interface Step {
  text: string
  params: Record<string, unknown>
  /** Applies the step to the model; returns the count expected, or 'exists' for INSERT. */
  apply(model: Map<string, Model>): number | 'exists'
}

function generate(next: () => number, table: string): Step {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T
  const id = pick(['x', 'y'])
  const n = pick([1, 2, 3])
  const key = `${id}#${n}`
  const a = pick([0, 1, 2, 5])
  const s = pick(['p', 'q'])
  const where = `WHERE id = :id AND n = :n`
  const cond = pick(['', ' AND a = :c', ' AND a > :c', ' AND attribute_not_exists(s)'])
  const c = pick([0, 1, 2])
  // As DynamoDB evaluates a condition: on a missing item a comparison is false and
  // attribute_not_exists is true.
  const holds = (item: Model | undefined) =>
    cond === '' ||
    (cond === ' AND a = :c' && item?.a === c) ||
    (cond === ' AND a > :c' && item?.a !== undefined && item.a > c) ||
    (cond === ' AND attribute_not_exists(s)' && item?.s === undefined)
  const params = (extra: Record<string, unknown>) =>
    cond === '' || cond.includes('attribute_not') ? { id, n, ...extra } : { id, n, c, ...extra }
  switch (pick(['insert', 'replace', 'update', 'upsert', 'add', 'remove', 'delete'] as const)) {
    case 'insert':
      return {
        text: `INSERT INTO ${table} VALUE { 'id': :id, 'n': :n, 'a': :a }`,
        params: { id, n, a },
        apply: (model) => {
          if (model.has(key)) return 'exists'
          model.set(key, { id, n, a })
          return 1
        },
      }
    case 'replace': {
      const conditional = next() < 0.5
      return {
        text: `REPLACE INTO ${table} VALUE :item${conditional ? ` WHERE a = :c` : ''}`,
        params: conditional ? { item: { id, n, s }, c } : { item: { id, n, s } },
        apply: (model) => {
          const stored = model.get(key)
          if (conditional && stored?.a !== c) return 0
          model.set(key, { id, n, s })
          return 1
        },
      }
    }
    case 'update':
    case 'upsert': {
      const upsert = next() < 0.5
      return {
        text: `${upsert ? 'UPSERT' : 'UPDATE'} ${table} SET a = if_not_exists(a, 0) + :k, s = :s ${where}${cond}`,
        params: params({ k: a, s }),
        apply: (model) => {
          const stored = model.get(key)
          const ok = (upsert || stored !== undefined) && holds(stored)
          if (!ok) return 0
          model.set(key, { ...(stored ?? { id, n }), a: (stored?.a ?? 0) + a, s })
          return 1
        },
      }
    }
    case 'add':
      return {
        text: `UPDATE ${table} ADD a :k ${where}${cond}`,
        params: params({ k: a }),
        apply: (model) => {
          const stored = model.get(key)
          if (stored === undefined || !holds(stored)) return 0
          model.set(key, { ...stored, a: (stored.a ?? 0) + a })
          return 1
        },
      }
    case 'remove':
      return {
        text: `UPDATE ${table} REMOVE s ${where}${cond}`,
        params: params({}),
        apply: (model) => {
          const stored = model.get(key)
          if (stored === undefined || !holds(stored)) return 0
          const { s: _removed, ...rest } = stored
          model.set(key, rest)
          return 1
        },
      }
    case 'delete':
      return {
        text: `DELETE FROM ${table} ${where}${cond}`,
        params: params({}),
        apply: (model) => {
          const stored = model.get(key)
          if (stored === undefined || !holds(stored)) return 0
          model.delete(key)
          return 1
        },
      }
  }
}

/** The table as the model writes it: plain objects, sorted by key. */
async function scan(client: DynamoDBClient, table: string): Promise<Model[]> {
  const page = await client.send(new ScanCommand({ TableName: table }))
  return (page.Items ?? [])
    .map((item) => {
      const out: Model = { id: item.id?.S ?? '', n: Number(item.n?.N) }
      if (item.a?.N !== undefined) out.a = Number(item.a.N)
      if (item.s?.S !== undefined) out.s = item.s.S
      return out
    })
    .sort((x, y) => (x.id === y.id ? x.n - y.n : x.id < y.id ? -1 : 1))
}

/** Registers one test per seed; `prefix` names the tables (`${prefix}1`, …). */
export function registerWriteDifferential(engine: () => Engine, prefix: string): void {
  let db: Dql

  beforeAll(async () => {
    const tables = SEEDS.map((seed) =>
      defineTable({ name: `${prefix}${seed}`, partitionKey: 'id', sortKey: 'n' }),
    )
    for (const table of tables) {
      await engine().client.send(
        new CreateTableCommand({
          TableName: table.tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'id', AttributeType: 'S' },
            { AttributeName: 'n', AttributeType: 'N' },
          ],
          KeySchema: [
            { AttributeName: 'id', KeyType: 'HASH' },
            { AttributeName: 'n', KeyType: 'RANGE' },
          ],
        }),
      )
    }
    db = createDql({ client: engine().client, tables })
  }, 60_000)

  test.each(SEEDS)(
    `seed %i: ${STEPS} random writes leave the table equal to the model`,
    async (seed) => {
      const table = `${prefix}${seed}`
      const next = random(seed)
      const model = new Map<string, Model>()
      const kinds = new Map<string, number>()
      for (let i = 0; i < STEPS; i++) {
        const step = generate(next, table)
        const expected = step.apply(model)
        const outcome = await db
          .prepare(step.text)
          .run(step.params)
          .then(
            (result) => result.count,
            (error: unknown) => {
              if (error instanceof DqlError && error.code === 'write.item-exists') return 'exists'
              throw error
            },
          )
        const word = step.text.split(' ')[0] ?? ''
        kinds.set(word, (kinds.get(word) ?? 0) + 1)
        expect({ step: i, text: step.text, outcome }).toEqual({
          step: i,
          text: step.text,
          outcome: expected,
        })
        const stored = [...model.values()].sort((x, y) =>
          x.id === y.id ? x.n - y.n : x.id < y.id ? -1 : 1,
        )
        expect(await scan(engine().client, table)).toEqual(stored)
      }
      // Every kind of write ran.
      expect([...kinds.keys()].sort()).toEqual(['DELETE', 'INSERT', 'REPLACE', 'UPDATE', 'UPSERT'])
    },
  )
}
