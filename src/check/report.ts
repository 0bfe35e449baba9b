/**
 * What `dql check` prints: one line per statement (text), or one JSON document; and the
 * summary that decides the exit code.
 */
import { escapeControls } from '../text/escape.js'
import type { FileResult } from './check-files.js'

export interface Summary {
  readonly files: number
  readonly statements: number
  readonly ok: number
  readonly errors: number
  readonly skipped: number
}

export function summarize(results: readonly FileResult[]): Summary {
  let ok = 0
  let errors = 0
  let skipped = 0
  for (const { statements } of results) {
    for (const { checked } of statements) {
      if (checked.kind === 'ok') ok++
      else if (checked.kind === 'error') errors++
      else skipped++
    }
  }
  return { files: results.length, statements: ok + errors + skipped, ok, errors, skipped }
}

/** Longest statement text shown on a line; longer is cut with an ellipsis. */
const TEXT_WIDTH = 100

/**
 * `file:line:col  Operation  table  statement` for a statement that plans, `file:line:col  error
 * code  message` and the source line with a caret for one that does not (at the offending
 * spot), `file:line:col  skipped  reason` for one that cannot be read statically.
 */
export function formatText(results: readonly FileResult[]): string {
  const lines: string[] = []
  for (const { file, statements } of results) {
    for (const { checked, line, column, spot } of statements) {
      if (checked.kind === 'ok') {
        const target =
          checked.index === undefined ? checked.table : `${checked.table}.${checked.index}`
        lines.push(
          `${file}:${line}:${column}  ${checked.operation}  ${target}  ${oneLine(checked.text)}`,
        )
      } else if (checked.kind === 'skipped') {
        lines.push(`${file}:${line}:${column}  skipped  ${escapeControls(checked.reason, false)}`)
      } else {
        const where = spot ?? { line, column, excerpt: '' }
        const { code, reason } = checked.error
        lines.push(`${file}:${where.line}:${where.column}  error  ${code}  ${reason}`)
        if (where.excerpt !== '') lines.push(where.excerpt)
      }
    }
  }
  const summary = summarize(results)
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  lines.push(
    `${plural(summary.statements, 'statement')} in ${plural(summary.files, 'file')}: ` +
      `${summary.ok} ok, ${plural(summary.errors, 'error')}, ${summary.skipped} skipped`,
  )
  return `${lines.join('\n')}\n`
}

/** The same as one JSON document, for tools. */
export function formatJson(results: readonly FileResult[]): string {
  const statements = results.flatMap(({ file, statements }) =>
    statements.map(({ checked, line, column, spot }) => {
      const place = { file, line, column }
      switch (checked.kind) {
        case 'ok':
          return {
            ...place,
            status: 'ok',
            call: checked.call,
            operation: checked.operation,
            table: checked.table,
            ...(checked.index === undefined ? {} : { index: checked.index }),
            text: checked.text,
          }
        case 'skipped':
          return { ...place, status: 'skipped', reason: checked.reason }
        case 'error': {
          const { code, reason, suggestions } = checked.error
          return {
            ...place,
            status: 'error',
            call: checked.call,
            ...(checked.text === undefined ? {} : { text: checked.text }),
            error: { code, message: reason, line: spot?.line, column: spot?.column, suggestions },
          }
        }
      }
    }),
  )
  return `${JSON.stringify({ summary: summarize(results), statements }, null, 2)}\n`
}

/** A statement on one line: its line breaks and runs of blanks as one space, cut if long. */
function oneLine(text: string): string {
  const line = escapeControls(text.replace(/\s+/g, ' ').trim(), false)
  return line.length > TEXT_WIDTH ? `${line.slice(0, TEXT_WIDTH - 1)}…` : line
}
