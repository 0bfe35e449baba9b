/** Failures as the shell prints them. */
import { DqlError } from '../errors.js'
import { escapeControls } from '../text/escape.js'
import { isRecord } from './values.js'

/**
 * Library advice in shell terms: a DqlError's message names API calls (`createDql({ … })`)
 * where the shell has dot-commands and options. By code, so that an unrelated message is never
 * rewritten; only the advice changes, the location and caret stay.
 */
const SHELL_ADVICE: Partial<Record<DqlError['code'], readonly [RegExp, string]>> = {
  'bind.missing-param': [
    /pass it in the parameters, e\.g\. \{ ([A-Za-z_][A-Za-z0-9_]*): … \}/,
    'set it with .set $1 <value>',
  ],
  'plan.unknown-table': [
    /pass them to createDql\(\{ tables \}\) or call db\.loadTables\(\)/,
    'start the shell with --schema FILE, or with --endpoint URL to read them from DynamoDB; .tables lists those known',
  ],
  'result.unsafe-number': [
    /create the client with createDql\(\{ numbers: 'bigint' \}\) or \{ numbers: 'string' \}/,
    'use .numbers string (or start with --numbers string)',
  ],
}

/** The text shown for a failure: the code, the message and the caret for DqlErrors. */
export function describeError(error: unknown): string {
  // Messages can quote stored values or statement text: their control characters are escaped.
  return escapeControls(errorText(error), true)
}

function errorText(error: unknown): string {
  if (error instanceof DqlError) {
    const advice = SHELL_ADVICE[error.code]
    const message = advice ? error.message.replace(advice[0], advice[1]) : error.message
    return `error ${error.code}: ${message}`
  }
  const name = error instanceof Error ? error.name : undefined
  const message = error instanceof Error ? error.message : undefined
  const code = isRecord(error) ? error.code : undefined
  if (code === 'ECONNREFUSED' || /ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(String(message))) {
    return `error ${name ?? 'Error'}: cannot reach DynamoDB (${message}); check --endpoint and that it is running`
  }
  return `error ${name ?? 'Error'}: ${message ?? String(error)}`
}
