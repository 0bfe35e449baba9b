/**
 * Node's loader of a part dql takes on first use (writes, scans, page cursors): nothing is
 * loaded until a member is read; the first read loads the part once and leaves its members as
 * plain properties, so later calls go through no getter.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, expect, test } from 'vitest'
import { lazySupport } from '../../src/runtime/lazy-support.js'

const dir = mkdtempSync(join(tmpdir(), 'dql-lazy-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('the part is required by the first member read, once, and its members become plain properties', () => {
  writeFileSync(
    join(dir, 'part.mjs'),
    `globalThis.partLoads = (globalThis.partLoads ?? 0) + 1
export const part = { twice: (x) => 2 * x, name: 'part' }
`,
  )
  const loads = () => Reflect.get(globalThis, 'partLoads') as number | undefined
  const support = lazySupport<{ twice: (x: number) => number; name: string }>(
    pathToFileURL(join(dir, 'index.mjs')).href,
    './part.mjs',
    'part',
    ['twice', 'name'],
  )
  expect(loads()).toBeUndefined()
  expect(support.twice(21)).toBe(42)
  expect(loads()).toBe(1)
  expect(support.name).toBe('part')
  expect(loads()).toBe(1)
  const descriptors = Object.getOwnPropertyDescriptors(support)
  expect(Object.keys(descriptors)).toEqual(['twice', 'name'])
  expect(Object.values(descriptors).map((d) => [typeof d.get, 'value' in d])).toEqual([
    ['undefined', true],
    ['undefined', true],
  ])
})
