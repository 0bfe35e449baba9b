import { describe, expect, test } from 'vitest'
import { BoundStatement, dql } from '../../src/parse/bound-statement.js'
import { parseStatementText, TEXT_CACHE_SIZE } from '../../src/parse/parse-cache.js'
import { parseCounter } from '../../src/parse/parse-text.js'

/** How many times the lexer and parser ran during `fn`. */
function parsesDuring(fn: () => void): number {
  const before = parseCounter.count
  fn()
  return parseCounter.count - before
}

describe('the AST cache', () => {
  test('a call site is parsed once; later calls share its AST and carry their own values', () => {
    const lookup = (bin: string) =>
      dql`FROM bins WHERE card_bin = ${bin} AND card_bin_extended = ${';'}`
    let first!: BoundStatement
    let second!: BoundStatement
    expect(parsesDuring(() => (first = lookup('411111')))).toBe(1)
    expect(parsesDuring(() => (second = lookup('555555')))).toBe(0)
    expect(second.parsed).toBe(first.parsed)
    expect(first.values).toEqual(['411111', ';'])
    expect(second.values).toEqual(['555555', ';'])
    expect(first.text).toBe('FROM bins WHERE card_bin = ${…} AND card_bin_extended = ${…}')
    expect(first.parsed.holes).toBe(2)
  })

  test('two call sites with equal text are parsed once, through the text LRU', () => {
    let a!: BoundStatement
    let b!: BoundStatement
    const parses = parsesDuring(() => {
      a = dql`FROM cache_two_sites WHERE k = ${1}`
      b = dql`FROM cache_two_sites WHERE k = ${2}`
    })
    expect(parses).toBe(1)
    expect(b.parsed).toBe(a.parsed)
  })

  test('a text statement is parsed once and shared with an equal hole-free template', () => {
    const text = "FROM cache_text WHERE k = 'x'"
    expect(parsesDuring(() => parseStatementText(text))).toBe(1)
    expect(parsesDuring(() => parseStatementText(text))).toBe(0)
    let fromTemplate!: BoundStatement
    expect(parsesDuring(() => (fromTemplate = dql`FROM cache_text WHERE k = 'x'`))).toBe(0)
    expect(fromTemplate.parsed).toBe(parseStatementText(text))
  })

  test('a text statement records its :name parameters in order of first use', () => {
    expect(parseStatementText('FROM t WHERE a = :x AND b = :y OR c = :x').params).toEqual([
      'x',
      'y',
    ])
  })

  test('the text LRU is bounded and evicts the least recently used text', () => {
    const keep = 'FROM cache_keep WHERE k = 1'
    parseStatementText(keep)
    for (let i = 0; i < TEXT_CACHE_SIZE + 10; i++) {
      parseStatementText(keep) // used often: stays
      parseStatementText(`FROM cache_fill WHERE k = ${i}`)
    }
    expect(parsesDuring(() => parseStatementText(keep))).toBe(0)
    expect(parsesDuring(() => parseStatementText('FROM cache_fill WHERE k = 0'))).toBe(1)
  })

  test('failures are not cached: fixing nothing fails again, the same way', () => {
    const bad = 'FROM t WHERE'
    expect(() => parseStatementText(bad)).toThrow(/found the end of the statement/)
    expect(parsesDuring(() => expect(() => parseStatementText(bad)).toThrow())).toBe(1)
  })
})
