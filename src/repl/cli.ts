#!/usr/bin/env node
/**
 * The `dql` command: an interactive shell on an embedded DynamoDB with demo data, or on any
 * endpoint; `-e` runs one statement and exits (for scripts); `dql check` checks the
 * statements in source files (src/repl/check-command.ts).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

import { argumentsOf, endpointUrl, UsageError } from './arguments.js'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createDql } from '../db.js'
import { startEmbedded } from '../execute/embedded.js'
import type { NumberMode } from '../execute/map-item.js'
import type { TableDefinition } from '../schema/define-table.js'
import { connect, ConnectError, type Connection } from './connect.js'
import { DEMO_EXAMPLES, demoTables, seedDemo } from './demo.js'
import { EmptySchemaError, loadSchema, SchemaError } from './schema-module.js'
import { describeError, Session } from './session.js'
import { runShell } from './shell.js'

export const USAGE = `Usage: dql [options]
       dql check [paths…] [options]   check the statements in source files (dql check --help)

An interactive shell for DQL statements. With no options it starts an embedded DynamoDB
(dynalite, in memory) with demo tables: bins and orders, and the small tables the
documentation's examples read (events, users, posts, tickets).

Options:
  --endpoint URL     use the DynamoDB at URL (DynamoDB Local, a compatible server, or AWS)
  --region REGION    the region; with --no-demo and no --endpoint, AWS itself in that region
  --schema FILE      a JavaScript module exporting table definitions (defineTable results)
  --no-demo          start the embedded DynamoDB empty
  -e, --execute STMT run one statement, print the result and exit (non-zero on error)
  --format table|json  how results print (default: table)
  --numbers number|bigint|string  how numbers come back (default: string, exact decimal
                     text; number refuses one a double cannot hold, bigint reads such integers)
  -h, --help         show this help

Region and credentials come from the AWS SDK as in any program using it ($AWS_REGION,
$AWS_ACCESS_KEY_ID, $AWS_PROFILE, ~/.aws), --region winning; on a localhost --endpoint with
none configured, region us-east-1 and access key 'local'. DynamoDB Local keeps tables per
access key and region: use those of the program that made them.
Without --schema, the tables of an --endpoint are read with DescribeTable at start.
Statements end with ; in the shell. Type .help inside for commands.`

interface Options {
  endpoint?: string
  region?: string
  schema?: string
  demo: boolean
  execute?: string
  format: 'table' | 'json'
  numbers: NumberMode
  help: boolean
}

export function parseOptions(argv: readonly string[]): Options {
  const options: Options = { demo: true, format: 'table', numbers: 'string', help: false }
  for (const { arg, flag, value } of argumentsOf(argv)) {
    switch (flag) {
      case '-h':
      case '--help':
        options.help = true
        break
      case '--endpoint':
        options.endpoint = endpointUrl(value())
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
      case '--numbers': {
        const numbers = value()
        if (numbers !== 'number' && numbers !== 'bigint' && numbers !== 'string') {
          throw new UsageError('--numbers is number, bigint or string')
        }
        options.numbers = numbers
        break
      }
      default:
        throw new UsageError(`unknown option ${arg}`)
    }
  }
  return options
}

async function main(argv: readonly string[]): Promise<number> {
  // Loaded only for `dql check`, so that the shell never loads the JavaScript parser.
  if (argv[0] === 'check') return (await import('./check-command.js')).runCheck(argv.slice(1))
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
  let connection: Connection | undefined
  /** The demo data being written, when the embedded engine has it. */
  let seeding: Promise<void> | undefined
  let tables: TableDefinition[] = []
  try {
    if (options.schema) tables = (await loadSchema(options.schema)).tables
    if (options.endpoint || (options.region && !options.demo)) {
      connection = await connect(options.endpoint, options.region)
      client = connection.client
      close = async () => client.destroy()
      where = options.endpoint ?? `AWS ${connection.region}`
    } else {
      const engine = await startEmbedded()
      client = engine.client
      close = engine.close
      where = `embedded DynamoDB (dynalite, in memory) at ${engine.endpoint}`
      if (options.demo) {
        // The shell's prompt comes while the demo data is written; its first statement waits
        // for it. A one-off -e statement waits here.
        seeding = seedDemo(client)
        if (!interactive) await seeding
        tables = [...demoTables, ...tables]
      }
    }
  } catch (error) {
    await close()
    if (error instanceof UsageError || error instanceof EmptySchemaError) {
      console.error(`dql: ${error.message}\n\n${USAGE}`)
      return 2
    }
    const ours = error instanceof ConnectError || error instanceof SchemaError
    console.error(ours ? `dql: ${error.message}` : describeError(error))
    return 1
  }

  const db = createDql({ client, tables, numbers: options.numbers })
  try {
    if (options.endpoint && !options.schema) await db.loadTables()
  } catch (error) {
    console.error(describeError(error))
    await close()
    return 1
  }
  const session = new Session(db, client, status, options.numbers)
  if (seeding) session.waitFor(seeding)
  session.format = options.format

  try {
    if (options.execute !== undefined) {
      // Data on stdout, timings and summaries on stderr: `dql -e … --format json | jq` parses.
      const result = await session.run(options.execute)
      if (!result.ok) console.error(result.output)
      else if (result.data === undefined) console.log(result.output)
      else {
        console.log(result.data)
        console.error(result.summary)
      }
      return result.ok ? 0 : 1
    }
    console.log(`dql — ${where}`)
    console.log(`tables: ${tableNames(db.tables, connection)}`)
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

/** The banner's tables; none on an endpoint says where the shell looked. */
function tableNames(known: readonly TableDefinition[], connection?: Connection): string {
  if (known.length > 0) return known.map((t) => t.name).join(', ')
  if (connection === undefined) return 'none yet'
  const source =
    connection.placeholders.length === 0
      ? 'from the SDK: environment, profile or --region'
      : `placeholders for ${connection.placeholders.join(' and ')}, as none is configured`
  return (
    'none — DynamoDB Local and other engines keep tables per access key and region; ' +
    `this shell used region ${connection.region} and access key ${connection.accessKeyId} (${source})`
  )
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
