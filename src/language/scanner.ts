/**
 * The lexer of the process: Chevrotain's lexing algorithm over DQL's token types, without the
 * cost of building Chevrotain's Lexer. That constructor fills a 65,536-entry table from
 * character codes to pattern groups on its first use, which was most of the lexer's share of
 * a cold start; DQL's tokens start with a few dozen characters, so a small map does the same
 * job. The algorithm is Chevrotain's: at each offset, the token types that may start with the
 * character are tried in the order of `allTokens`, the first that matches wins unless its
 * longer alternative (Identifier, for a keyword) matches more; after a character no token
 * matches, characters are dropped until one does, and that run is one error.
 * test/language/lexer.test.ts compares it with Chevrotain's Lexer on random text.
 */
import {
  defaultLexerErrorProvider,
  Lexer,
  type ILexingError,
  type ILexingResult,
  type IToken,
  type TokenType,
} from 'chevrotain'

/** One token type, ready to be tried: a literal, or a sticky regular expression. */
interface Pattern {
  readonly type: TokenType
  readonly skipped: boolean
  readonly literal: string
  readonly regex: RegExp | undefined
  readonly longer: readonly Pattern[]
}

/** How long `pattern`'s match at `offset` is; -1 when it does not match there. */
function matchLength(pattern: Pattern, text: string, offset: number): number {
  const regex = pattern.regex
  if (regex === undefined) {
    return text.startsWith(pattern.literal, offset) ? pattern.literal.length : -1
  }
  // test, not exec: the match itself is not needed, only where it ends.
  regex.lastIndex = offset
  return regex.test(text) ? regex.lastIndex - offset : -1
}

/** The first characters a token type may start with: its string's, or its start_chars_hint. */
function firstCharacters(type: TokenType): readonly number[] {
  const pattern = type.PATTERN
  if (typeof pattern === 'string') return [pattern.charCodeAt(0)]
  const hint = type.START_CHARS_HINT
  if (hint === undefined) throw new Error(`${type.name} needs a start_chars_hint.`)
  return hint.map((char) => (typeof char === 'string' ? char.charCodeAt(0) : char))
}

export class Scanner {
  private readonly patterns: readonly Pattern[]
  /** The candidates by first character: an array for Latin-1, a map for the rest. */
  private readonly byLatin1: (Pattern[] | undefined)[] = new Array<undefined>(256).fill(undefined)
  private readonly byOther = new Map<number, Pattern[]>()

  /** `types` in the order the lexer tries them (the first that matches wins). */
  constructor(types: readonly TokenType[]) {
    const made = new Map<TokenType, Pattern>()
    const pattern = (type: TokenType): Pattern => {
      let found = made.get(type)
      if (found === undefined) {
        const longerAlt = type.LONGER_ALT
        const longer = longerAlt === undefined ? [] : [longerAlt].flat()
        const source = type.PATTERN
        if (typeof source !== 'string' && !(source instanceof RegExp)) {
          throw new Error(`The scanner cannot run the pattern of ${type.name}.`)
        }
        found = {
          type,
          skipped: type.GROUP === Lexer.SKIPPED,
          literal: typeof source === 'string' ? source : '',
          regex:
            typeof source === 'string'
              ? undefined
              : new RegExp(source.source, `${source.flags.replace('y', '')}y`),
          longer: longer.map(pattern),
        }
        made.set(type, found)
      }
      return found
    }
    this.patterns = types.map(pattern)
    for (const current of this.patterns) {
      for (const code of new Set(firstCharacters(current.type))) {
        const list = this.candidates(code)
        if (list !== undefined) list.push(current)
        else if (code < 256) this.byLatin1[code] = [current]
        else this.byOther.set(code, [current])
      }
    }
  }

  private candidates(code: number): Pattern[] | undefined {
    return code < 256 ? this.byLatin1[code] : this.byOther.get(code)
  }

  tokenize(text: string): ILexingResult {
    const tokens: IToken[] = []
    const errors: ILexingError[] = []
    let offset = 0
    while (offset < text.length) {
      const candidates = this.candidates(text.charCodeAt(offset))
      let chosen: Pattern | undefined
      let length = -1
      if (candidates !== undefined) {
        for (const candidate of candidates) {
          length = matchLength(candidate, text, offset)
          if (length < 0) continue
          chosen = candidate
          for (const longer of candidate.longer) {
            const longerLength = matchLength(longer, text, offset)
            if (longerLength > length) {
              chosen = longer
              length = longerLength
              break
            }
          }
          break
        }
      }
      if (chosen === undefined) {
        const start = offset
        do offset++
        while (
          offset < text.length &&
          !this.patterns.some((p) => matchLength(p, text, offset) >= 0)
        )
        const skipped = offset - start
        errors.push({
          offset: start,
          length: skipped,
          line: undefined,
          column: undefined,
          message: defaultLexerErrorProvider.buildUnexpectedCharactersMessage(
            text,
            start,
            skipped,
            undefined,
            undefined,
          ),
        })
        continue
      }
      if (!chosen.skipped) {
        const type = chosen.type
        tokens.push({
          image: text.slice(offset, offset + length),
          startOffset: offset,
          tokenTypeIdx: type.tokenTypeIdx ?? -1,
          tokenType: type,
        })
      }
      offset += length
    }
    return { tokens, groups: {}, errors }
  }
}
