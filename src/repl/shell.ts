/**
 * The interactive shell: readline with multi-line statements ended by `;`, persistent
 * history, and tab completion of keywords, tables, and field and attribute names.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface, type Interface } from 'node:readline'
import { lexer, Semicolon } from '../language/tokens.js'
import { FUNCTIONS, KEYWORDS, PROJECTION_FUNCTION } from '../language/vocabulary.js'
import type { Dql } from '../db.js'
import type { Session } from './session.js'

/** Functions complete with their opening parenthesis; COUNT with its `(*)`. */
const CALLS = [...FUNCTIONS.map((name) => `${name}(`), `${PROJECTION_FUNCTION}(*)`]
const COMMANDS = [
  '.tables',
  '.describe ',
  '.set ',
  '.unset ',
  '.params',
  '.format ',
  '.help',
  '.exit',
]
const HISTORY_SIZE = 1000

/** Where history is kept: $DQL_HISTORY, or ~/.dql_history. */
export function historyPath(): string {
  return process.env.DQL_HISTORY ?? join(homedir(), '.dql_history')
}

/** Runs the shell until `.exit` or end of input. */
export async function runShell(session: Session, db: Dql): Promise<void> {
  const file = historyPath()
  const history = loadHistory(file)
  let buffer = ''
  const rl: Interface = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: process.stdin.isTTY === true && process.stdout.isTTY === true,
    history,
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    completer: (line: string) => complete(db, buffer + line),
  })
  const prompt = () => {
    rl.setPrompt(buffer === '' ? 'dql> ' : '...> ')
    rl.prompt()
  }
  let interrupted = false
  rl.on('SIGINT', () => {
    if (buffer !== '' || rl.line !== '') {
      buffer = ''
      interrupted = false
      rl.write(null, { ctrl: true, name: 'u' })
      process.stdout.write('\n')
      prompt()
      return
    }
    if (interrupted) rl.close()
    else {
      interrupted = true
      process.stdout.write('\n(press Ctrl-C again or type .exit to leave)\n')
      prompt()
    }
  })

  prompt()
  for await (const line of rl) {
    interrupted = false
    const text = buffer === '' ? line : `${buffer}\n${line}`
    // Dot-commands are one line; statements run when they end with ; (after any comment).
    if (buffer === '' && line.trim().startsWith('.')) {
      remember(file, line)
      const result = await session.run(line)
      if (result.output) console.log(result.output)
      if (result.exit) break
      prompt()
      continue
    }
    if (!endsStatement(text)) {
      buffer = text
      prompt()
      continue
    }
    buffer = ''
    remember(file, text.replace(/\n/g, ' '))
    const result = await session.run(text)
    if (result.output) console.log(result.output)
    prompt()
  }
  rl.close()
}

/**
 * True when the text ends with a `;` token: not one inside a string or a comment. Text the
 * lexer cannot read ends at a plain trailing `;`, so that the error is reported, not waited on.
 */
export function endsStatement(text: string): boolean {
  const { tokens, errors } = lexer.tokenize(text)
  if (errors.length > 0) return text.trimEnd().endsWith(';')
  return tokens.at(-1)?.tokenType === Semicolon
}

function loadHistory(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).reverse().slice(0, HISTORY_SIZE)
  } catch {
    return []
  }
}

function remember(file: string, entry: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true })
    appendFileSync(file, `${entry}\n`)
  } catch {
    // History is a convenience: a read-only home must not stop the shell.
  }
}

/** Completions for the word being typed, given the whole statement so far. */
export function complete(db: Dql, text: string): [string[], string] {
  const word = /[A-Za-z_.][A-Za-z0-9_]*$/.exec(text)?.[0] ?? ''
  if (text.trimStart().startsWith('.') && !text.includes(' ')) {
    return [COMMANDS.filter((c) => c.startsWith(word)), word]
  }
  const candidates = new Set<string>()
  for (const keyword of KEYWORDS) candidates.add(keyword)
  for (const call of CALLS) candidates.add(call)
  const tables = db.tables
  for (const table of tables) candidates.add(table.name)
  const from = /\bFROM\s+(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)/i.exec(text)?.[1]?.replace(/`/g, '')
  const table = tables.find((t) => t.name === from || t.tableName === from)
  if (table) {
    for (const name of [
      table.partitionKey,
      table.sortKey,
      ...table.fields.keys(),
      ...table.fields.values(),
    ]) {
      if (name) candidates.add(name)
    }
    for (const index of table.indexes) {
      candidates.add(index.name)
      candidates.add(index.partitionKey)
      if (index.sortKey) candidates.add(index.sortKey)
    }
  }
  const lower = word.toLowerCase()
  const hits = [...candidates].filter((c) => c.toLowerCase().startsWith(lower)).sort()
  return [hits, word]
}
