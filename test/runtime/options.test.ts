import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { describe, expect, test } from 'vitest'
import { createDql, type DqlOptions } from '../../src/index.js'
import { settingsOf } from '../../src/runtime/options.js'
import { failure } from '../parse/helpers.js'

// Never sends: every test here is about the options alone.
const client = new DynamoDBClient({ region: 'local', endpoint: 'http://127.0.0.1:9' })

/** The code and sentence of `createDql(options)`, which must fail. */
function refusal(options: unknown) {
  const { code, error } = failure(() => createDql(options as DqlOptions))
  return { code, reason: error.reason }
}

const bad = (reason: string) => ({ code: 'usage.bad-argument', reason })

describe('numeric options are whole numbers in their range, or refused', () => {
  test.each<[string, unknown, string]>([
    ['NaN (an unset variable through Number())', NaN, 'not NaN'],
    ['Infinity', Infinity, 'not Infinity'],
    ['zero', 0, 'not 0'],
    ['a fraction', 2.5, 'not 2.5'],
    ['above the range', 101, 'not 101'],
    ['a numeric string', '8', 'not "8"'],
    ['null', null, 'not null'],
  ])('concurrency: %s', (_, concurrency, not) => {
    expect(refusal({ client, concurrency })).toEqual(
      bad(`concurrency is a whole number from 1 to 100 (default 4), ${not}.`),
    )
  })

  test.each<[string, Record<string, unknown>, string]>([
    [
      'attempts NaN',
      { attempts: NaN },
      'retry.attempts is a whole number from 1 to 50 (default 10), not NaN.',
    ],
    [
      'attempts 0',
      { attempts: 0 },
      'retry.attempts is a whole number from 1 to 50 (default 10), not 0.',
    ],
    [
      'attempts Infinity',
      { attempts: Infinity },
      'retry.attempts is a whole number from 1 to 50 (default 10), not Infinity.',
    ],
    [
      'baseDelayMs NaN',
      { baseDelayMs: NaN },
      'retry.baseDelayMs is a whole number of milliseconds from 0 to 60000 (default 50), not NaN.',
    ],
    [
      'baseDelayMs negative',
      { baseDelayMs: -1 },
      'retry.baseDelayMs is a whole number of milliseconds from 0 to 60000 (default 50), not -1.',
    ],
    [
      'maxDelayMs past a minute',
      { maxDelayMs: 60_001 },
      'retry.maxDelayMs is a whole number of milliseconds from 0 to 60000 (default 2000), not 60001.',
    ],
    [
      'base above max',
      { baseDelayMs: 500, maxDelayMs: 100 },
      'retry.baseDelayMs (500) is more than retry.maxDelayMs (100): no wait is ever longer ' +
        'than maxDelayMs, so lower baseDelayMs or raise maxDelayMs.',
    ],
    [
      'base above the default max',
      { baseDelayMs: 3000 },
      'retry.baseDelayMs (3000) is more than retry.maxDelayMs (2000): no wait is ever longer ' +
        'than maxDelayMs, so lower baseDelayMs or raise maxDelayMs.',
    ],
    [
      'a misspelt option',
      { attempt: 3 },
      'retry has no option attempt; it takes attempts, baseDelayMs and maxDelayMs.',
    ],
  ])('retry: %s', (_, retry, reason) => {
    expect(refusal({ client, retry })).toEqual(bad(reason))
  })

  test('retry itself is an object', () => {
    expect(refusal({ client, retry: 3 })).toEqual(
      bad('retry is an object: { attempts, baseDelayMs, maxDelayMs }, not 3.'),
    )
    expect(refusal({ client, retry: null })).toEqual(
      bad('retry is an object: { attempts, baseDelayMs, maxDelayMs }, not null.'),
    )
  })

  test('an explicit undefined is the default, as is a missing option', () => {
    const settings = settingsOf({
      client,
      concurrency: undefined,
      retry: { attempts: undefined, baseDelayMs: undefined, maxDelayMs: undefined },
      tables: undefined,
      numbers: undefined,
    })
    expect({
      concurrency: settings.concurrency,
      retry: settings.retry,
      tables: settings.tables,
      numbers: settings.numbers,
    }).toEqual({
      concurrency: 4,
      retry: { attempts: 10, baseDelayMs: 50, maxDelayMs: 2000 },
      tables: [],
      numbers: 'number',
    })
    expect(settingsOf({ client, retry: undefined }).retry).toEqual({
      attempts: 10,
      baseDelayMs: 50,
      maxDelayMs: 2000,
    })
  })

  test('the ends of each range are accepted', () => {
    for (const concurrency of [1, 100]) {
      expect(settingsOf({ client, concurrency }).concurrency).toBe(concurrency)
    }
    expect(
      settingsOf({ client, retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } }).retry,
    ).toEqual({ attempts: 1, baseDelayMs: 0, maxDelayMs: 0 })
    expect(
      settingsOf({ client, retry: { attempts: 50, baseDelayMs: 60_000, maxDelayMs: 60_000 } })
        .retry,
    ).toEqual({ attempts: 50, baseDelayMs: 60_000, maxDelayMs: 60_000 })
  })
})

describe('tables and numbers', () => {
  test('tables is an array', () => {
    expect(refusal({ client, tables: 'bins' })).toEqual(
      bad('tables is an array of table definitions (defineTable results), not "bins".'),
    )
    expect(refusal({ client, tables: new Set() })).toEqual(
      bad('tables is an array of table definitions (defineTable results), not an object.'),
    )
  })

  test('numbers is one of three modes, and the refusal names the value', () => {
    expect(refusal({ client, numbers: 'float' })).toEqual(
      bad(`numbers is 'number', 'bigint' or 'string', not "float".`),
    )
    expect(refusal({ client, numbers: null })).toEqual(
      bad(`numbers is 'number', 'bigint' or 'string', not null.`),
    )
  })
})

describe('cursorSecret', () => {
  const short = (given: string) =>
    bad(
      'cursorSecret is a string or Uint8Array of at least 32 bytes ' +
        `(for example randomBytes(32).toString('base64')), not ${given}.`,
    )

  test('shorter than 32 bytes, or not bytes at all, is refused without showing it', () => {
    expect(refusal({ client, cursorSecret: 'hunter2' })).toEqual(short('7 bytes'))
    expect(refusal({ client, cursorSecret: new Uint8Array(31) })).toEqual(short('31 bytes'))
    expect(refusal({ client, cursorSecret: 12345 })).toEqual(short('a number'))
    expect(refusal({ client, cursorSecret: null })).toEqual(short('null'))
  })

  test('32 bytes or more is a key; undefined is no signing', () => {
    expect(
      settingsOf({ client, cursorSecret: 'x'.repeat(32) }).cursorSecret?.symmetricKeySize,
    ).toBe(32)
    expect(settingsOf({ client, cursorSecret: new Uint8Array(64) }).cursorSecret?.type).toBe(
      'secret',
    )
    expect(settingsOf({ client, cursorSecret: undefined }).cursorSecret).toBeUndefined()
  })
})
