/**
 * The shell on a terminal: the built CLI runs under a pseudo-terminal (`script`), against a
 * DynamoDB stand-in whose second Query page never comes, so that a statement is still running
 * when the keys are pressed.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const cli = join(root, 'dist/src/repl/cli.js')
const home = mkdtempSync(join(tmpdir(), 'dql-tty-'))
const schema = join(home, 'schema.mjs')

/** The targets of the requests the stand-in received, in order. */
const requests: string[] = []
/** Next-page requests the server holds, and who waits for one. */
let held = 0
const heldWaiters: (() => void)[] = []

/** Resolves once more than `count` next-page requests have reached the server. */
async function heldBeyond(count: number): Promise<void> {
  while (held <= count) await new Promise<void>((done) => heldWaiters.push(done))
}

/** Shells still running when the file ends (a failed test) are stopped. */
const children = new Set<ChildProcess>()
let server: Server
let endpoint = ''

beforeAll(async () => {
  writeFileSync(
    schema,
    `import { defineTable } from ${JSON.stringify(join(root, 'dist/src/index.js'))}
export const things = defineTable({ name: 'things', partitionKey: 'pk', sortKey: 'sk' })
export const appUsers = defineTable({ name: 'app-users', partitionKey: 'user id' })
`,
  )
  // The first request of each statement gets one item and a next page; the next is held.
  server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      const parsed: unknown = JSON.parse(body)
      const next = typeof parsed === 'object' && parsed !== null && 'ExclusiveStartKey' in parsed
      requests.push(`${String(request.headers['x-amz-target'])}${next ? ' (next page)' : ''}`)
      if (next) {
        held++
        for (const done of heldWaiters.splice(0)) done()
        return
      }
      response.setHeader('content-type', 'application/x-amz-json-1.0')
      const key = { pk: { S: 'a' }, sk: { S: '1' } }
      response.end(
        JSON.stringify({ Items: [key], Count: 1, ScannedCount: 1, LastEvaluatedKey: key }),
      )
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})

afterAll(async () => {
  for (const child of children) child.kill()
  server.closeAllConnections()
  await new Promise((done) => server.close(done))
  rmSync(home, { recursive: true, force: true })
})

/**
 * The terminal's text with its control sequences taken out and \r\n as \n. A line that the
 * shell erases (cursor to column 1, then clear to the end of the screen) loses what it showed
 * before, as on a screen: otherwise a prompt cut in two by the pseudo-terminal's reads would
 * leave its tail in front of the next line.
 */
function plain(raw: string): string {
  return (
    raw
      // eslint-disable-next-line no-control-regex
      .replace(/[^\n]*\x1b\[1G\x1b\[0J/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
      .replace(/\r\n/g, '\n')
  )
}

interface Terminal {
  /** Resolves when the text since the last wait (control sequences removed) matches. */
  waitFor(pattern: RegExp): Promise<string>
  type(keys: string): void
  /** Everything the terminal showed, control sequences removed. */
  screen(): string
  raw(): string
  exited: Promise<number | null>
}

/** The shell on a pseudo-terminal, its history in `history`. */
function terminal(history = join(home, 'history')): Terminal {
  const command = `${process.execPath} ${cli} --endpoint ${endpoint} --schema ${schema}`
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
    cwd: root,
    env: { ...process.env, DQL_HISTORY: history, NO_COLOR: '1', TERM: 'xterm' },
  })
  children.add(child)
  let output = ''
  let mark = 0
  let waiting: { pattern: RegExp; done: (text: string) => void } | undefined
  const check = () => {
    if (!waiting) return
    const text = plain(output.slice(mark))
    if (waiting.pattern.test(text)) {
      const { done } = waiting
      waiting = undefined
      mark = output.length
      done(text)
    }
  }
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    check()
  })
  const exited = new Promise<number | null>((done) =>
    child.on('close', (code) => {
      children.delete(child)
      done(code)
    }),
  )
  return {
    waitFor: (pattern) =>
      new Promise((done) => {
        waiting = { pattern, done }
        check()
      }),
    type: (keys) => child.stdin.write(keys),
    screen: () => plain(output),
    raw: () => output,
    exited: exited.then((code) => {
      child.stdin.end()
      return code
    }),
  }
}

const QUERY = "FROM things WHERE pk = 'a';\r"

/**
 * A shell running QUERY: its first page shown (the progress line says so), and the second
 * page's request arrived at the server, which holds it.
 */
async function running(): Promise<Terminal> {
  const shell = terminal()
  await shell.waitFor(/dql> $/)
  const heldBefore = held
  shell.type(QUERY)
  await shell.waitFor(/… 1 requests?, 1 items? read/)
  await heldBeyond(heldBefore)
  return shell
}

describe('a statement that is still running', () => {
  test('Ctrl-C cancels it without another request, says how far it got, and the shell goes on', async () => {
    requests.length = 0
    const shell = await running()
    shell.type('\x03')
    const cancelled = await shell.waitFor(/dql> $/)
    expect(cancelled).toMatch(
      /^\^?C?\n?cancelled after 1 item · [\d.]+ ms · Query · 0 RCU\ndql> $/m,
    )
    expect(requests).toEqual(['DynamoDB_20120810.Query', 'DynamoDB_20120810.Query (next page)'])
    shell.type('.exit\r')
    expect(await shell.exited).toBe(0)
    expect(requests).toHaveLength(2)
  })

  test('text typed while it runs stays on its own line, after the prompt that follows', async () => {
    const shell = await running()
    shell.type('.par')
    await shell.waitFor(/\.par$/)
    await shell.waitFor(/… 1 requests?, 1 items? read/)
    shell.type('\x03')
    await shell.waitFor(/dql> \.par$/)
    shell.type('ams\r')
    await shell.waitFor(/no parameters set/)
    expect(shell.raw()).not.toMatch(/\.par…/)
    shell.type('.exit\r')
    expect(await shell.exited).toBe(0)
  })

  test('Ctrl-D leaves, and ends the line', async () => {
    const shell = await running()
    shell.type('\x04')
    expect(await shell.exited).toBe(0)
    expect(shell.raw()).toMatch(/\r\n$/)
  })

  test('Ctrl-C twice leaves: once cancels, then twice on the empty prompt', async () => {
    const shell = await running()
    shell.type('\x03')
    await shell.waitFor(/cancelled after[^]*dql> $/)
    shell.type('\x03')
    await shell.waitFor(/press Ctrl-C again[^]*dql> $/)
    shell.type('\x03')
    expect(await shell.exited).toBe(0)
    expect(shell.screen()).toMatch(/dql> \n$/)
  })

  test('.exit typed while it runs leaves', async () => {
    const shell = await running()
    shell.type('.exit\r')
    expect(await shell.exited).toBe(0)
  })
})

describe('leaving at the prompt', () => {
  test('Ctrl-D on an empty line ends the line', async () => {
    const shell = terminal()
    await shell.waitFor(/dql> $/)
    shell.type('\x04')
    expect(await shell.exited).toBe(0)
    expect(shell.screen()).toMatch(/dql> \n$/)
  })
})

describe('history on a terminal', () => {
  test('a statement typed over two lines comes back whole with one Up, in the session and the next', async () => {
    const history = join(home, 'recall')
    const shell = terminal(history)
    await shell.waitFor(/dql> $/)
    shell.type('FROM nothing -- a comment\r')
    await shell.waitFor(/\.\.\.> $/)
    shell.type('WHERE a = 1;\r')
    await shell.waitFor(/Unknown table nothing[^]*dql> $/)
    shell.type('\x1b[A')
    await shell.waitFor(/dql> FROM nothing -- a comment\nWHERE a = 1;$/)
    shell.type('\x03\x04')
    expect(await shell.exited).toBe(0)

    const next = terminal(history)
    await next.waitFor(/dql> $/)
    next.type('\x1b[A')
    await next.waitFor(/dql> FROM nothing -- a comment\nWHERE a = 1;$/)
    next.type('\x03\x04')
    expect(await next.exited).toBe(0)
  })
})

describe('tab completion on a terminal', () => {
  test('Tab after FROM inserts a table name with the back-quotes it needs, then the attribute', async () => {
    const shell = terminal(join(home, 'completion'))
    await shell.waitFor(/dql> $/)
    shell.type('FROM app\t')
    await shell.waitFor(/dql> FROM `app-users`$/)
    shell.type(' WHERE us\t')
    await shell.waitFor(/dql> FROM `app-users` WHERE `user id`$/)
    shell.type('\x03\x04')
    expect(await shell.exited).toBe(0)
  })
})
