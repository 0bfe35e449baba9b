#!/usr/bin/env node
/**
 * The `dql` command. For now it reads one statement from the command line and prints its
 * parsed AST; the interactive shell on an embedded DynamoDB replaces this.
 */
import { DqlError } from '../errors.js'
import { parseStatementText } from '../parse/parse-cache.js'

const USAGE = `Usage: dql "<statement>"

Parses one DQL statement and prints its syntax tree as JSON.
Example: dql "FROM bins WHERE card_bin = '411111' AND card_bin_extended = ';'"

Options:
  -h, --help   show this help`

function main(argv: readonly string[]): number {
  if (argv.length === 0 || argv.includes('-h') || argv.includes('--help')) {
    console.log(USAGE)
    return 0
  }
  const text = argv.join(' ')
  try {
    console.log(JSON.stringify(parseStatementText(text).ast, null, 2))
    return 0
  } catch (error) {
    if (error instanceof DqlError) {
      console.error(`${error.code}: ${error.message}`)
      return 1
    }
    throw error
  }
}

process.exitCode = main(process.argv.slice(2))
