import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, test } from 'vitest'

/**
 * docs/errors.md gives every error code an anchor of its own name (`<a id="plan.scan-required">`)
 * and, under it, the code's cause and fix. These tests hold it to the source: the codes it
 * documents are exactly the code strings found in src/, wherever in src/ they are written.
 */
const root = resolve(import.meta.dirname, '../..')
const catalogPath = join(root, 'docs/errors.md')
const catalog = readFileSync(catalogPath, 'utf8')

/** What an error code looks like: a stage, a dot, then lowercase words joined by dashes. */
const CODE = /^(parse|schema|plan|bind|execute|result|usage|write)\.[a-z][a-z-]*$/

/** Every `.ts` file under `dir`, at any depth. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(dir, file))
}

/**
 * The codes src/ can throw: every single-quoted string literal shaped like a code, with the
 * first file it is in.
 */
function thrownCodes(): Map<string, string> {
  const found = new Map<string, string>()
  for (const file of sourceFiles(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8')
    for (const [, literal] of text.matchAll(/'([a-z]+\.[a-z-]+)'/g)) {
      if (CODE.test(literal!) && !found.has(literal!)) {
        found.set(literal!, relative(root, file))
      }
    }
  }
  return found
}

/** Each `<a id="…"></a>` of the catalog with the text of its entry (up to the next anchor or `##`). */
function entries(text: string): { id: string; stage: string; body: string }[] {
  const anchors = [...text.matchAll(/<a id="([^"]*)"><\/a>/g)]
  return anchors.map((anchor, i) => {
    const start = anchor.index + anchor[0].length
    const nextAnchor = anchors[i + 1]?.index ?? text.length
    const nextSection = text.slice(start).search(/^## /m)
    const end = nextSection === -1 ? nextAnchor : Math.min(nextAnchor, start + nextSection)
    const sections = [...text.slice(0, anchor.index).matchAll(/^## (.*)$/gm)]
    return {
      id: anchor[1]!,
      stage: sections.at(-1)?.[1]?.trim().toLowerCase() ?? '',
      body: text.slice(start, end),
    }
  })
}

/** The text after a `**Label.**` paragraph opener, up to the next blank line. */
function paragraph(body: string, label: string): string {
  const match = new RegExp(`^\\*\\*${label}\\.\\*\\*([\\s\\S]*?)(?:\\n\\s*\\n|$)`, 'm').exec(body)
  return match?.[1]?.trim() ?? ''
}

const thrown = thrownCodes()
const documented = entries(catalog)
const documentedIds = documented.map((entry) => entry.id)

test('the source scan finds the codes (it still reads src/ after files move)', () => {
  expect(thrown.size).toBeGreaterThan(20)
  expect(thrown.has('plan.scan-required')).toBe(true)
  expect(thrown.has('parse.unexpected-token')).toBe(true)
})

test('docs/errors.md documents exactly the codes src/ can throw', () => {
  const missing = [...thrown]
    .filter(([code]) => !documentedIds.includes(code))
    .map(([code, file]) => `${code} (${file})`)
    .sort()
  const stale = documentedIds.filter((code) => !thrown.has(code)).sort()
  expect(
    { missing, stale },
    'missing: thrown in src/ but not in docs/errors.md; stale: in docs/errors.md but never thrown',
  ).toEqual({ missing: [], stale: [] })
})

test('every anchor is a code, and appears once', () => {
  expect(documentedIds.filter((id) => !CODE.test(id))).toEqual([])
  expect(documentedIds.filter((id, i) => documentedIds.indexOf(id) !== i)).toEqual([])
})

test('every link into docs/errors.md from itself points at an anchor', () => {
  const links = [...catalog.matchAll(/\]\(#([^)]+)\)/g)].map((link) => link[1]!)
  const broken = links.filter((target) => CODE.test(target) && !documentedIds.includes(target))
  expect(broken).toEqual([])
})

describe('each code has its heading, its stage, a cause and a fix', () => {
  test.each(documented.map((entry) => [entry.id, entry] as const))('%s', (id, entry) => {
    expect(entry.body.trimStart().split('\n')[0]).toBe(`### \`${id}\``)
    expect(entry.stage).toBe(id.split('.')[0])
    expect(paragraph(entry.body, 'Cause'), 'the cause').not.toBe('')
    expect(paragraph(entry.body, 'Fix'), 'the fix').not.toBe('')
  })
})
