/**
 * Where a spot in a statement's text is in the source file. A template's statement text is its
 * cooked parts joined by `${…}`; a string literal's is its cooked value. Escapes (`\n`, `\``,
 * `\u{…}`, a line continuation) and CRLF line ends make cooked and source offsets differ, so
 * each part is decoded again here, keeping for each cooked character the source offset it
 * came from.
 */
import { HOLE } from '../parse/parse-cache.js'

/** One quoted run of source: a template's part or a string literal's content. */
export interface SourcePart {
  /** Source offset of the first character inside the quotes (after `` ` ``, `}`, or `'`). */
  readonly start: number
  /** Source offset just after the last character inside the quotes. */
  readonly end: number
}

/** A hole: from its `${` to just after its `}`. */
export interface SourceHole {
  readonly start: number
  readonly end: number
}

/** Maps statement-text offsets to source offsets for one statement. */
export class StatementSource {
  /** For each part: the text offset it starts at, and the source offset of each character. */
  private readonly parts: { readonly at: number; readonly offsets: readonly number[] }[] = []

  constructor(
    source: string,
    parts: readonly SourcePart[],
    private readonly holes: readonly SourceHole[],
  ) {
    let at = 0
    for (const part of parts) {
      const offsets = decode(source, part.start, part.end)
      this.parts.push({ at, offsets })
      at += offsets.length - 1 + HOLE.length
    }
  }

  /**
   * The source span of the spot at `offset` in the statement text: one character, or the
   * whole hole when the spot is a hole.
   */
  span(offset: number): { start: number; end: number } {
    for (let i = this.parts.length - 1; i >= 0; i--) {
      const part = this.parts[i]
      if (part === undefined || offset < part.at) continue
      const within = offset - part.at
      const last = part.offsets.length - 1
      const hole = this.holes[i]
      if (within >= last && hole !== undefined) return { start: hole.start, end: hole.end }
      const start = part.offsets[Math.min(within, last)] ?? 0
      const next = part.offsets[Math.min(within + 1, last)] ?? start
      return { start, end: Math.max(next, start + 1) }
    }
    return { start: 0, end: 1 }
  }
}

/**
 * The source offset of each character of the cooked value of `source[start, end)`, and the
 * end offset last: a JS string or template body decoded as the language does.
 */
export function decode(source: string, start: number, end: number): number[] {
  const offsets: number[] = []
  let i = start
  while (i < end) {
    const char = source[i]
    if (char === '\r') {
      // CRLF and a lone CR both cook to one LF.
      offsets.push(i)
      i += source[i + 1] === '\n' ? 2 : 1
    } else if (char !== '\\') {
      offsets.push(i)
      i++
    } else {
      const escape = escapeAt(source, i)
      for (let k = 0; k < escape.units; k++) offsets.push(i)
      i += escape.length
    }
  }
  offsets.push(end)
  return offsets
}

/** The escape at `source[at]` (a backslash): how many source characters, how many it cooks to. */
function escapeAt(source: string, at: number): { length: number; units: number } {
  const next = source[at + 1]
  if (next === '\r') return { length: source[at + 2] === '\n' ? 3 : 2, units: 0 }
  if (next === '\n' || next === '\u2028' || next === '\u2029') return { length: 2, units: 0 }
  if (next === 'x') return { length: 4, units: 1 }
  if (next === 'u') {
    if (source[at + 2] !== '{') return { length: 6, units: 1 }
    const close = source.indexOf('}', at + 3)
    const code = parseInt(source.slice(at + 3, close), 16)
    return { length: close - at + 1, units: code > 0xffff ? 2 : 1 }
  }
  if (next !== undefined && next >= '0' && next <= '7') {
    // A legacy octal escape (string literals only): up to three octal digits.
    let length = 2
    while (length < 4 && /[0-7]/.test(source[at + length] ?? '')) length++
    return { length, units: 1 }
  }
  // Any other escaped character cooks to itself: one UTF-16 unit, or two for an astral one.
  const astral = (source.codePointAt(at + 1) ?? 0) > 0xffff
  return astral ? { length: 3, units: 2 } : { length: 2, units: 1 }
}
