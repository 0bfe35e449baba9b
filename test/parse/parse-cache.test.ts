import { describe, expect, test } from 'vitest'
import { BoundStatement, dql, parsedOf } from '../../src/parse/bound-statement.js'
import { parseStatementText, parseTemplate, TEXT_CACHE_SIZE } from '../../src/parse/parse-cache.js'
import { failure } from './helpers.js'

/** Texts the caches lexed and parsed, as their `onParse` hook tells it. */
const parsed: string[] = []
const onParse = (text: string) => parsed.push(text)

/** How many times the lexer and parser ran during `fn`. */
function parsesDuring(fn: () => void): number {
  const before = parsed.length
  fn()
  return parsed.length - before
}

/** A tag that parses through the template cache, with the hook. */
const tag = (strings: TemplateStringsArray, ..._values: unknown[]) =>
  parseTemplate(strings, onParse)
const text = (statement: string) => parseStatementText(statement, onParse)

describe('the AST cache', () => {
  test('a call site is parsed once; later calls share its AST', () => {
    const lookup = (bin: string) =>
      tag`FROM cache_site WHERE card_bin = ${bin} AND card_bin_extended = ${';'}`
    let first!: ReturnType<typeof tag>
    let second!: ReturnType<typeof tag>
    expect(parsesDuring(() => (first = lookup('411111')))).toBe(1)
    expect(parsesDuring(() => (second = lookup('555555')))).toBe(0)
    expect(second).toBe(first)
    expect(first.text).toBe('FROM cache_site WHERE card_bin = ${…} AND card_bin_extended = ${…}')
    expect(first.holes).toBe(2)
  })

  test('dql`…` pairs the call site’s one AST with each call’s own values', () => {
    const lookup = (bin: string) =>
      dql`FROM bins WHERE card_bin = ${bin} AND card_bin_extended = ${';'}`
    const first: BoundStatement = lookup('411111')
    const second: BoundStatement = lookup('555555')
    expect(parsedOf(second)).toBe(parsedOf(first))
    expect(first.values).toEqual(['411111', ';'])
    expect(second.values).toEqual(['555555', ';'])
    expect(first.text).toBe('FROM bins WHERE card_bin = ${…} AND card_bin_extended = ${…}')
    expect(Object.keys(first)).toEqual(['values'])
  })

  test('two call sites with equal text are parsed once, through the text LRU', () => {
    let a!: ReturnType<typeof tag>
    let b!: ReturnType<typeof tag>
    const parses = parsesDuring(() => {
      a = tag`FROM cache_two_sites WHERE k = ${1}`
      b = tag`FROM cache_two_sites WHERE k = ${2}`
    })
    expect(parses).toBe(1)
    expect(b).toBe(a)
  })

  test('equal text with its holes elsewhere is another statement, whatever ran first', () => {
    // Each pair of call sites has one text, `… a = '${…}' AND b = ${…}`, and one hole: at b
    // in the first, inside the string in the second — which is parse.quoted-hole on its own,
    // and must stay so after the first has put that text in the cache.
    const holeInString = () => {
      const { code, line, column } = failure(
        () => tag`FROM cache_places WHERE a = '${1}' AND b = \${…}`,
      )
      return { code, line, column }
    }
    const refused = { code: 'parse.quoted-hole', line: 1, column: 30 }
    expect(holeInString()).toEqual(refused)

    const holeAtB = tag`FROM cache_places WHERE a = '\${…}' AND b = ${1}`
    expect(holeAtB.holes).toBe(1)
    expect(holeInString()).toEqual(refused)

    // The same with a comment, the valid call site first this time.
    const holeOutside = tag`FROM cache_places_2 WHERE a = ${1} -- \${…}`
    expect(holeOutside.text).toBe('FROM cache_places_2 WHERE a = ${…} -- ${…}')
    const { code, line, column } = failure(() => tag`FROM cache_places_2 WHERE a = \${…} -- ${1}`)
    expect({ code, line, column }).toEqual({ code: 'parse.quoted-hole', line: 1, column: 39 })
  })

  test('two call sites with equal text and holes in the same places still share one AST', () => {
    let a!: ReturnType<typeof tag>
    let b!: ReturnType<typeof tag>
    const parses = parsesDuring(() => {
      a = tag`FROM cache_same_places WHERE a = '\${…}' AND b = ${1}`
      b = tag`FROM cache_same_places WHERE a = '\${…}' AND b = ${2}`
    })
    expect(parses).toBe(1)
    expect(b).toBe(a)
  })

  test('a text statement is parsed once and shared with an equal hole-free template', () => {
    const statement = "FROM cache_text WHERE k = 'x'"
    expect(parsesDuring(() => text(statement))).toBe(1)
    expect(parsesDuring(() => text(statement))).toBe(0)
    let fromTemplate!: ReturnType<typeof tag>
    expect(parsesDuring(() => (fromTemplate = tag`FROM cache_text WHERE k = 'x'`))).toBe(0)
    expect(fromTemplate).toBe(text(statement))
  })

  test('a text statement records its :name parameters in order of first use', () => {
    expect(text('FROM t WHERE a = :x AND b = :y OR c = :x').params).toEqual(['x', 'y'])
  })

  test('the text LRU is bounded and evicts the least recently used text', () => {
    const keep = 'FROM cache_keep WHERE k = 1'
    text(keep)
    for (let i = 0; i < TEXT_CACHE_SIZE + 10; i++) {
      text(keep) // used often: stays
      text(`FROM cache_fill WHERE k = ${i}`)
    }
    expect(parsesDuring(() => text(keep))).toBe(0)
    expect(parsesDuring(() => text('FROM cache_fill WHERE k = 0'))).toBe(1)
  })

  test('failures are not cached: fixing nothing fails again, the same way', () => {
    const bad = 'FROM t WHERE'
    expect(() => text(bad)).toThrow(/found the end of the statement/)
    expect(parsesDuring(() => expect(() => text(bad)).toThrow())).toBe(1)
  })
})
