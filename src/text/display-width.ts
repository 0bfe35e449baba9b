/**
 * How many terminal cells a text takes: East Asian Wide and Fullwidth characters and emoji take
 * two, combining marks and zero-width characters none, the rest one. Measured per grapheme
 * cluster (what a terminal draws as one glyph), so a ZWJ emoji sequence, a flag or a letter
 * with its accents counts once. For aligning tables and carets; not a hot path.
 */

/**
 * East Asian Wide (W) and Fullwidth (F) ranges outside emoji, from Unicode's
 * EastAsianWidth.txt, merged where the gaps are unassigned. Emoji are found by their
 * Emoji_Presentation property instead.
 */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo leading consonants
  [0x2329, 0x232a], // angle brackets
  [0x2e80, 0x303e], // CJK radicals, Kangxi radicals, ideographic description, CJK symbols
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK compatibility
  [0x3400, 0x4dbf], // CJK Unified Ideographs Extension A
  [0x4e00, 0x9fff], // CJK Unified Ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo Extended-A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK Compatibility Ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x16fe0, 0x16fe4], // ideographic symbols
  [0x16ff0, 0x16ff1],
  [0x17000, 0x18d08], // Tangut, Khitan
  [0x1aff0, 0x1b2ff], // Kana extensions, small Kana, Nushu
  [0x1f200, 0x1f265], // enclosed ideographic supplement
  [0x20000, 0x2fffd], // CJK Extensions B–F, compatibility supplement
  [0x30000, 0x3fffd], // CJK Extensions G–H
]

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/
/** Drawn as an emoji: emoji presentation by default, or asked for by VS16. */
const EMOJI = /\p{Emoji_Presentation}|\ufe0f/u
/** Takes no cell of its own: combining marks, format characters (ZWJ, zero-width space). */
const ZERO = /^[\p{Mn}\p{Me}\p{Cf}]/u

let segmenter: Intl.Segmenter | undefined

function clusters(text: string): Iterable<Intl.SegmentData> {
  segmenter ??= new Intl.Segmenter()
  return segmenter.segment(text)
}

/** The cells `text` takes in a terminal. Control characters should be escaped first. */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length
  let width = 0
  for (const { segment } of clusters(text)) width += clusterWidth(segment)
  return width
}

/** `text` cut to at most `width` cells, ending with `…` when cut; never inside a cluster. */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text
  let out = ''
  let used = 0
  for (const { segment } of clusters(text)) {
    const cells = clusterWidth(segment)
    if (used + cells > width - 1) break
    out += segment
    used += cells
  }
  return `${out}…`
}

function clusterWidth(cluster: string): number {
  if (EMOJI.test(cluster)) return 2
  if (ZERO.test(cluster)) return 0
  return isWide(cluster.codePointAt(0) ?? 0) ? 2 : 1
}

function isWide(code: number): boolean {
  if (code < 0x1100) return false // below the first range: most text
  for (const [from, to] of WIDE) {
    if (code < from) return false
    if (code <= to) return true
  }
  return false
}
