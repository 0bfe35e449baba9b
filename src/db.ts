/**
 * `createDql`: a database handle over one DynamoDB client and a set of tables. It owns the
 * plan cache: per parsed statement (and per table, for `FROM ${table}`), the PreparedCommand
 * is built once, so a cached call does no lexing, parsing or planning.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { explain, type Explanation } from './compile/explain.js'
import { prepareCommand, type BindArgs, type PreparedCommand } from './compile/prepare-command.js'
import { DqlError } from './errors.js'
import { BoundStatement } from './parse/bound-statement.js'
import { parseStatementText, parseTemplate } from './parse/parse-cache.js'
import type { ParsedStatement } from './parse/parse-text.js'
import { planStatement } from './plan/plan-statement.js'
import { resolveTable, TableRegistry } from './plan/resolve-table.js'
import type { TableDefinition } from './schema/define-table.js'

/** Options of `createDql`. */
export interface DqlOptions {
  /** The DynamoDB client to send with; used as it is. */
  readonly client: DynamoDBClient
  /** Tables statements may name. */
  readonly tables?: readonly TableDefinition<any>[]
}

/** A statement from text, with named `:parameters`. */
export interface PreparedStatement {
  /** The statement text. */
  readonly text: string
  /** The `:name` parameters it takes. */
  readonly params: readonly string[]
  /** The plan and SDK input for these parameter values, without I/O. */
  explain(params?: Readonly<Record<string, unknown>>): Explanation
}

/** Counts plan + compile runs, so that tests can prove a cache hit does neither. */
export const planCounter = { count: 0 }

/** A database handle: see `createDql`. */
export class Dql {
  readonly client: DynamoDBClient
  private readonly registry: TableRegistry
  private readonly byStatement = new WeakMap<ParsedStatement, PreparedCommand>()
  private readonly byStatementAndTable = new WeakMap<
    ParsedStatement,
    WeakMap<TableDefinition, PreparedCommand>
  >()

  constructor(options: DqlOptions) {
    if (options === null || typeof options !== 'object') {
      throw new DqlError('usage.bad-argument', 'createDql takes { client, tables }.')
    }
    this.client = options.client
    this.registry = new TableRegistry(options.tables ?? [])
  }

  /** The tables statements may name. */
  get tables(): readonly TableDefinition[] {
    return this.registry.tables()
  }

  /**
   * The plan of a statement and the exact SDK input it would send, without I/O:
   * ``db.explain`FROM bins WHERE card_bin = ${x}` `` or `db.explain(dql`…`)`.
   */
  explain(statement: BoundStatement<any>): Explanation
  explain(strings: TemplateStringsArray, ...values: unknown[]): Explanation
  explain(first: BoundStatement<any> | TemplateStringsArray, ...values: unknown[]): Explanation {
    const { parsed, args } = this.statementOf(first, values)
    const prepared = this.prepared(parsed, args)
    return explain(prepared, prepared.bind(args))
  }

  /** A statement from text (REPL, dynamic use), cached by text, with `:name` parameters. */
  prepare(text: string): PreparedStatement {
    const parsed = parseStatementText(text)
    return {
      text: parsed.text,
      params: parsed.params,
      explain: (params = {}) => {
        const prepared = this.prepared(parsed, undefined)
        return explain(prepared, prepared.bind(params))
      },
    }
  }

  /** The PreparedCommand for a statement, from cache when planned before. */
  private prepared(
    parsed: ParsedStatement,
    values: readonly unknown[] | undefined,
  ): PreparedCommand {
    if (parsed.ast.table.kind === 'name') {
      let prepared = this.byStatement.get(parsed)
      if (prepared === undefined) {
        prepared = this.compile(parsed, resolveTable(parsed, this.registry, values))
        this.byStatement.set(parsed, prepared)
      }
      return prepared
    }
    const table = resolveTable(parsed, this.registry, values)
    let perTable = this.byStatementAndTable.get(parsed)
    if (perTable === undefined) {
      perTable = new WeakMap()
      this.byStatementAndTable.set(parsed, perTable)
    }
    let prepared = perTable.get(table)
    if (prepared === undefined) {
      prepared = this.compile(parsed, table)
      perTable.set(table, prepared)
    }
    return prepared
  }

  private compile(parsed: ParsedStatement, table: TableDefinition): PreparedCommand {
    planCounter.count++
    if (parsed.params.length > 0 && parsed.holes > 0) {
      throw new DqlError(
        'bind.missing-param',
        'A statement takes ${…} holes (templates) or :name parameters (text), not both.',
        { position: { text: parsed.text, offset: 0 } },
      )
    }
    return prepareCommand(planStatement(parsed, table), parsed.text)
  }

  private statementOf(
    first: BoundStatement<any> | TemplateStringsArray,
    values: unknown[],
  ): { parsed: ParsedStatement; args: BindArgs & readonly unknown[] } {
    if (first instanceof BoundStatement) return { parsed: first.parsed, args: first.values }
    if (Array.isArray(first) && Array.isArray((first as TemplateStringsArray).raw)) {
      return { parsed: parseTemplate(first as TemplateStringsArray), args: values }
    }
    throw new DqlError(
      'usage.bad-argument',
      'Pass a tagged template (db.explain`FROM …`) or a dql`…` statement; for text, use db.prepare(text).',
    )
  }
}

/** Creates a database handle: `createDql({ client, tables: [bins] })`. */
export function createDql(options: DqlOptions): Dql {
  return new Dql(options)
}
