/**
 * The interactive shell: readline with multi-line statements ended by `;`, persistent
 * history, and tab completion (complete.ts).
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { clearScreenDown, createInterface, cursorTo, type Interface } from 'node:readline'
import { loadGrammar } from '../parse/load-grammar.js'
import { MAX_STATEMENT_LENGTH } from '../parse/parse-text.js'
import type { Dql } from '../db.js'
import { complete } from './complete.js'
import type { Session } from './session.js'

const HISTORY_SIZE = 1000

/** Where history is kept: $DQL_HISTORY, or ~/.dql_history. */
export function historyPath(): string {
  return process.env.DQL_HISTORY ?? join(homedir(), '.dql_history')
}

/**
 * Runs the shell until `.exit`, Ctrl-D or the end of input. Lines are handled one at a time
 * from a queue, so that a statement runs to its end before the next line is read; on a
 * terminal, Ctrl-C cancels the statement running (through its AbortSignal) and lines typed
 * meanwhile wait their turn. Resolves to the exit status: 1 when piped input ends inside a
 * statement, else 0.
 */
export async function runShell(session: Session, db: Dql): Promise<number> {
  const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true
  const file = historyPath()
  // Piped input is a script, not typing: it is neither recorded nor given a history.
  const history = terminal ? loadHistory(file) : []
  const record = (entry: string) => {
    if (terminal) remember(file, entry)
  }
  /** Lines of the statement being typed, which readline put in the history one by one. */
  let typed: string[] = []
  let buffer = ''
  const rl: Interface = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal,
    history,
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    completer: (line: string) => complete(buffer + line, { tables: db.tables, seen: session.seen }),
  })
  const queue: string[] = []
  /** The statement running, if any. */
  let running: AbortController | undefined
  let pumping = false
  /** The input is closed: no prompt may be shown (it would resume stdin). */
  let closed = false
  /** The session is over: nothing more runs. */
  let finished = false
  let interrupted = false
  let status = 0
  let resolveDone = () => {}
  const done = new Promise<void>((resolve) => (resolveDone = resolve))

  const prompt = () => {
    if (closed || finished) return
    rl.setPrompt(buffer === '' ? 'dql> ' : '...> ')
    // Keeps what was typed ahead while a statement ran.
    rl.prompt(true)
  }
  /** Prints a block of text above the line being typed, which is drawn again under it. */
  const show = (text: string, stream: NodeJS.WriteStream = process.stdout) => {
    if (terminal && !closed) {
      cursorTo(process.stdout, 0)
      clearScreenDown(process.stdout)
    }
    stream.write(`${text}\n`)
    if (terminal && !closed && running) rl.prompt(true)
  }
  /** Piped input that ends inside a statement is an error: a script lost its last part. */
  const unfinished = () => {
    if (terminal || finished || buffer.trim() === '') return
    status = 1
    const lines = buffer.trim().split('\n')
    process.stderr.write(
      `error: the input ended inside a statement (no ; after it):\n${lines.map((l) => `  ${l}\n`).join('')}`,
    )
  }
  const leave = (endLine: boolean) => {
    if (finished) return
    finished = true
    queue.length = 0
    running?.abort()
    if (endLine && terminal) process.stdout.write('\n')
    if (!closed) {
      closed = true
      rl.close()
    }
    if (!pumping) resolveDone()
  }

  const execute = async (text: string) => {
    const controller = new AbortController()
    running = controller
    if (terminal) rl.setPrompt('')
    const result = await session.run(text, {
      signal: controller.signal,
      progress: (line) => show(line, process.stderr),
    })
    running = undefined
    if (result.output) show(result.output)
    return result
  }

  const handle = async (line: string) => {
    // Dot-commands are one line; statements run when they end with ; (after any comment).
    if (buffer === '' && line.trim().startsWith('.')) {
      record(line)
      const result = await execute(line)
      if (result.exit) leave(false)
      return
    }
    const text = buffer === '' ? line : `${buffer}\n${line}`
    const { statements, rest } = splitStatements(text)
    buffer = rest
    typed.push(line)
    if (rest === '') {
      if (typed.length > 1) recallWhole(text.trim())
      typed = []
    }
    for (const statement of statements) {
      if (finished) return
      record(statement.trim())
      await execute(statement)
    }
  }

  /** Replaces the lines of a statement typed over several with the whole of it, in history. */
  const recallWhole = (whole: string) => {
    for (const line of typed.toReversed()) if (history[0] === line) history.shift()
    if (history[0] !== whole) history.unshift(whole)
  }

  const pump = async () => {
    if (pumping) return
    pumping = true
    for (let line = queue.shift(); line !== undefined && !finished; line = queue.shift()) {
      await handle(line)
      if (queue.length === 0) prompt()
    }
    pumping = false
    if (closed) unfinished()
    if (finished || closed) {
      finished = true
      resolveDone()
    }
  }

  rl.on('line', (line) => {
    interrupted = false
    if (finished) return
    if (terminal && running && /^\s*\.(exit|quit)\s*$/.test(line)) return leave(false)
    queue.push(line)
    void pump()
  })
  rl.on('close', () => {
    closed = true
    // Ctrl-D on a terminal leaves at once; piped input runs to its end first.
    if (terminal) leave(true)
    else if (!pumping) {
      unfinished()
      leave(false)
    }
  })
  rl.on('SIGINT', () => {
    if (running) {
      // Cancel the statement; lines typed after it were meant to follow it, so they go too.
      queue.length = 0
      running.abort()
      return
    }
    if (buffer !== '' || rl.line !== '') {
      buffer = ''
      interrupted = false
      rl.write(null, { ctrl: true, name: 'u' })
      process.stdout.write('\n')
      prompt()
      return
    }
    if (interrupted) leave(true)
    else {
      interrupted = true
      process.stdout.write('\n(press Ctrl-C again or type .exit to leave)\n')
      prompt()
    }
  })

  prompt()
  await done
  return status
}

/** Complete statements of the text typed so far, and what is left to wait for. */
export interface Split {
  /** Each ends with its `;`; empty ones (`;` alone, or only a comment) are left out. */
  readonly statements: string[]
  /** Text after the last `;`, or '' when it holds nothing but space and comments. */
  readonly rest: string
}

/**
 * Splits text at its `;` tokens: not those inside a string or a comment. Text longer than a
 * statement may be is not lexed (that could take the stack with it): it is one statement,
 * which the parser refuses with `parse.too-long`.
 */
export function splitStatements(text: string): Split {
  if (text.length > MAX_STATEMENT_LENGTH) return { statements: [text], rest: '' }
  const grammar = loadGrammar()
  const { tokens, errors } = grammar.lex(text)
  const { Semicolon } = grammar.tokens
  const statements: string[] = []
  let start = 0
  let filled = false
  for (const token of tokens) {
    if (token.tokenType !== Semicolon) {
      filled = true
      continue
    }
    const end = token.startOffset + 1
    if (filled || errors.some((e) => e.offset >= start && e.offset < end)) {
      statements.push(text.slice(start, end))
    }
    start = end
    filled = false
  }
  const blank = !filled && !errors.some((e) => e.offset >= start)
  return { statements, rest: blank ? '' : text.slice(start) }
}

/**
 * The history, newest first. An entry is one line of the file; one that spans lines (a
 * statement typed over several) is kept as a JSON string, which no statement or dot-command
 * begins with, so that its comments and strings keep their line breaks.
 */
export function loadHistory(file: string): string[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(decode)
      .reverse()
      .slice(0, HISTORY_SIZE)
  } catch {
    return []
  }
}

function decode(line: string): string {
  if (!line.startsWith('"')) return line
  try {
    const entry: unknown = JSON.parse(line)
    return typeof entry === 'string' ? entry : line
  } catch {
    return line
  }
}

/** Appends an entry to the history file, created readable by its owner only (0600). */
export function remember(file: string, entry: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true })
    const line = entry.includes('\n') || entry.startsWith('"') ? JSON.stringify(entry) : entry
    appendFileSync(file, `${line}\n`, { mode: 0o600 })
  } catch {
    // History is a convenience: a read-only home must not stop the shell.
  }
}
