/**
 * Captures the transcripts of docs/repl.md from the real shell: the built CLI runs on the
 * demo under a pseudo-terminal (`script`), keys are typed into it as a person would type them
 * (Tab, Ctrl-C included), and what the terminal shows is rendered as a screen would show it.
 * The `-e` examples run the CLI with its stdout and stderr apart. The text between the
 * transcript markers of docs/repl.md is replaced; times, ports and the like are as they came.
 *
 * Regenerate with `npm run transcript` (it builds first).
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '../..')
const cli = join(root, 'dist/src/repl/cli.js')
const doc = join(root, 'docs/repl.md')
const home = mkdtempSync(join(tmpdir(), 'dql-transcript-'))
const env = {
  ...process.env,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  DQL_HISTORY: join(home, 'history'),
  NO_COLOR: '1',
  TERM: 'xterm',
}

/** What a terminal of unlimited height shows after `raw`: cursor moves and erases applied. */
export function render(raw: string): string {
  const lines: string[][] = [[]]
  let row = 0
  let col = 0
  const line = (): string[] => {
    while (lines.length <= row) lines.push([])
    return lines[row] ?? []
  }
  for (let i = 0; i < raw.length;) {
    const csi = /^\x1b\[([0-9;?]*)([A-Za-z])/.exec(raw.slice(i, i + 16))
    if (csi) {
      i += csi[0].length
      const n = Number.parseInt(csi[1] ?? '', 10)
      const count = Number.isNaN(n) ? 1 : Math.max(n, 1)
      switch (csi[2]) {
        case 'G':
          col = count - 1
          break
        case 'A':
          row = Math.max(0, row - count)
          break
        case 'B':
          row += count
          break
        case 'C':
          col += count
          break
        case 'D':
          col = Math.max(0, col - count)
          break
        case 'K':
          if (Number.isNaN(n) || n === 0) line().length = Math.min(line().length, col)
          else if (n === 2) line().length = 0
          break
        case 'J':
          line().length = Math.min(line().length, col)
          lines.length = row + 1
          break
      }
      continue
    }
    const char = String.fromCodePoint(raw.codePointAt(i) ?? 0)
    i += char.length
    if (char === '\r') col = 0
    // The terminal echoes a Tab that completion used: it only moves the cursor.
    else if (char === '\t') col = (Math.floor(col / 8) + 1) * 8
    else if (char === '\n') {
      row++
      line()
    } else if (char === '\x1b' || char === '\x07') continue
    else line()[col++] = char
  }
  return lines
    .map((cells) =>
      Array.from(cells, (cell) => cell ?? ' ')
        .join('')
        .trimEnd(),
    )
    .join('\n')
}

/** Only where a person's pace matters to what the terminal shows. */
function pause(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms))
}

/** Control sequences out, for matching what has appeared. */
function plain(raw: string): string {
  return raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\r\t]/g, '')
}

async function session(): Promise<string> {
  const command = `stty cols 120 rows 50; exec ${process.execPath} ${cli}`
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: root, env })
  let output = ''
  let mark = 0
  let waiting: { pattern: RegExp; done: (text: string) => void } | undefined
  const check = () => {
    const text = plain(output.slice(mark))
    if (waiting && waiting.pattern.test(text)) {
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
  const exited = new Promise<void>((done) => child.on('close', () => done()))
  const waitFor = (pattern: RegExp) =>
    new Promise<string>((done, fail) => {
      const timer = setTimeout(() => {
        child.kill()
        fail(
          new Error(
            `waited 120 s for ${pattern}; the screen:\n${render(output)}\n${JSON.stringify(output.slice(-400))}`,
          ),
        )
      }, 120_000)
      waiting = {
        pattern,
        done: (text) => {
          clearTimeout(timer)
          done(text)
        },
      }
      check()
    })
  const type = (keys: string) => child.stdin.write(keys)
  const statement = async (text: string) => {
    type(`${text}\r`)
    await waitFor(/dql> $/)
  }

  await waitFor(/dql> $/)
  await statement(".set c 'c-0002'")
  await statement('SELECT total, orderId, status FROM orders WHERE customerId = :c LIMIT 3;')
  await statement('FROM orders WHERE customerId = :c LIMIT 2;')
  await statement("SELECT cardBin, issuer, cardBn FROM bins WHERE card_bin = '411111';")
  await statement("FROM users WHERE id IN ('u1', 'u6');")
  await statement('.format json')
  await statement('SELECT orderId, total FROM orders WHERE customerId = :c LIMIT 1;')
  await statement('.numbers number')
  await statement('SELECT orderId, total FROM orders WHERE customerId = :c LIMIT 1;')
  await statement('.format table')
  // A write whose condition holds, then the same one again: its condition no longer holds.
  const shipped =
    "UPDATE orders SET status = 'shipped' WHERE customerId = :c AND orderId = 'o-00002' AND status = 'paid' RETURNING UPDATED NEW;"
  await statement(shipped)
  await statement(shipped)
  // Completion: a table name, a path, the list of what may follow, then a path again.
  type('FROM ev\t')
  await waitFor(/FROM events$/)
  type(' WHERE dev\t')
  await waitFor(/device$/)
  // Two Tabs as a person presses them: the second after the first has been answered.
  type(" = 'd-17' AND \t")
  await pause(500)
  type('\t')
  await waitFor(/size\([^]*dql> FROM events WHERE device = 'd-17' AND $/)
  type('lev\t')
  await waitFor(/level$/)
  await statement(" = 'error' LIMIT 2;")
  // Ctrl-C while a statement runs cancels it; on a line being typed, clears it.
  // Ctrl-C a moment after Enter, while the Scan reads its first page (about 80 ms on a quiet machine).
  type('SCAN FROM orders WHERE total > 1000;\r')
  await pause(20)
  type('\x03')
  const after = await waitFor(/dql> $/)
  if (!after.includes('cancelled after')) throw new Error(`the Scan ended first:\n${after}`)
  type('FROM bins WHERE')
  await waitFor(/WHERE$/)
  type('\x03')
  await waitFor(/dql> $/)
  type('\x03')
  await waitFor(/press Ctrl-C again[^]*dql> $/)
  type('.exit\r')
  await exited
  return render(output)
}

/** A shell command line as a reader would type it, its stdout and its stderr kept apart. */
function oneShot(args: string[], show: string): string {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, env, encoding: 'utf8' })
  const lines = [
    `$ ${show} 2>/dev/null`,
    result.stdout.trimEnd(),
    `$ echo $?`,
    String(result.status),
  ]
  lines.push(`$ ${show} >/dev/null`, result.stderr.trimEnd())
  return lines.filter((line) => line !== '').join('\n')
}

function replaceBetween(text: string, name: string, body: string): string {
  const start = `<!-- transcript ${name}: scripts/repl-transcript.ts -->`
  const end = `<!-- end of transcript ${name} -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from) throw new Error(`docs/repl.md has no ${start} … ${end}`)
  return `${text.slice(0, from + start.length)}\n\n\`\`\`text\n${body}\n\`\`\`\n\n${text.slice(to)}`
}

async function main(): Promise<void> {
  try {
    const shell = await session()
    const scripted = [
      oneShot(
        ['-e', "FROM bins WHERE cardBin = '411111' AND cardBinExtended = ';'", '--format', 'json'],
        `dql -e "FROM bins WHERE cardBin = '411111' AND cardBinExtended = ';'" --format json`,
      ),
      oneShot(
        [
          '-e',
          "SELECT total FROM orders WHERE customerId = 'c-0002' LIMIT 2",
          '--numbers',
          'number',
          '--format',
          'json',
        ],
        `dql -e "SELECT total FROM orders WHERE customerId = 'c-0002' LIMIT 2" --numbers number --format json`,
      ),
      oneShot(['-e', "FROM bins WHERE brand = 'VISA'"], `dql -e "FROM bins WHERE brand = 'VISA'"`),
    ].join('\n')
    let text = readFileSync(doc, 'utf8')
    text = replaceBetween(text, 'session', shell)
    text = replaceBetween(text, 'scripts', scripted)
    writeFileSync(doc, text)
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}

await main()
