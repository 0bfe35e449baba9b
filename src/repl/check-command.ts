/**
 * `dql check`: finds the statements in source files and checks each against the tables, as a
 * call would before sending anything. Loaded by the `dql` command only for this subcommand.
 */
import { argumentsOf, endpointUrl, UsageError } from './arguments.js'
import { checkFiles, listFiles, MissingPathError } from '../check/check-files.js'
import { formatJson, formatText, summarize } from '../check/report.js'
import { checkTables } from '../check/tables.js'
import { createDql } from '../db.js'
import type { TableDefinition } from '../schema/define-table.js'
import { connect, ConnectError } from './connect.js'
import { EmptySchemaError, loadSchema, SchemaError } from './schema-module.js'
import { describeError } from './session.js'

export const CHECK_USAGE = `Usage: dql check [paths…] (--schema FILE | --endpoint URL) [options]

Finds every dql statement in .ts, .tsx, .mts, .cts, .js, .mjs and .cjs files (directories are
walked; node_modules, dist and .git are skipped) and checks it as a call would before sending
anything: parse, the call's refusals, the table, the plan. Prints one line per statement: its
place, operation and table (or index), or the error with its code and a caret in the source.
Statements that cannot be read statically (db.prepare of a variable, a computed tag) are listed
as skipped. Exit status: 0 when every statement checks, 1 when any is refused, 2 on a usage
error. Paths default to the current directory.

Options:
  --schema FILE      a JavaScript module exporting table definitions (defineTable results)
  --endpoint URL     read the tables with DescribeTable from the DynamoDB at URL
  --region REGION    the region for --endpoint (default: the SDK's configuration)
  --format text|json how results print (default: text)
  -h, --help         show this help`

interface CheckOptions {
  paths: string[]
  schema?: string
  endpoint?: string
  region?: string
  format: 'text' | 'json'
  help: boolean
}

export function parseCheckOptions(argv: readonly string[]): CheckOptions {
  const options: CheckOptions = { paths: [], format: 'text', help: false }
  for (const { arg, flag, value } of argumentsOf(argv)) {
    switch (flag) {
      case '-h':
      case '--help':
        options.help = true
        break
      case '--schema':
        options.schema = value()
        break
      case '--endpoint':
        options.endpoint = endpointUrl(value())
        break
      case '--region':
        options.region = value()
        break
      case '--format': {
        const format = value()
        if (format !== 'text' && format !== 'json') throw new UsageError('--format is text or json')
        options.format = format
        break
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`)
        options.paths.push(arg)
    }
  }
  if (!options.help) {
    if (options.schema !== undefined && options.endpoint !== undefined) {
      throw new UsageError('give --schema or --endpoint, not both')
    }
    if (options.schema === undefined && options.endpoint === undefined) {
      throw new UsageError('dql check needs the tables: --schema FILE or --endpoint URL')
    }
  }
  return options
}

/** Runs `dql check` with `argv` (after `check`); resolves to the exit status. */
export async function runCheck(argv: readonly string[]): Promise<number> {
  let options: CheckOptions
  try {
    options = parseCheckOptions(argv)
  } catch (error) {
    console.error(
      `dql check: ${error instanceof Error ? error.message : String(error)}\n\n${CHECK_USAGE}`,
    )
    return 2
  }
  if (options.help) {
    console.log(CHECK_USAGE)
    return 0
  }
  let files: string[]
  try {
    files = await listFiles(options.paths.length > 0 ? options.paths : ['.'], process.cwd())
  } catch (error) {
    if (!(error instanceof MissingPathError)) throw error
    console.error(`dql check: ${error.message}\n\n${CHECK_USAGE}`)
    return 2
  }

  let tables: TableDefinition[] = []
  let exported: ReadonlyMap<string, TableDefinition> = new Map()
  try {
    if (options.schema !== undefined) ({ tables, exported } = await loadSchema(options.schema))
    else tables = await describeTables(options.endpoint, options.region)
  } catch (error) {
    if (error instanceof EmptySchemaError) {
      console.error(`dql check: ${error.message}\n\n${CHECK_USAGE}`)
      return 2
    }
    const ours = error instanceof SchemaError || error instanceof ConnectError
    console.error(ours ? `dql check: ${error.message}` : describeError(error))
    return 1
  }

  const started = Date.now()
  let shown = false
  const results = await checkFiles(files, checkTables(tables, exported), (done, total) => {
    // A progress line only on a terminal, and only once checking takes more than a second.
    if (!process.stderr.isTTY || Date.now() - started < 1000) return
    shown = true
    process.stderr.write(`\rChecking… ${done}/${total} files`)
  })
  if (shown) process.stderr.write('\r\x1b[K')
  process.stdout.write(options.format === 'json' ? formatJson(results) : formatText(results))
  return summarize(results).errors > 0 ? 1 : 0
}

/** Every table at the endpoint, read with DescribeTable. */
async function describeTables(endpoint?: string, region?: string): Promise<TableDefinition[]> {
  const { client } = await connect(endpoint, region)
  try {
    const db = createDql({ client })
    await db.loadTables()
    return [...db.tables]
  } finally {
    client.destroy()
  }
}
