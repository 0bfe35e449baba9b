/**
 * The AST caches: by template identity (a call site's TemplateStringsArray is the same object
 * on every call), and by text in a bounded LRU, so that equal text from two call sites or two
 * `prepare` calls is parsed once.
 */
import { DqlError } from '../errors.js'
import { parseText, type ParsedStatement } from './parse-text.js'

/** How each template hole is shown in statement text, error messages and EXPLAIN. */
export const HOLE = '${…}'

/** How many statement texts the LRU keeps. */
export const TEXT_CACHE_SIZE = 1000

const byTemplate = new WeakMap<TemplateStringsArray, ParsedStatement>()
const byText = new Map<string, ParsedStatement>()

/** Told of each statement about to be lexed and parsed (not taken from a cache). */
export type OnParse = (text: string) => void

/** The parsed form of a tagged template, from cache when the call site or its text was seen. */
export function parseTemplate(strings: TemplateStringsArray, onParse?: OnParse): ParsedStatement {
  const cached = byTemplate.get(strings)
  if (cached !== undefined) return cached

  const holeOffsets = new Map<number, number>()
  let text = ''
  for (let i = 0; i < strings.length; i++) {
    const part = strings[i]
    if (typeof part !== 'string') {
      throw new DqlError(
        'parse.bad-template',
        `Part ${i + 1} of the template has an invalid escape sequence (such as \\u or \\x ` +
          'without hex digits); DQL text needs no backslash escapes.',
      )
    }
    if (i > 0) {
      holeOffsets.set(text.length, i - 1)
      text += HOLE
    }
    text += part
  }

  let parsed = fromLru(text)
  // Equal text with holes elsewhere (a template that spells out `${…}` itself) is parsed anew.
  if (parsed === undefined || parsed.holes !== strings.length - 1) {
    onParse?.(text)
    parsed = parseText(text, holeOffsets)
    remember(text, parsed)
  }
  byTemplate.set(strings, parsed)
  return parsed
}

/** The parsed form of a text statement (`prepare`, the REPL), from the LRU when seen before. */
export function parseStatementText(text: string, onParse?: OnParse): ParsedStatement {
  if (typeof text !== 'string') {
    throw new DqlError('usage.bad-argument', `A statement is a string, not ${typeof text}.`)
  }
  const cached = fromLru(text)
  if (cached !== undefined && cached.holes === 0) return cached
  onParse?.(text)
  const parsed = parseText(text, null)
  remember(text, parsed)
  return parsed
}

function fromLru(text: string): ParsedStatement | undefined {
  const parsed = byText.get(text)
  if (parsed !== undefined) {
    // Refresh: a Map iterates in insertion order, so the first key is the least recent.
    byText.delete(text)
    byText.set(text, parsed)
  }
  return parsed
}

function remember(text: string, parsed: ParsedStatement): void {
  byText.set(text, parsed)
  if (byText.size > TEXT_CACHE_SIZE) {
    const oldest = byText.keys().next()
    if (!oldest.done) byText.delete(oldest.value)
  }
}
