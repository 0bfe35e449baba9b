/**
 * DQL's words, in one place: the keywords the lexer knows, the functions a condition may call
 * and the one projection function. The lexer, the parser's messages, the shell's completion
 * and help, and the fuzzers all read these lists, so a new word is added here once.
 */

/** Reserved words, case-insensitive; a name spelled like one is back-quoted. */
export const KEYWORDS = [
  'EXPLAIN',
  'SELECT',
  'SCAN',
  'FROM',
  'USE',
  'INDEX',
  'WHERE',
  'ORDER',
  'BY',
  'ASC',
  'DESC',
  'LIMIT',
  'CONSISTENT',
  'AND',
  'OR',
  'NOT',
  'BETWEEN',
  'IN',
  'TRUE',
  'FALSE',
  'NULL',
] as const

export type Keyword = (typeof KEYWORDS)[number]

/**
 * A word that is a keyword in one place only — `SCAN … SEGMENTS n` — and a plain name
 * everywhere else, so that an attribute named `segments` needs no back-quotes.
 */
export const CONTEXTUAL_KEYWORD = 'SEGMENTS'

/**
 * The words of writes (DQL v2). They are keywords only where a write statement expects them
 * and names everywhere else, so that every v1 statement keeps its meaning: an attribute named
 * `value`, `set`, `new`, `old`, `all` or `check` needs no back-quotes. A longer word comes
 * before its prefix (VALUES before VALUE), as the lexer takes the first that matches.
 */
export const WRITE_KEYWORDS = [
  'INSERT',
  'INTO',
  'REPLACE',
  'VALUES',
  'VALUE',
  'UPDATED',
  'UPDATE',
  'UPSERT',
  'SET',
  'REMOVE',
  'ADD',
  'DELETE',
  'CHECK',
  'RETURNING',
  'NONE',
  'ALL',
  'OLD',
  'NEW',
] as const

export type WriteKeyword = (typeof WRITE_KEYWORDS)[number]

/** Functions usable on the right of `SET path =`. Not keywords either. */
export const UPDATE_FUNCTIONS = ['if_not_exists', 'list_append'] as const

/**
 * Functions usable in a condition, as DynamoDB spells them. They are not keywords: `size` or
 * `contains` stay usable as attribute names. `size` is an operand; the others are conditions.
 */
export const FUNCTIONS = [
  'begins_with',
  'contains',
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'size',
] as const

export type FunctionName = (typeof FUNCTIONS)[number]

/** The one function of a projection, written `COUNT(*)`; `count` stays a name elsewhere. */
export const PROJECTION_FUNCTION = 'COUNT'

/** The type names `attribute_type` takes. */
export const ATTRIBUTE_TYPES = ['S', 'SS', 'N', 'NS', 'B', 'BS', 'BOOL', 'NULL', 'L', 'M'] as const
