/**
 * The AST caches: by template identity (a call site's TemplateStringsArray is the same object
 * on every call), and by text in a bounded cache of recently used texts, so that equal text
 * from two call sites or two `prepare` calls is parsed once. A template's text is keyed with
 * the offsets of its holes: equal text with holes in other places is another statement.
 */
import { DqlError } from '../errors.js'
import { parseText, type ParsedStatement } from './parse-text.js'

/** How each template hole is shown in statement text, error messages and EXPLAIN. */
export const HOLE = '${…}'

/** How many statement texts the text cache keeps at most. */
export const TEXT_CACHE_SIZE = 1000

const byTemplate = new WeakMap<TemplateStringsArray, ParsedStatement>()

/*
 * The text cache is two generations of at most TEXT_CACHE_SIZE / 2 texts each: a text is
 * added to (or, when found in the old generation, moved to) the young one; when the young one
 * is full it becomes the old one, and the old one is dropped. A text used again within the
 * last TEXT_CACHE_SIZE / 2 new texts always survives, and a hit costs one or two lookups —
 * unlike a Map kept in recency order, whose delete-and-set on every hit grows slow once full.
 */
const GENERATION = TEXT_CACHE_SIZE / 2
let young = new Map<string, ParsedStatement>()
let old = new Map<string, ParsedStatement>()

/** Told of each statement about to be lexed and parsed (not taken from a cache). */
export type OnParse = (text: string) => void

/** The parsed form of a tagged template, from cache when the call site or its text was seen. */
export function parseTemplate(strings: TemplateStringsArray, onParse?: OnParse): ParsedStatement {
  const cached = byTemplate.get(strings)
  if (cached !== undefined) return cached

  const holeOffsets = new Map<number, number>()
  let text = ''
  let places = ''
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
      places += `${text.length},`
      text += HOLE
    }
    text += part
  }

  // Equal text is not enough: a template may spell out `${…}` where another has a hole, so a
  // template with holes is keyed by where they are too. That key starts with a digit and a NUL
  // follows the offsets; no text that parsed starts so (NUL is neither a token nor a blank),
  // so it never meets the key of a text statement or of a hole-free template, its bare text.
  const key = places === '' ? text : `${places}\u0000${text}`
  let parsed = lookup(key)
  if (parsed === undefined) {
    onParse?.(text)
    parsed = parseText(text, holeOffsets)
    remember(key, parsed)
  }
  byTemplate.set(strings, parsed)
  return parsed
}

/** The parsed form of a text statement (`prepare`, the REPL), from the text cache when seen before. */
export function parseStatementText(text: string, onParse?: OnParse): ParsedStatement {
  if (typeof text !== 'string') {
    throw new DqlError('usage.bad-argument', `A statement is a string, not ${typeof text}.`)
  }
  const found = lookup(text)
  if (found !== undefined) return found
  onParse?.(text)
  const parsed = parseText(text, null)
  remember(text, parsed)
  return parsed
}

function lookup(key: string): ParsedStatement | undefined {
  const recent = young.get(key)
  if (recent !== undefined) return recent
  const aged = old.get(key)
  if (aged !== undefined) remember(key, aged)
  return aged
}

function remember(key: string, parsed: ParsedStatement): void {
  young.set(key, parsed)
  if (young.size >= GENERATION) {
    old = young
    young = new Map()
  }
}
