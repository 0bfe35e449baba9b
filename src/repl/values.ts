/**
 * `.set` values as the shell reads and shows them. Exact: a parameter is never a rounded
 * number.
 */

/**
 * `.set` values: JSON, a 'quoted' string, or a bare word as a string. Numbers are exact: an
 * integer beyond a double is a bigint (sent as written), and a number a double cannot hold
 * exactly is refused, never rounded or made Infinity.
 */
export function parseValue(text: string): unknown {
  const trimmed = text.trim()
  if (trimmed.startsWith("'")) {
    // A quote inside is doubled (''); a text that does not end with a lone one is unfinished.
    if (!/^'(?:[^']|'')*'$/s.test(trimmed)) {
      throw new RefusedValue(`the text ${trimmed} has no closing '`, '')
    }
    return trimmed.slice(1, -1).replaceAll("''", "'")
  }
  let value: unknown
  try {
    value = JSON.parse(trimmed)
  } catch {
    return trimmed
  }
  if (/^-?\d+$/.test(trimmed) && !Number.isSafeInteger(value)) return BigInt(trimmed)
  for (const number of jsonNumbers(trimmed)) {
    const refused = inexact(number)
    if (refused !== undefined) {
      throw new RefusedValue(refused, ' Write it as a literal in the statement.')
    }
  }
  return value
}

/** A `.set` value refused; its message says why, `advice` what to do instead. */
export class RefusedValue extends Error {
  constructor(
    message: string,
    readonly advice: string,
  ) {
    super(message)
  }
}

/** The number tokens of JSON text, strings skipped. */
function jsonNumbers(json: string): string[] {
  return json.replace(/"(?:[^"\\]|\\.)*"/g, '""').match(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g) ?? []
}

/** Why a JSON number token cannot be a JavaScript number exactly, or undefined if it can. */
function inexact(token: string): string | undefined {
  const number = Number(token)
  if (!Number.isFinite(number)) return `${token} is beyond the range of a JavaScript number`
  if (decimal(token) !== decimal(String(number))) {
    return `${token} has more digits than a JavaScript number holds exactly`
  }
  return undefined
}

/** A number's text in one form, significant digits and exponent, to compare two spellings. */
function decimal(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text)
  if (!match) return text
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match
  const digits = `${whole}${fraction}`
  const leading = digits.length - digits.replace(/^0+/, '').length
  const significant = digits.replace(/^0+/, '').replace(/0+$/, '')
  if (significant === '') return '0'
  const scale = Number(exponent) + whole.length - leading
  return `${sign}${significant}e${scale}`
}

/** A parameter on one line: strings quoted, bigints as their digits, lists and maps as JSON. */
export function showValue(value: unknown): string {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Set) return `{${[...value].map(showValue).join(', ')}}`
  if (Array.isArray(value)) return `[${value.map(showValue).join(', ')}]`
  if (isRecord(value)) {
    return `{ ${Object.entries(value)
      .map(([key, entry]) => `${JSON.stringify(key)}: ${showValue(entry)}`)
      .join(', ')} }`
  }
  return JSON.stringify(value) ?? String(value)
}

/** True for any object: what a value from a middleware or an error may be read as. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}
