/**
 * Control characters made visible. A stored value or a statement printed raw could move the
 * cursor, clear the screen, set the window title or add a hyperlink: C0 controls, DEL and C1
 * controls (U+0080–U+009F, which some terminals act on like ESC sequences) are shown as
 * escapes instead.
 */

// Built from code points: a control character written in a regular expression is easy to miss.
const C0 = '\\u0000-\\u001f'
const C1 = '\\u007f-\\u009f'
const EVERY = new RegExp(`[${C0}${C1}]`, 'g')
/** The same without tab and line feed, for text whose lines and tabs are its layout. */
const BUT_LAYOUT = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${C1}]`, 'g')
/** DEL and C1 only: what JSON.stringify leaves raw (it escapes C0 itself). */
const JSON_RAW = new RegExp(`[${C1}]`, 'g')

/** `\x1b` for C0 and DEL, `\u009b` for C1: how JavaScript would write the character. */
function visible(char: string): string {
  const code = char.charCodeAt(0)
  return code < 0x80
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`
}

/** `text` with every control character escaped; `keepLayout` keeps tabs and line feeds. */
export function escapeControls(text: string, keepLayout = false): string {
  return text.replace(keepLayout ? BUT_LAYOUT : EVERY, visible)
}

/** JSON text with DEL and C1 controls as `\u00XX` escapes: still the same JSON value. */
export function escapeJsonControls(json: string): string {
  return json.replace(JSON_RAW, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
