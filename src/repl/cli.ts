#!/usr/bin/env node
/**
 * The `dql` command: an interactive shell on an embedded DynamoDB with demo data, or on any
 * endpoint; `-e` runs one statement and exits (for scripts).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createDql } from '../db.js'
import { localClient, startEmbedded } from '../execute/embedded.js'
import { isTableDefinition, type TableDefinition } from '../schema/define-table.js'
import { DEMO_EXAMPLES, demoTables, seedDemo } from './demo.js'
import { describeError, Session } from './session.js'
import { runShell } from './shell.js'

export const USAGE = `Usage: dql [options]

An interactive shell for DQL statements. With no options it starts an embedded DynamoDB
(dynalite, in memory) with demo tables bins and orders.

Options:
  --endpoint URL     use the DynamoDB at URL (DynamoDB Local, a compatible server, or AWS)
  --region REGION    the region (default: $AWS_REGION, else us-east-1; 'local' on the embedded engine)
  --schema FILE      a JavaScript module exporting table definitions (defineTable results)
  --no-demo          start the embedded DynamoDB empty
  -e, --execute STMT run one statement, print the result and exit (non-zero on error)
  --format table|json  how results print (default: table)
  -h, --help         show this help

Without --schema, the tables of an --endpoint are read with DescribeTable at start.
Statements end with ; in the shell. Type .help inside for commands.`

interface Options {
  endpoint?: string
  region?: string
  schema?: string
  demo: boolean
  execute?: string
  format: 'table' | 'json'
  help: boolean
}

class UsageError extends Error {}

export function parseOptions(argv: readonly string[]): Options {
  const options: Options = { demo: true, format: 'table', help: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === undefined) throw new Error('unreachable: i < argv.length')
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined]
    const value = () => {
      const next = inline ?? argv[++i]
      if (next === undefined) throw new UsageError(`${flag} needs a value`)
      return next
    }
    switch (flag) {
      case '-h':
      case '--help':
        options.help = true
        break
      case '--endpoint':
        options.endpoint = value()
        break
      case '--region':
        options.region = value()
        break
      case '--schema':
        options.schema = value()
        break
      case '--no-demo':
        options.demo = false
        break
      case '-e':
      case '--execute':
        options.execute = value()
        if (options.execute.trim() === '') throw new UsageError(`${flag} needs a statement`)
        break
      case '--format': {
        const format = value()
        if (format !== 'table' && format !== 'json')
          throw new UsageError('--format is table or json')
        options.format = format
        break
      }
      default:
        throw new UsageError(`unknown option ${arg}`)
    }
  }
  return options
}

async function loadSchema(file: string): Promise<TableDefinition[]> {
  const module: unknown = await import(pathToFileURL(resolve(file)).href)
  const found: TableDefinition[] = []
  const visit = (value: unknown) => {
    if (isTableDefinition(value)) found.push(value)
    else if (Array.isArray(value)) value.forEach(visit)
  }
  if (typeof module === 'object' && module !== null) Object.values(module).forEach(visit)
  if (found.length === 0) {
    throw new UsageError(`${file} exports no table definitions (defineTable results)`)
  }
  return [...new Set(found)]
}

async function main(argv: readonly string[]): Promise<number> {
  let options: Options
  try {
    options = parseOptions(argv)
  } catch (error) {
    console.error(`dql: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`)
    return 2
  }
  if (options.help) {
    console.log(USAGE)
    return 0
  }
  const interactive = options.execute === undefined
  const status = (line: string) => {
    if (interactive) process.stderr.write(`${line}\n`)
  }

  let client: DynamoDBClient
  let close = async () => {}
  let where: string
  let tables: TableDefinition[] = []
  try {
    if (options.schema) tables = await loadSchema(options.schema)
    if (options.endpoint) {
      client = options.region
        ? new DynamoDBClient({ endpoint: options.endpoint, region: options.region })
        : /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])/.test(options.endpoint)
          ? localClient(options.endpoint)
          : new DynamoDBClient({
              endpoint: options.endpoint,
              region: process.env.AWS_REGION ?? 'us-east-1',
            })
      close = async () => client.destroy()
      where = options.endpoint
    } else if (options.region && !options.demo) {
      client = new DynamoDBClient({ region: options.region })
      close = async () => client.destroy()
      where = `AWS ${options.region}`
    } else {
      const engine = await startEmbedded()
      client = engine.client
      close = engine.close
      where = `embedded DynamoDB (dynalite, in memory) at ${engine.endpoint}`
      if (options.demo) {
        let shown = 0
        await seedDemo(client, (done, total) => {
          if (interactive && process.stderr.isTTY && done - shown >= 500) {
            shown = done
            process.stderr.write(`\rSeeding demo data… ${done}/${total}`)
          }
        })
        if (interactive && process.stderr.isTTY) process.stderr.write('\r\x1b[K')
        tables = [...demoTables, ...tables]
      }
    }
  } catch (error) {
    console.error(describeError(error))
    await close()
    return 1
  }

  const db = createDql({ client, tables })
  try {
    if (options.endpoint && !options.schema) await db.loadTables()
  } catch (error) {
    console.error(describeError(error))
    await close()
    return 1
  }
  const session = new Session(db, client, status)
  session.format = options.format

  try {
    if (options.execute !== undefined) {
      const result = await session.run(options.execute)
      if (result.ok) console.log(result.output)
      else console.error(result.output)
      return result.ok ? 0 : 1
    }
    const names = db.tables.map((t) => t.name).join(', ') || 'none yet'
    console.log(`dql — ${where}`)
    console.log(`tables: ${names}`)
    if (options.demo && !options.endpoint) {
      console.log('try:')
      for (const example of DEMO_EXAMPLES) console.log(`  ${example}`)
    }
    console.log('end statements with ;  —  .help for commands, .exit to leave')
    return await runShell(session, db)
  } finally {
    await close()
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(describeError(error))
    process.exitCode = 1
  },
)
