import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { loadHistory, remember } from '../../src/repl/shell.js'

const home = mkdtempSync(join(tmpdir(), 'dql-history-'))
afterAll(() => rmSync(home, { recursive: true, force: true }))

describe('the history file', () => {
  test('is created readable by its owner only', () => {
    const file = join(home, 'private')
    remember(file, 'FROM bins;')
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  test('gives back a multi-line statement as it was typed: comments and strings keep their lines', () => {
    const file = join(home, 'multi')
    const statement = "FROM bins -- the lookup\n  WHERE card_bin = 'a\nb';"
    remember(file, '.params')
    remember(file, statement)
    remember(file, 'FROM orders;')
    expect(loadHistory(file)).toEqual(['FROM orders;', statement, '.params'])
  })
})
