/**
 * `dql check --endpoint`: the tables come from DescribeTable on a running DynamoDB (dynalite,
 * started by this file), named by their DynamoDB names as the shell names them.
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startEmbedded, type EmbeddedDynamo } from '../../src/execute/embedded.js'
import { createTableInput } from '../../src/schema/create-table-input.js'
import { defineTable } from '../../src/schema/define-table.js'
import { runDql } from './project.js'

const dir = mkdtempSync(join(tmpdir(), 'dql-check-endpoint-'))
let engine: EmbeddedDynamo
beforeAll(async () => {
  engine = await startEmbedded()
  const bins = defineTable({
    name: 'bins',
    tableName: 'bin-lookup',
    partitionKey: 'card_bin',
    sortKey: 'card_bin_extended',
  })
  await engine.client.send(
    new CreateTableCommand(createTableInput(bins, { card_bin: 'S', card_bin_extended: 'S' })),
  )
})
afterAll(async () => {
  await engine.close()
  rmSync(dir, { recursive: true, force: true })
})

test('statements are checked against the tables DescribeTable gives', async () => {
  writeFileSync(
    join(dir, 'lookup.ts'),
    [
      'export const one = (db: any, x: string) =>',
      '  db.first`FROM \\`bin-lookup\\` WHERE card_bin = ${x} AND card_bin_extended = ${";"}`',
      'export const all = (db: any, x: string) => db.all`FROM bins WHERE card_bin = ${x}`',
      '',
    ].join('\n'),
  )
  const run = await runDql(['check', '--endpoint', engine.endpoint, 'lookup.ts'], dir)
  expect(run).toEqual({
    code: 1,
    stdout: [
      'lookup.ts:2:11  GetItem  bin-lookup  FROM `bin-lookup` WHERE card_bin = ${…} AND card_bin_extended = ${…}',
      'lookup.ts:3:56  error  plan.unknown-table  Unknown table bins; the known tables are bin-lookup.',
      // The line is longer than the excerpt: cut around the spot.
      '  …(db: any, x: string) => db.all`FROM bins WHERE card_bin = ${x}`',
      `${' '.repeat(39)}^`,
      '2 statements in 1 file: 1 ok, 1 error, 0 skipped',
      '',
    ].join('\n'),
    stderr: '',
  })
})
