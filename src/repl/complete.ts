/**
 * Tab completion by position. The statement typed so far is lexed with DQL's own lexer and
 * its tokens given to the parser's content assist, which says which tokens the grammar
 * allows next and in which rule: a keyword is offered only where the grammar takes one, a
 * table name where a table is named, the table's field and attribute names where a path
 * goes, index names inside USE INDEX (…), functions where an operand may start. The lexer and
 * the parser are the grammar's (src/parse/grammar.ts), reached through `loadGrammar` as the
 * library reaches them: the shell holds no copy of its own, and loads them on its first Tab or
 * statement, not at start.
 */
import type { IToken, TokenType } from 'chevrotain'
import { loadGrammar, type Grammar } from '../parse/load-grammar.js'
import {
  CONTEXTUAL_KEYWORD,
  FUNCTIONS,
  KEYWORDS,
  PROJECTION_FUNCTION,
  type FunctionName,
} from '../language/vocabulary.js'
import { MAX_STATEMENT_LENGTH } from '../parse/parse-text.js'
import type { TableDefinition } from '../schema/define-table.js'

const COMMANDS = [
  '.tables',
  '.describe ',
  '.set ',
  '.unset ',
  '.params',
  '.format ',
  '.numbers ',
  '.help',
  '.exit',
]

/** The one function that is an operand; the others are conditions. */
const OPERAND_FUNCTION: FunctionName = 'size'
const CONDITION_CALLS = FUNCTIONS.filter((name) => name !== OPERAND_FUNCTION).map(
  (name) => `${name}(`,
)
const COUNT = `${PROJECTION_FUNCTION}(*)`
const KEYWORD_NAMES: ReadonlySet<string> = new Set(KEYWORDS)
/**
 * Keywords a table name follows. Statements name their table through the grammar's tableRef
 * rule, which content assist reports; this also covers a statement that names it otherwise.
 */
const TABLE_WORDS: ReadonlySet<string> = new Set(['FROM', 'INTO', 'UPDATE', 'UPSERT', 'CHECK'])

/** The grammar's token types. */
type Tokens = Grammar['tokens']

/** Tokens a word being typed may be: a name, a keyword, a back-quoted name, begun or whole. */
function words(t: Tokens): ReadonlySet<TokenType> {
  return new Set([t.Identifier, t.QuotedName, t.UnterminatedName, ...t.keywords])
}

/** Tokens that are being typed when the text ends with them, and are no word. */
function values(t: Tokens): ReadonlySet<TokenType> {
  return new Set([
    t.StringLiteral,
    t.UnterminatedString,
    t.NumberLiteral,
    t.BadNumber,
    t.Param,
    t.Hole,
  ])
}

/** The grammar and those token kinds, from the first completion on. */
let kinds:
  { grammar: Grammar; words: ReadonlySet<TokenType>; values: ReadonlySet<TokenType> } | undefined

/** What completion knows besides the text: the tables, and the names results showed. */
export interface CompletionContext {
  readonly tables: readonly TableDefinition[]
  readonly seen?: SeenNames
}

/** Completions for the word being typed, given the whole input so far, and that word. */
export function complete(text: string, context: CompletionContext): [string[], string] {
  const start = text.trimStart()
  if (start.startsWith('.')) return completeCommand(start, context)
  if (text.length > MAX_STATEMENT_LENGTH) return [[], '']
  if (kinds === undefined) {
    const grammar = loadGrammar()
    kinds = { grammar, words: words(grammar.tokens), values: values(grammar.tokens) }
  }
  const { grammar } = kinds
  const t = grammar.tokens
  const tokens = grammar.lex(text).tokens
  const statement = tokens.slice(tokens.findLastIndex((k) => k.tokenType === t.Semicolon) + 1)
  const last = statement.at(-1) ?? tokens.at(-1)
  const end = last ? last.startOffset + last.image.length : 0
  // Text after the last token that is not space is a comment, or what the lexer refused.
  if (text.slice(end).trim() !== '') return [[], '']
  const touching = text.length === end && last !== undefined && statement.at(-1) === last
  // A string, number or parameter being typed is not completed; after '(' or '.' a word is.
  if (touching && kinds.values.has(last.tokenType)) return [[], '']
  const typing = touching && kinds.words.has(last.tokenType)
  const word = typing ? last.image : ''
  const before = typing ? statement.slice(0, -1) : statement
  const candidates = candidatesAfter(grammar, before, context)
  const lower = word.toLowerCase()
  const hits = [...candidates].filter((candidate) => {
    const c = candidate.toLowerCase()
    return c.startsWith(lower) || (c.startsWith('`') && c.slice(1).startsWith(lower))
  })
  return [hits.sort(), word]
}

function completeCommand(text: string, context: CompletionContext): [string[], string] {
  if (!/\s/.test(text)) return [COMMANDS.filter((c) => c.startsWith(text)), text]
  const describe = /^\.describe\s+(\S*)$/.exec(text)
  if (!describe) return [[], '']
  const word = describe[1] ?? ''
  const names = new Set(context.tables.flatMap((table) => [table.name, table.tableName]))
  return [[...names].filter((name) => name.startsWith(word)).sort(), word]
}

/** Every word the grammar allows after these tokens, where they are. */
function candidatesAfter(
  grammar: Grammar,
  before: readonly IToken[],
  context: CompletionContext,
): Set<string> {
  const t = grammar.tokens
  const candidates = new Set<string>()
  const paths = grammar.allowedNext([...before])
  const previous = before.at(-1)
  const table = namedTable(t, before, context.tables)
  // Before FROM, the paths of every table; after an unknown table's name, of none.
  const tables = table ? [table] : namesTable(t, before) === undefined ? context.tables : []
  // Where a condition starts (after WHERE, AND, OR, NOT, '('), a condition function fits.
  const conditionStart = paths.some((p) =>
    ['negation', 'primary'].includes(p.ruleStack.at(-1) ?? ''),
  )
  // A function's first argument must be a path: no literal keyword there.
  const firstArgument =
    previous?.tokenType === t.LParen && before.at(-2)?.tokenType === t.Identifier
  const addAll = (names: Iterable<string>) => {
    for (const name of names) candidates.add(name)
  }
  for (const { nextTokenType: type, ruleStack } of paths) {
    const rule = ruleStack.at(-1)
    if (rule === 'segmentName') {
      if (type === t.Identifier) {
        const parent = parentPath(t, before)
        for (const each of tables) {
          for (const name of context.seen?.children(each.name, parent) ?? []) {
            candidates.add(isPlainName(name) ? name : backQuote(name))
          }
        }
      }
      continue
    }
    if (type === t.Segments) {
      // A keyword only here (the SCAN clause); a name everywhere else.
      candidates.add(CONTEXTUAL_KEYWORD)
      continue
    }
    if (KEYWORD_NAMES.has(type.name)) {
      if (!firstArgument) candidates.add(type.name)
      continue
    }
    if (type !== t.Identifier && type !== t.QuotedName) continue
    if (ruleStack.includes('tableRef') || TABLE_WORDS.has(previous?.tokenType.name ?? '')) {
      addAll(context.tables.flatMap((d) => [d.name, d.tableName]).map(quoteName))
    } else if (ruleStack.includes('useIndex')) {
      addAll((table?.indexes ?? []).map((index) => quoteName(index.name)))
    } else if (rule === 'projection') {
      if (type === t.Identifier) candidates.add(COUNT)
    } else {
      if (rule === 'term' && type === t.Identifier) {
        if (conditionStart) addAll(CONDITION_CALLS)
        candidates.add(`${OPERAND_FUNCTION}(`)
      }
      for (const each of tables) addAll(attributeNames(each, context.seen).map(quoteName))
    }
  }
  return candidates
}

/** The name after FROM (or INTO, UPDATE, …), as written, if the statement has one yet. */
function namesTable(t: Tokens, tokens: readonly IToken[]): string | undefined {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const next = tokens[i + 1]
    if (!TABLE_WORDS.has(tokens[i]?.tokenType.name ?? '') || next === undefined) continue
    if (next.tokenType === t.Identifier) return next.image
    if (next.tokenType === t.QuotedName) return unquote(next.image)
  }
  return undefined
}

function namedTable(
  t: Tokens,
  tokens: readonly IToken[],
  tables: readonly TableDefinition[],
): TableDefinition | undefined {
  const name = namesTable(t, tokens)
  return name === undefined
    ? undefined
    : tables.find((d) => d.name === name || d.tableName === name)
}

/** A table's field, key, index-key and projected attribute names, and those results showed. */
function attributeNames(table: TableDefinition, seen: SeenNames | undefined): string[] {
  const names = [table.partitionKey, ...table.fields.keys(), ...table.fields.values()]
  if (table.sortKey) names.push(table.sortKey)
  for (const index of table.indexes) {
    names.push(index.partitionKey)
    if (index.sortKey) names.push(index.sortKey)
    if (Array.isArray(index.projection)) names.push(...index.projection)
  }
  return [...names, ...(seen?.children(table.name, []) ?? [])]
}

/** The names of the path before the final dot (`a.b[0].` → a, b), list indexes left out. */
function parentPath(t: Tokens, tokens: readonly IToken[]): string[] {
  const segments: string[] = []
  let i = tokens.length - 2
  while (i >= 0) {
    const token = tokens[i]
    if (token === undefined) break
    if (token.tokenType === t.RBracket) {
      i -= 3
      continue
    }
    if (token.tokenType === t.QuotedName) segments.unshift(unquote(token.image))
    else if (token.tokenType === t.Identifier || KEYWORD_NAMES.has(token.tokenType.name)) {
      segments.unshift(token.image)
    } else break
    if (tokens[i - 1]?.tokenType !== t.Dot) break
    i -= 2
  }
  return segments
}

function isPlainName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
}

/** A name as a statement must write it: back-quoted unless a plain word and no keyword. */
export function quoteName(name: string): string {
  return isPlainName(name) && !KEYWORD_NAMES.has(name.toUpperCase()) ? name : backQuote(name)
}

function backQuote(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``
}

function unquote(image: string): string {
  return image.slice(1, -1).replaceAll('``', '`')
}

/** How many items of one result are looked at, how deep, and how many names a table keeps. */
const ITEMS_LOOKED_AT = 100
const DEPTH = 4
const NAMES_PER_TABLE = 1000

/**
 * Attribute names results have shown, per table and per parent path: DynamoDB declares only
 * key attributes, so the others are learnt as items come back. Bounded, so that a session
 * reading wide items does not grow without end.
 */
export class SeenNames {
  private readonly tables = new Map<string, Map<string, Set<string>>>()
  private readonly counts = new Map<string, number>()

  /** Learns the names in items read from `table` (its definition's name). */
  record(table: string, items: readonly Record<string, unknown>[]): void {
    let parents = this.tables.get(table)
    if (!parents) this.tables.set(table, (parents = new Map()))
    const known = parents
    const visit = (value: unknown, parent: string[]) => {
      if (parent.length > DEPTH) return
      if (Array.isArray(value)) {
        for (const element of value.slice(0, ITEMS_LOOKED_AT)) visit(element, parent)
        return
      }
      if (!isPlainObject(value)) return
      const key = JSON.stringify(parent)
      let names = known.get(key)
      if (!names) known.set(key, (names = new Set()))
      for (const [name, child] of Object.entries(value)) {
        if (!names.has(name)) {
          const count = this.counts.get(table) ?? 0
          if (count >= NAMES_PER_TABLE) return
          this.counts.set(table, count + 1)
          names.add(name)
        }
        visit(child, [...parent, name])
      }
    }
    for (const item of items.slice(0, ITEMS_LOOKED_AT)) visit(item, [])
  }

  /** The names seen under `parent` (`[]`: the top level) in items of `table`. */
  children(table: string, parent: readonly string[]): string[] {
    return [...(this.tables.get(table)?.get(JSON.stringify(parent)) ?? [])]
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}
