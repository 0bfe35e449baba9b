import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { defineTable, dql, DqlError, type Dql } from '../../src/index.js'
import { createDql } from '../support/create-dql.js'
import type { PreparedStatement } from '../../src/prepared-statement.js'
import { dynaliteEngine, type Engine } from '../support/engine.js'

/*
 * Which calls throw and which reject (docs/execution.md, "Errors"): every call that returns a
 * Promise rejects, even when the statement cannot be read or an argument is wrong; iterate
 * fails on its first next(); explain and db.prepare, which return no Promise, throw.
 */

const notes = defineTable({
  name: 'notes',
  tableName: 'call-errors-notes',
  partitionKey: 'owner',
  sortKey: 'note_id',
})

let engine: Engine
let db: Dql

beforeAll(async () => {
  engine = await dynaliteEngine()
  db = createDql({ client: engine.client, tables: [notes] })
})

afterAll(() => engine.close())

beforeEach(() => {
  engine.sent.length = 0
})

/** How a call failed: thrown by the call itself, rejected, or thrown by the first next(). */
type How = 'throws' | 'rejects' | 'throws on next()' | 'succeeds'

interface Outcome {
  how: How
  code?: string
  line?: number | undefined
  column?: number | undefined
}

function failed(how: How, error: unknown): Outcome {
  if (!(error instanceof DqlError)) throw new Error(`expected a DqlError, got ${String(error)}`)
  return { how, code: error.code, line: error.line, column: error.column }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value
}

/** Makes the call, then awaits its Promise or takes the first item of its iterable. */
async function outcome(call: () => unknown): Promise<Outcome> {
  let result: unknown
  try {
    result = call()
  } catch (error) {
    return failed('throws', error)
  }
  if (result instanceof Promise) {
    return result.then(
      () => ({ how: 'succeeds' }),
      (error: unknown) => failed('rejects', error),
    )
  }
  if (isAsyncIterable(result)) {
    try {
      await result[Symbol.asyncIterator]().next()
      return { how: 'succeeds' }
    } catch (error) {
      return failed('throws on next()', error)
    }
  }
  return { how: 'succeeds' }
}

/** The strings and values of a template, to hand to any call as `db.call(strings, ...values)`. */
function template(strings: TemplateStringsArray, ...values: unknown[]) {
  return { strings, values }
}

// `WHRE` at column 12: a statement that cannot be read.
const malformed = template`FROM notes WHRE owner = ${'ann'}`
const unreadable = { code: 'parse.unexpected-token', line: 1, column: 12 }
const badArgument = { code: 'usage.bad-argument', line: undefined, column: undefined }
/** Not a statement: what a caller passing the wrong thing gives. */
const notAStatement = 42 as unknown as TemplateStringsArray
const badSignal = { signal: 'stop' as unknown as AbortSignal }

describe('the handle: a call that returns a Promise rejects; iterate fails on next(); explain throws', () => {
  test('a statement that cannot be read', async () => {
    const { strings, values } = malformed
    expect({
      first: await outcome(() => db.first(strings, ...values)),
      all: await outcome(() => db.all(strings, ...values)),
      count: await outcome(() => db.count(strings, ...values)),
      page: await outcome(() => db.page(strings as never)),
      execute: await outcome(() => db.execute(strings, ...values)),
      iterate: await outcome(() => db.iterate(strings, ...values)),
      explain: await outcome(() => db.explain(strings, ...values)),
    }).toEqual({
      first: { how: 'rejects', ...unreadable },
      all: { how: 'rejects', ...unreadable },
      count: { how: 'rejects', ...unreadable },
      page: { how: 'rejects', ...unreadable },
      execute: { how: 'rejects', ...unreadable },
      iterate: { how: 'throws on next()', ...unreadable },
      explain: { how: 'throws', ...unreadable },
    })
    expect(engine.sent).toEqual([])
  })

  test('an argument that is not a statement', async () => {
    expect({
      first: await outcome(() => db.first(notAStatement)),
      all: await outcome(() => db.all(notAStatement)),
      count: await outcome(() => db.count(notAStatement)),
      page: await outcome(() => db.page(notAStatement as never)),
      execute: await outcome(() => db.execute(notAStatement)),
      iterate: await outcome(() => db.iterate(notAStatement)),
      explain: await outcome(() => db.explain(notAStatement)),
    }).toEqual({
      first: { how: 'rejects', ...badArgument },
      all: { how: 'rejects', ...badArgument },
      count: { how: 'rejects', ...badArgument },
      page: { how: 'rejects', ...badArgument },
      execute: { how: 'rejects', ...badArgument },
      iterate: { how: 'throws on next()', ...badArgument },
      explain: { how: 'throws', ...badArgument },
    })
  })

  test('a dql statement with a signal that is not an AbortSignal', async () => {
    const statement = dql`FROM notes WHERE owner = ${'ann'}`
    expect({
      first: await outcome(() => db.first(statement, badSignal)),
      all: await outcome(() => db.all(statement, badSignal)),
      count: await outcome(() => db.count(statement, badSignal)),
      page: await outcome(() => db.page(statement, badSignal)),
      execute: await outcome(() => db.execute(statement, badSignal)),
      iterate: await outcome(() => db.iterate(statement, badSignal)),
    }).toEqual({
      first: { how: 'rejects', ...badArgument },
      all: { how: 'rejects', ...badArgument },
      count: { how: 'rejects', ...badArgument },
      page: { how: 'rejects', ...badArgument },
      execute: { how: 'rejects', ...badArgument },
      iterate: { how: 'throws on next()', ...badArgument },
    })
    expect(engine.sent).toEqual([])
  })
})

describe('loadTables rejects', () => {
  test('a name DynamoDB does not have', async () => {
    expect(await outcome(() => db.loadTables(['call-errors-none']))).toEqual({
      how: 'rejects',
      code: 'schema.table-not-found',
      line: undefined,
      column: undefined,
    })
    expect(engine.sent).toEqual(['DescribeTable'])
  })
})

/** How each call of a prepared statement ends with these parameters. */
async function everyCall(statement: PreparedStatement, params: Record<string, unknown>) {
  return {
    first: await outcome(() => statement.first(params)),
    all: await outcome(() => statement.all(params)),
    count: await outcome(() => statement.count(params)),
    page: await outcome(() => statement.page(params)),
    execute: await outcome(() => statement.execute(params)),
    run: await outcome(() => statement.run(params)),
    iterate: await outcome(() => statement.iterate(params)),
    explain: await outcome(() => statement.explain(params)),
  }
}

/** One error from every call: a Promise rejects, `iterate` throws on next(), `explain` throws. */
function sameError(error: object) {
  const rejects = { how: 'rejects', ...error }
  return {
    first: rejects,
    all: rejects,
    count: rejects,
    page: rejects,
    execute: rejects,
    run: rejects,
    iterate: { how: 'throws on next()', ...error },
    explain: { how: 'throws', ...error },
  }
}

describe('db.prepare throws; the prepared statement’s calls reject like the handle’s', () => {
  test('db.prepare of a text that cannot be read, or of no text, throws', async () => {
    expect(await outcome(() => db.prepare("FROM notes WHRE owner = 'ann'"))).toEqual({
      how: 'throws',
      ...unreadable,
    })
    expect(await outcome(() => db.prepare(notAStatement as unknown as string))).toEqual({
      how: 'throws',
      ...badArgument,
    })
  })

  test('parameters that are not an object', async () => {
    const statement = db.prepare('FROM notes WHERE owner = :o')
    const params = null as unknown as Record<string, unknown>
    expect(await everyCall(statement, params)).toEqual(sameError(badArgument))
    expect(engine.sent).toEqual([])
  })

  test('a statement that cannot be planned: each call as the handle’s', async () => {
    // No key condition: a Scan would be needed (plan.scan-required, at `words`).
    const statement = db.prepare('FROM notes WHERE words = :w')
    const unplannable = { code: 'plan.scan-required', line: 1, column: 18 }
    const params = { w: 1 }
    expect(await everyCall(statement, params)).toEqual({
      ...sameError(unplannable),
      // db.run takes writes: a read is refused before it is planned.
      run: { how: 'rejects', code: 'usage.wrong-call', line: 1, column: 1 },
    })
    expect(engine.sent).toEqual([])
  })
})
