/**
 * `SCAN … SEGMENTS n` in the shell, piped: the same items and count as the plain SCAN, and the
 * summary line names one Scan per segment.
 */
import { describe, expect, test } from 'vitest'
import { runCli } from './run-cli.js'

/** stdout after the banner, prompts taken out, times and capacity made stable. */
function results(stdout: string): string {
  return stdout
    .slice(stdout.indexOf('.exit to leave\n') + '.exit to leave\n'.length)
    .replace(/(dql|\.\.\.)> /g, '')
    .replace(/[\d.]+ ms/g, 'T ms')
    .replace(/[\d.]+ RCU/g, 'C RCU')
}

describe('the shell runs a parallel SCAN', () => {
  test('count and items equal the plain SCAN; the summary shows a Scan per segment', async () => {
    const result = await runCli(
      [],
      [
        '.format json',
        'SCAN COUNT(*) FROM bins;',
        'SCAN COUNT(*) FROM bins SEGMENTS 4;',
        'SCAN cardBin, cardBinExtended FROM bins;',
        'SCAN cardBin, cardBinExtended FROM bins SEGMENTS 3;',
        'EXPLAIN SCAN FROM bins SEGMENTS 3;',
        'FROM bins SEGMENTS 3;',
        '',
      ].join('\n'),
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const out = results(result.stdout)
    const counts = [...out.matchAll(/^count (\d+) · T ms · (.+) · C RCU$/gm)]
    expect(counts.map((m) => m[2])).toEqual(['Scan', '4 × Scan'])
    expect(counts[1]?.[1]).toBe(counts[0]?.[1])
    // The two item lists: JSON arrays, each followed by its summary line.
    const lists = [...out.matchAll(/^(\[[\s\S]*?^\])\n(\d+) items · T ms · (.+) · C RCU$/gm)]
    expect(lists.map((m) => m[3])).toEqual(['Scan', '3 × Scan'])
    const keys = (json: string | undefined) =>
      (JSON.parse(json ?? '[]') as Record<string, unknown>[])
        .map((item) => `${item.cardBin}|${item.cardBinExtended}`)
        .sort()
    expect(keys(lists[1]?.[1])).toEqual(keys(lists[0]?.[1]))
    expect(keys(lists[0]?.[1])).toHaveLength(Number(counts[0]?.[1]))
    expect(out).toContain('"segments": 3,')
    expect(out).toContain('"TotalSegments": 3')
    expect(out).toContain('error parse.segments-not-scan: SEGMENTS splits a Scan')
  })
})
