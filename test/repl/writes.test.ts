import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, expect, test } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const cli = join(root, 'dist/src/repl/cli.js')
const home = mkdtempSync(join(tmpdir(), 'dql-cli-writes-'))
afterAll(() => rmSync(home, { recursive: true, force: true }))

/** Runs the built CLI on the demo data, writing `input` to its stdin. */
function run(input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli], {
      cwd: root,
      env: { ...process.env, DQL_HISTORY: join(home, 'history'), NO_COLOR: '1' },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }))
    child.stdin.end(input)
  })
}

test('the shell runs writes: the count, the RETURNING item and the write capacity; EXPLAIN of a write', async () => {
  const result = await run(
    [
      "INSERT INTO bins VALUE { 'cardBin': '777777', 'cardBinExtended': ';', 'issuer': 'Demo Bank' };",
      "INSERT INTO bins VALUE { 'cardBin': '777777', 'cardBinExtended': ';' };",
      "UPDATE bins SET issuer = 'Acme Bank' WHERE cardBin = '777777' AND card_bin_extended = ';' RETURNING UPDATED NEW;",
      "UPDATE bins SET issuer = 'X' WHERE cardBin = '777777' AND card_bin_extended = ';' AND issuer = 'Nobody';",
      "DELETE FROM bins WHERE card_bin = '777777' AND card_bin_extended = ';';",
      "EXPLAIN DELETE FROM bins WHERE card_bin = '777777' AND card_bin_extended = ';';",
      '',
    ].join('\n'),
  )
  expect(result.code).toBe(0)
  const out = result.stdout
  expect(out).toMatch(/^(dql> )?1 item written · [\d.]+ ms · PutItem · 1 WCU$/m)
  expect(out).toContain('error write.item-exists: INSERT writes only new items')
  expect(out).toMatch(/issuer\n─+\nAcme Bank\n1 item written · [\d.]+ ms · UpdateItem · 1 WCU/)
  // dynalite reports no capacity for a write whose condition failed.
  // Nothing written and no stored item to show: one line that says why, no blank line before it.
  expect(out).toMatch(
    /^(dql> )?0 items written \(the condition did not hold\) · [\d.]+ ms · UpdateItem · 0 WCU$/m,
  )
  expect(out).not.toMatch(/^(dql> )?\n0 items written/m)
  expect(out).toMatch(/^(dql> )?1 item written · [\d.]+ ms · DeleteItem · 1 WCU$/m)
  const json = out.slice(out.lastIndexOf('{\n  "operation"'), out.lastIndexOf('}') + 1)
  expect(JSON.parse(json)).toEqual({
    operation: 'DeleteItem',
    tableName: 'bin-lookup',
    input: {
      TableName: 'bin-lookup',
      Key: { card_bin: { S: '777777' }, card_bin_extended: { S: ';' } },
      ReturnValues: 'ALL_OLD',
    },
    requests: 1,
    reason: 'DELETE removes one item by its full key with DeleteItem.',
  })
})
