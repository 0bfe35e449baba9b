/**
 * The shell's words for what went wrong, and for a table: error text in the shell's own terms
 * (dot-commands and options rather than API calls), and `.describe`.
 */
import { DqlError } from '../errors.js'
import type { TableDefinition } from '../schema/define-table.js'
import { escapeControls } from '../text/escape.js'

/**
 * Library advice in shell terms: a DqlError's message names API calls (`createDql({ … })`)
 * where the shell has dot-commands and options. By code, so that an unrelated message is never
 * rewritten; only the advice changes, the location and caret stay.
 */
const SHELL_ADVICE: Partial<Record<DqlError['code'], readonly [RegExp, string]>> = {
  'result.unsafe-number': [
    /create the client with createDql\(\{ numbers: 'bigint' \}\) or \{ numbers: 'string' \}/,
    'use .numbers string (or start with --numbers string)',
  ],
}

/**
 * The text shown for a failure: the code, the message and the caret for DqlErrors. Messages
 * can quote stored values or statement text, so their control characters are shown escaped.
 */
export function describeError(error: unknown): string {
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

/** `.describe`: a table's keys, fields and indexes, as lines of text. */
export function describeDefinition(table: TableDefinition): string {
  const lines = [
    `table ${table.name} (DynamoDB: ${table.tableName})`,
    `  partition key  ${table.partitionKey}`,
    ...(table.sortKey ? [`  sort key       ${table.sortKey}`] : []),
  ]
  if (table.fields.size > 0) {
    lines.push('  fields')
    for (const [field, attribute] of table.fields) lines.push(`    ${field} → ${attribute}`)
  }
  for (const index of table.indexes) {
    const projection = Array.isArray(index.projection)
      ? `INCLUDE ${index.projection.join(', ')}`
      : index.projection
    lines.push(
      `  ${index.type} index ${index.name}: ${index.partitionKey}${index.sortKey ? `, ${index.sortKey}` : ''} (${projection})`,
    )
  }
  return lines.join('\n')
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}
