/**
 * REPL output: items as an aligned table (the default) or as JSON. Control characters in
 * values and attribute names are shown escaped, never sent to the terminal.
 */
import type { Statement } from '../ast/nodes.js'
import type { TableDefinition } from '../schema/define-table.js'
import { didYouMean } from '../text/did-you-mean.js'
import { displayWidth, truncateToWidth } from '../text/display-width.js'
import { escapeControls, escapeJsonControls } from '../text/escape.js'

/** Widest cell, in terminal cells, before it is cut with an ellipsis. */
const CELL = 40
/** Rows shown in table format; more are counted, not printed. */
export const MAX_ROWS = 200

/**
 * An aligned text table of `items`: one column per attribute, `lead` first in its order, then
 * the others in order of first appearance.
 */
export function formatTable(
  items: readonly Record<string, unknown>[],
  lead: readonly string[] = [],
): string {
  if (items.length === 0) return '(no items)'
  const shown = items.slice(0, MAX_ROWS)
  const columns: string[] = []
  const seen = new Set<string>()
  for (const key of lead) {
    if (!seen.has(key)) {
      seen.add(key)
      columns.push(key)
    }
  }
  for (const item of shown) {
    for (const key of Object.keys(item)) {
      if (!seen.has(key)) {
        seen.add(key)
        columns.push(key)
      }
    }
  }
  const headers = columns.map((column) => escapeControls(column))
  const rows = shown.map((item) => columns.map((column) => cell(item[column], column in item)))
  // Padded by display width, not string length: CJK characters and emoji take two cells.
  const cellWidths = rows.map((row) => row.map(displayWidth))
  const headerWidths = headers.map(displayWidth)
  const widths = headerWidths.map((width, i) =>
    Math.max(width, ...cellWidths.map((row) => row[i] ?? 0)),
  )
  const line = (cells: readonly string[], cellWidth: readonly number[]) =>
    cells
      .map((text, i) => text + ' '.repeat((widths[i] ?? 0) - (cellWidth[i] ?? 0)))
      .join(' │ ')
      .trimEnd()
  const out = [
    line(headers, headerWidths),
    widths.map((w) => '─'.repeat(w)).join('─┼─'),
    ...rows.map((row, i) => line(row, cellWidths[i] ?? [])),
  ]
  if (items.length > shown.length) {
    out.push(`… ${items.length - shown.length} more (add LIMIT, or .format json for all)`)
  }
  return out.join('\n')
}

function cell(value: unknown, present: boolean): string {
  if (!present) return ''
  return truncateToWidth(render(value), CELL)
}

function render(value: unknown): string {
  if (value === null) return 'NULL'
  if (typeof value === 'string') return escapeControls(value.replace(/\s+/g, ' '))
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value)
  }
  if (value instanceof Uint8Array) return `<${value.length} bytes>`
  if (value instanceof Set) return `{${[...value].map(render).join(', ')}}`
  return escapeJsonControls(JSON.stringify(value, replacer))
}

/** JSON of any result: Sets as arrays, binary as base64, bigints as numbers' digits. */
export function formatJson(value: unknown): string {
  return escapeJsonControls(JSON.stringify(value, replacer, 2))
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Set) return [...value]
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') }
  if (typeof value === 'bigint') return value.toString()
  return value
}

/**
 * The columns a statement's items lead with, as the items name them (a table's field name for
 * an attribute that has one): its SELECT list in order, or for `*` the table's partition and
 * sort keys. DynamoDB returns attributes in no useful order.
 */
export function leadingColumns(ast: Statement, table: TableDefinition | undefined): string[] {
  const name = (attribute: string) => table?.fieldOf.get(attribute) ?? attribute
  if (ast.kind !== 'read' && ast.kind !== 'scan') return []
  const projection = ast.projection
  if (projection.kind === 'paths') {
    const columns: string[] = []
    for (const path of projection.paths) {
      const first = path.segments[0]
      if (typeof first === 'string') columns.push(name(first))
    }
    return columns
  }
  if (table === undefined) return []
  return table.sortKey === undefined
    ? [name(table.partitionKey)]
    : [name(table.partitionKey), name(table.sortKey)]
}

/**
 * A note for each leading column that no item has — usually a misspelt SELECT name, which
 * DynamoDB answers with empty items rather than an error — naming the table's closest name.
 */
export function absentColumnNotes(
  items: readonly Record<string, unknown>[],
  columns: readonly string[],
  table: TableDefinition | undefined,
): string[] {
  if (items.length === 0) return []
  const notes: string[] = []
  for (const column of columns) {
    if (items.some((item) => Object.hasOwn(item, column))) continue
    const known = table === undefined ? [] : knownNames(table)
    const [suggestion] = didYouMean(column, known)
    notes.push(
      `note: no item had ${escapeControls(column)}` +
        (suggestion === undefined ? '' : `; did you mean ${escapeControls(suggestion)}?`),
    )
  }
  return notes
}

/** The names a table declares, as items name them: fields, keys, index keys and projections. */
function knownNames(table: TableDefinition): Set<string> {
  const attributes = [table.partitionKey, table.sortKey]
  for (const index of table.indexes) {
    attributes.push(index.partitionKey, index.sortKey, ...(index.projected ?? []))
  }
  const names = new Set(table.fields.keys())
  for (const attribute of attributes) {
    if (attribute !== undefined) names.add(table.fieldOf.get(attribute) ?? attribute)
  }
  return names
}

/** A write's result: the RETURNING item (or the stored item of a failed condition), and a summary. */
export function formatWrite(
  result: { count: number; item?: Record<string, unknown>; current?: Record<string, unknown> },
  format: 'table' | 'json',
): { body: string; what: string } {
  const { count, item, current } = result
  const shown = item ?? current
  const body =
    shown === undefined ? '' : format === 'json' ? formatJson(shown) : formatTable([shown])
  const what = `${count} item${count === 1 ? '' : 's'} written`
  if (current !== undefined) return { body, what: `${what} · the stored item` }
  // A single write that wrote nothing: its condition (stated or implied) did not hold.
  return { body, what: count === 0 ? `${what} (the condition did not hold)` : what }
}
