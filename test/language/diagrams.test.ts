import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import vm from 'node:vm'
import { expect, test } from 'vitest'
import { renderGrammarHtml } from '../../scripts/draw-diagrams.js'
import { getParser } from '../../src/language/parser.js'

const committedPath = resolve(import.meta.dirname, '../../docs/grammar.html')
const ruleNames = Object.keys(getParser().getGAstProductions())

test('docs/grammar.html is the page drawn from the current grammar', () => {
  const fresh = renderGrammarHtml()
  const committed = readFileSync(committedPath, 'utf8')
  if (committed !== fresh) {
    const freshLines = fresh.split('\n')
    const committedLines = committed.split('\n')
    const index = freshLines.findIndex((text, i) => text !== committedLines[i])
    const line = index === -1 ? committedLines.length : index + 1
    expect.fail(
      `docs/grammar.html is stale (it differs from line ${line} on): run npm run diagrams`,
    )
  }
})

test('the page loads nothing from elsewhere: scripts and stylesheet are inline', () => {
  const html = renderGrammarHtml()
  expect(html).not.toMatch(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=/i)
  expect(html).not.toMatch(/@import|url\(/i)
  expect(html).not.toContain('unpkg')
  // Chevrotain's four scripts, the grammar and the start-up call; its page style and diagrams.css.
  expect(html.match(/<script>/g)).toHaveLength(6)
  expect(html.match(/<style>/g)).toHaveLength(2)
})

test('the inline scripts draw one diagram per parser rule, with no network', () => {
  const html = readFileSync(committedPath, 'utf8')
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!)
  // Just enough of a browser: the page writes the diagrams into #diagrams as markup.
  const target = { innerHTML: '' }
  const document = {
    getElementById: (id: string) => (id === 'diagrams' ? target : null),
    getElementsByClassName: () => [],
  }
  const window: Record<string, unknown> = { document }
  window.window = window
  vm.createContext(window)
  for (const script of scripts) vm.runInContext(script, window)

  const headers = [...target.innerHTML.matchAll(/<h2 class="diagramHeader">(\w+)<\/h2>/g)]
  expect(headers.map((match) => match[1])).toEqual(ruleNames)
  expect(target.innerHTML.match(/<svg class="railroad-diagram"/g)).toHaveLength(ruleNames.length)
  // Both kinds of name are told apart in the diagrams, though error messages call each "a name".
  const nameDiagram = target.innerHTML
    .split('<h2 class="diagramHeader">name</h2>')[1]!
    .split('<h2')[0]
  expect(nameDiagram).toContain('>a name<')
  expect(nameDiagram).toContain('>a &#96;back-quoted&#96; name<')
})
