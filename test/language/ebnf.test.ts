import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { ISerializedGast, TokenType } from 'chevrotain'
import { describe, expect, test } from 'vitest'
import { getParser } from '../../src/language/parser.js'
import { allTokens, keywords, writeKeywords } from '../../src/language/tokens.js'

/**
 * docs/grammar.ebnf names its nonterminals after the parser's rules and its token-level
 * symbols after the tokens of grammar/tokens.ts, plus Keyword for the keyword tokens together.
 * These tests hold it to the grammar: same rules, and in each rule the same rules and tokens.
 */
const ebnf = readFileSync(resolve(import.meta.dirname, '../../docs/grammar.ebnf'), 'utf8')

type Production = ISerializedGast & {
  name?: string
  separator?: Production
  definition?: Production[]
}

const productions = getParser().getSerializedGastProductions() as Production[]
const parserRules = productions.map((rule) => rule.name!)
const tokenByName = new Map(allTokens.map((token) => [token.name, token]))
const keywordNames = new Set([...keywords, ...writeKeywords].map((keyword) => keyword.name))
/** The token-level symbols the EBNF may define besides the parser's rules. */
const tokenSymbols = new Set([
  'Keyword',
  'WriteKeyword',
  ...allTokens.filter((token) => !writeKeywords.includes(token)).map((token) => token.name),
])

/** Each definition of the EBNF, comments removed, in order: name and right-hand side. */
function definitions(text: string): { name: string; body: string }[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, ' ')
  const heads = [...code.matchAll(/^([A-Za-z][A-Za-z0-9]*)\s*::=/gm)]
  return heads.map((head, i) => ({
    name: head[1]!,
    body: code.slice(head.index + head[0].length, heads[i + 1]?.index ?? code.length),
  }))
}

/** The symbols of a right-hand side: `lit:x` for the literal 'x', `ref:x` for a symbol x. */
function symbolsOf(body: string): Set<string> {
  const symbols = new Set<string>()
  for (const [part] of body.matchAll(/'[^']*'|"[^"]*"|\[[^\]]*\]|#x[0-9A-Fa-f]+|[A-Za-z]\w*/g)) {
    if (part.startsWith("'") || part.startsWith('"')) symbols.add(`lit:${part.slice(1, -1)}`)
    else if (!part.startsWith('[') && !part.startsWith('#')) symbols.add(`ref:${part}`)
  }
  return symbols
}

/** How the EBNF writes a token: a keyword or a fixed text as a literal, others by name. */
function spelling(token: TokenType): string {
  if (keywordNames.has(token.name)) return `lit:${token.name}`
  return typeof token.PATTERN === 'string' ? `lit:${token.PATTERN}` : `ref:${token.name}`
}

/** The rules and tokens a parser rule uses, spelled as the EBNF writes them. */
function parserSymbols(node: Production, into = new Set<string>()): Set<string> {
  if (node.type === 'NonTerminal') into.add(`ref:${node.name}`)
  if (node.type === 'Terminal') into.add(spelling(tokenByName.get(node.name!)!))
  if (node.separator !== undefined) parserSymbols(node.separator, into)
  for (const child of node.definition ?? []) parserSymbols(child, into)
  return into
}

const defined = definitions(ebnf)
const definedNames = defined.map((definition) => definition.name)
const keywordLiterals = symbolsOf(defined.find((d) => d.name === 'Keyword')?.body ?? '')

test('the EBNF defines every parser rule exactly once, in the parser’s order', () => {
  const ruleDefinitions = definedNames.filter((name) => !tokenSymbols.has(name))
  expect(ruleDefinitions).toEqual(parserRules)
})

test('the EBNF defines nothing besides the parser’s rules and token-level symbols', () => {
  const unknown = definedNames.filter(
    (name) => !parserRules.includes(name) && !tokenSymbols.has(name),
  )
  expect(unknown).toEqual([])
  expect(new Set(definedNames).size).toBe(definedNames.length)
})

test('every symbol the EBNF uses is defined in it', () => {
  const used = defined.flatMap(({ body }) => [...symbolsOf(body)])
  const undefinedSymbols = used
    .filter((symbol) => symbol.startsWith('ref:'))
    .map((symbol) => symbol.slice(4))
    .filter((name) => !definedNames.includes(name))
  expect([...new Set(undefinedSymbols)]).toEqual([])
})

test('Keyword lists exactly the keyword tokens', () => {
  expect([...keywordLiterals].sort()).toEqual(keywords.map((k) => `lit:${k.name}`).sort())
})

test('WriteKeyword lists exactly the words of writes, each also an Identifier', () => {
  const written = symbolsOf(defined.find((d) => d.name === 'WriteKeyword')?.body ?? '')
  expect([...written].sort()).toEqual(writeKeywords.map((k) => `lit:${k.name}`).sort())
  for (const word of writeKeywords) expect(word.CATEGORIES).toContain(tokenByName.get('Identifier'))
})

test('the skipped tokens and every token with a pattern the parser consumes are defined', () => {
  const consumed = new Set(productions.flatMap((rule) => [...parserSymbols(rule)]))
  const needed = [
    ...allTokens.filter((token) => token.GROUP !== undefined).map((token) => token.name),
    ...[...consumed]
      .filter((symbol) => symbol.startsWith('ref:') && tokenSymbols.has(symbol.slice(4)))
      .map((symbol) => symbol.slice(4)),
  ]
  expect(needed).toContain('WhiteSpace')
  expect(needed).toContain('Identifier')
  expect(needed.filter((name) => !definedNames.includes(name))).toEqual([])
})

describe('each rule uses the same rules and tokens as the parser’s rule of that name', () => {
  const bodies = new Map(defined.map(({ name, body }) => [name, body]))
  test.each(parserRules)('%s', (rule) => {
    const written = symbolsOf(bodies.get(rule) ?? '')
    // `Keyword` in the EBNF stands for all the keywords, as segmentName consumes them.
    if (written.delete('ref:Keyword')) for (const literal of keywordLiterals) written.add(literal)
    const parsed = parserSymbols(productions.find((production) => production.name === rule)!)
    expect([...written].sort()).toEqual([...parsed].sort())
  })
})
