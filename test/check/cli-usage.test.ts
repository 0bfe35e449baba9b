/**
 * `dql check`'s exit status and usage: 0 when every statement checks (the project's own
 * examples among them), 2 on a usage mistake with the reason and the usage, `--help` true.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { CHECK_USAGE } from '../../src/repl/check-command.js'
import { makeProject, root, runDql } from './project.js'

let dir = ''
let remove = () => {}
beforeAll(() => {
  ;({ dir, remove } = makeProject())
})
afterAll(() => remove())

test('exit 0 when every statement checks', async () => {
  const run = await runDql(['check', 'src/view.tsx', 'src/plain.cjs', '--schema=schema.mjs'], dir)
  expect(run).toEqual({
    code: 0,
    stdout:
      'src/plain.cjs:7:18  GetItem  users  FROM ${…} WHERE user_id = ${…}\n' +
      'src/view.tsx:7:17  Query  posts  FROM ${…} WHERE id = ${…} AND repliedAt >= ${…} LIMIT 20\n' +
      '2 statements in 2 files: 2 ok, 0 errors, 0 skipped\n',
    stderr: '',
  })
})

test("the project's own examples check, with the example's own definitions as the schema", async () => {
  const run = await runDql(['check', 'examples', '--schema', 'dist/examples/bin-lookup.js'], root)
  expect(run).toEqual({
    code: 0,
    stdout:
      'examples/bin-lookup.ts:82:21  GetItem  bins  FROM ${…} WHERE card_bin = ${…} AND card_bin_extended = ${…}\n' +
      'examples/bin-lookup.ts:83:36  GetItem  bins  FROM ${…} WHERE cardBinExtended = ${…} AND cardBin = ${…}\n' +
      'examples/bin-lookup.ts:84:28  GetItem  bins  FROM bins WHERE card_bin = ${…} AND card_bin_extended = ${…}\n' +
      '3 statements in 1 file: 3 ok, 0 errors, 0 skipped\n',
    stderr: '',
  })
})

test('--help prints the usage and exits 0', async () => {
  expect(await runDql(['check', '--help'], dir)).toEqual({
    code: 0,
    stdout: `${CHECK_USAGE}\n`,
    stderr: '',
  })
})

test.each([
  [['check', 'src'], 'dql check needs the tables: --schema FILE or --endpoint URL'],
  [
    ['check', '--schema', 'schema.mjs', '--endpoint', 'http://localhost:8000'],
    'give --schema or --endpoint, not both',
  ],
  [['check', '--schema', 'schema.mjs', '--format', 'xml'], '--format is text or json'],
  [['check', '--schema', 'schema.mjs', 'nowhere'], 'nowhere: no such file or directory'],
  [['check', '--schema', 'schema.mjs', '--fast'], 'unknown option --fast'],
  [['check', '--schema'], '--schema needs a value'],
  [
    ['check', '--endpoint', 'ftp://x'],
    '--endpoint needs a URL such as http://localhost:8000, not ftp://x',
  ],
  [
    ['check', '--schema', 'src/admin/prepared.mjs'],
    'src/admin/prepared.mjs exports no table definitions (defineTable results)',
  ],
])('usage error %j: exit 2 with the reason and the usage', async (args, reason) => {
  expect(await runDql(args, dir)).toEqual({
    code: 2,
    stdout: '',
    stderr: `dql check: ${reason}\n\n${CHECK_USAGE}\n`,
  })
})

test('a schema module that throws: exit 1 with what it threw', async () => {
  const run = await runDql(['check', '--schema', 'src/broken.ts'], dir)
  expect(run).toEqual({
    code: 1,
    stdout: '',
    stderr: `dql check: src/broken.ts failed to load: it threw TypeError: Unknown file extension ".ts" for ${dir}/src/broken.ts\n`,
  })
})
