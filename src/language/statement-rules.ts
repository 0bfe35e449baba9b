/**
 * The DQL grammar, top down: this file holds the parser's state, its entry point, the
 * statement rules and how a syntax error is worded; condition-rules.ts the WHERE condition;
 * parser.ts values, paths and names, and the one parser of the process. The rules build the
 * syntax tree directly (no CST step). The checks beyond the grammar are in checks.ts. Each
 * throws a SyntaxProblem, which src/parse turns into a positioned DqlError.
 */
import {
  EmbeddedActionsParser,
  type IToken,
  type ParserMethod,
  type Rule,
  type TokenType,
} from 'chevrotain'
import type {
  CheckStatement,
  Condition,
  DeleteStatement,
  PutStatement,
  UpdateStatement,
  LimitNode,
  NameNode,
  OrderBy,
  PathNode,
  Projection,
  SegmentsNode,
  Statement,
  TableRef,
} from '../ast/nodes.js'
import {
  checkLimit,
  checkProjectionFunction,
  checkSegments,
  segmentsOutsideScan,
  unquoteName,
} from './checks.js'
import { precomputedLookahead, precomputedRules } from './grammar-data.js'
import { describeMismatch } from './syntax-errors.js'
import { SyntaxProblem } from './syntax-problem.js'
import * as t from './tokens.js'

/** How many tokens the parser may look ahead to choose an alternative. */
export const MAX_LOOKAHEAD = 3

export abstract class StatementRules extends EmbeddedActionsParser {
  /** Offsets of the real template holes in the text being parsed, or null for a text statement. */
  holeOffsets: ReadonlyMap<number, number> | null = null
  /** The structured form of the last syntax error, set by the error message provider. */
  lastProblem: SyntaxProblem | undefined
  protected depth = 0
  protected tokens: IToken[] = []

  /**
   * `validate`: run Chevrotain's whole self-analysis and its grammar validations; otherwise
   * the parser is built from the precomputed tables (see grammar-data.ts).
   */
  constructor(validate: boolean) {
    super([...t.allTokens], {
      skipValidations: !validate,
      ...(validate ? {} : { lookaheadStrategy: precomputedLookahead() }),
      recoveryEnabled: false,
      maxLookahead: MAX_LOOKAHEAD,
      errorMessageProvider: {
        buildMismatchTokenMessage: ({ expected, actual, previous }) =>
          this.mismatch([expected], actual, previous),
        buildNotAllInputParsedMessage: ({ firstRedundant }) =>
          this.mismatch(null, firstRedundant, undefined),
        buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, previous }) =>
          this.mismatch(
            expectedPathsPerAlt.flatMap((paths) => paths.flatMap((path) => path.slice(0, 1))),
            lookahead(actual),
            previous,
          ),
        buildEarlyExitMessage: ({ expectedIterationPaths, actual, previous }) =>
          this.mismatch(
            expectedIterationPaths.flatMap((path) => path.slice(0, 1)),
            lookahead(actual),
            previous,
          ),
      },
    })
  }

  // Rules of the subclasses that the statement rules use (defined there).
  declare protected condition: ParserMethod<[], Condition>
  declare protected path: ParserMethod<[], PathNode>
  declare protected name: ParserMethod<[], NameNode>
  // The write statements (write-rules.ts).
  declare protected putStatement: ParserMethod<[IToken | undefined], PutStatement>
  declare protected updateStatement: ParserMethod<[IToken | undefined], UpdateStatement>
  declare protected deleteStatement: ParserMethod<[IToken | undefined], DeleteStatement>
  declare protected checkStatement: ParserMethod<[IToken | undefined], CheckStatement>

  // Chevrotain's own state, which its performSelfAnalysis sets (see adoptPrecomputedGrammar).
  declare private selfAnalysisDone: boolean
  declare private definedRulesNames: string[]
  declare private gastProductionsCache: Record<string, Rule>
  declare private preComputeLookaheadFunctions: (rules: Rule[]) => void

  /**
   * What Chevrotain's performSelfAnalysis does, from the precomputed tables: the recorded
   * grammar is read, not recorded, and the lookahead functions are built from the tables'
   * paths by the strategy given to the constructor. Called once all the rules are defined.
   */
  protected adoptPrecomputedGrammar(): void {
    const rules = precomputedRules()
    if (rules.map((rule) => rule.name).join() !== this.definedRulesNames.join()) {
      throw new Error('The grammar tables are stale: run npm run grammar-tables.')
    }
    makeFast(this)
    this.selfAnalysisDone = true
    for (const rule of rules) this.gastProductionsCache[rule.name] = rule
    this.preComputeLookaheadFunctions(rules)
  }

  /** Parses `tokens` as one statement; throws a SyntaxProblem on any error. */
  parseStatement(tokens: IToken[], holeOffsets: ReadonlyMap<number, number> | null): Statement {
    this.tokens = tokens
    this.holeOffsets = holeOffsets
    this.depth = 0
    this.lastProblem = undefined
    this.input = tokens
    const statement = this.statement()
    const [error] = this.errors
    if (error !== undefined) {
      throw this.lastProblem ?? new SyntaxProblem('parse.unexpected-token', error.message, 0)
    }
    return statement
  }

  statement = this.RULE('statement', (): Statement => {
    const explain = this.OPTION(() => this.CONSUME(t.Explain))
    const body = this.OR([
      { ALT: () => this.SUBRULE(this.scanStatement, { ARGS: [explain] }) },
      { ALT: () => this.SUBRULE(this.readStatement, { ARGS: [explain] }) },
      { ALT: () => this.SUBRULE(this.putStatement, { ARGS: [explain] }) },
      { ALT: () => this.SUBRULE(this.updateStatement, { ARGS: [explain] }) },
      { ALT: () => this.SUBRULE(this.deleteStatement, { ARGS: [explain] }) },
      { ALT: () => this.SUBRULE(this.checkStatement, { ARGS: [explain] }) },
    ])
    this.OPTION2(() => this.CONSUME(t.Semicolon))
    return body
  })

  protected readStatement = this.RULE('readStatement', (explain: IToken | undefined): Statement => {
    let selectAt: number | undefined
    const select = this.OPTION(() => {
      selectAt = this.CONSUME(t.Select).startOffset
      return this.SUBRULE(this.projection)
    })
    const from = this.CONSUME(t.From)
    const table = this.SUBRULE(this.tableRef)
    const index = this.OPTION2(() => this.SUBRULE(this.useIndex))
    const where = this.OPTION3(() => {
      this.CONSUME(t.Where)
      return this.SUBRULE(this.condition)
    })
    const orderBy = this.OPTION4(() => this.SUBRULE(this.orderBy))
    const limit = this.OPTION5(() => this.SUBRULE(this.limit))
    const consistent = this.OPTION6(() => this.CONSUME(t.Consistent))
    return {
      kind: 'read',
      explain: explain !== undefined,
      projection: select ?? { kind: 'all', at: from.startOffset },
      table,
      index,
      where,
      orderBy,
      limit,
      consistent: consistent !== undefined,
      ...(consistent ? { consistentAt: consistent.startOffset } : {}),
      at: explain?.startOffset ?? selectAt ?? from.startOffset,
    }
  })

  protected scanStatement = this.RULE('scanStatement', (explain: IToken | undefined): Statement => {
    const scan = this.CONSUME(t.Scan)
    const projection = this.OPTION(() => this.SUBRULE(this.projection))
    const from = this.CONSUME(t.From)
    const table = this.SUBRULE(this.tableRef)
    const index = this.OPTION2(() => this.SUBRULE(this.useIndex))
    const where = this.OPTION3(() => {
      this.CONSUME(t.Where)
      return this.SUBRULE(this.condition)
    })
    const limit = this.OPTION4(() => this.SUBRULE(this.limit))
    const consistent = this.OPTION5(() => this.CONSUME(t.Consistent))
    const segments = this.OPTION6(() => this.SUBRULE(this.segments))
    return {
      kind: 'scan',
      explain: explain !== undefined,
      projection: projection ?? { kind: 'all', at: from.startOffset },
      table,
      index,
      where,
      limit,
      consistent: consistent !== undefined,
      ...(consistent ? { consistentAt: consistent.startOffset } : {}),
      ...(segments ? { segments } : {}),
      at: (explain ?? scan).startOffset,
    }
  })

  protected projection = this.RULE('projection', (): Projection => {
    return this.OR([
      {
        ALT: () => ({ kind: 'all', at: this.CONSUME(t.Star).startOffset }) as const,
      },
      {
        // COUNT(*): `count` stays an ordinary name everywhere else.
        ALT: () => {
          const name = this.CONSUME(t.Identifier)
          this.CONSUME(t.LParen)
          this.CONSUME2(t.Star)
          this.CONSUME(t.RParen)
          this.ACTION(() => checkProjectionFunction(name.image, name.startOffset))
          return { kind: 'count', at: name.startOffset } as const
        },
      },
      {
        ALT: () => {
          const paths: PathNode[] = []
          this.AT_LEAST_ONE_SEP({
            SEP: t.Comma,
            DEF: () => {
              paths.push(this.SUBRULE(this.path))
            },
          })
          return { kind: 'paths', paths, at: paths[0]?.at ?? 0 } as const
        },
      },
    ])
  })

  protected tableRef = this.RULE('tableRef', (): TableRef => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.name) },
      {
        ALT: () => {
          const hole = this.CONSUME(t.Hole)
          return { kind: 'table-hole', hole: this.holeIndex(hole), at: hole.startOffset } as const
        },
      },
    ])
  })

  protected useIndex = this.RULE('useIndex', (): NameNode => {
    this.CONSUME(t.Use)
    this.CONSUME(t.Index)
    this.CONSUME(t.LParen)
    const name = this.SUBRULE(this.name)
    this.CONSUME(t.RParen)
    return name
  })

  protected orderBy = this.RULE('orderBy', (): OrderBy => {
    const order = this.CONSUME(t.Order)
    this.CONSUME(t.By)
    const path = this.SUBRULE(this.path)
    const direction = this.OPTION(() =>
      this.OR([{ ALT: () => this.CONSUME(t.Asc) }, { ALT: () => this.CONSUME(t.Desc) }]),
    )
    return {
      path,
      descending: direction !== undefined && direction.tokenType === t.Desc,
      at: order.startOffset,
    }
  })

  protected limit = this.RULE('limit', (): LimitNode => {
    const limit = this.CONSUME(t.Limit)
    const number = this.CONSUME(t.NumberLiteral)
    let value = 0
    this.ACTION(() => {
      value = checkLimit(number.image, number.startOffset)
    })
    return { value, at: limit.startOffset }
  })

  /** `SEGMENTS n`: a parallel Scan in n segments (SEGMENTS is a name everywhere else). */
  protected segments = this.RULE('segments', (): SegmentsNode => {
    const word = this.CONSUME(t.Segments)
    const number = this.CONSUME(t.NumberLiteral)
    let value = 0
    this.ACTION(() => {
      value = checkSegments(number.image, number.startOffset)
    })
    return { value, at: word.startOffset }
  })

  protected unquote(token: IToken): string {
    let name = ''
    this.ACTION(() => {
      name = unquoteName(token.image, token.startOffset)
    })
    return name
  }

  protected holeIndex(token: IToken): number {
    let index = -1
    this.ACTION(() => {
      const found = this.holeOffsets?.get(token.startOffset)
      if (found === undefined) {
        throw new SyntaxProblem(
          'parse.hole-in-text',
          this.holeOffsets === null
            ? 'A ${…} hole only works in a tagged template; in a text statement, use a :name parameter.'
            : 'The text `${…}` is not a hole here; holes come from the template itself.',
          token.startOffset,
        )
      }
      index = found
    })
    return index
  }

  protected mismatch(
    expected: TokenType[] | null,
    actual: IToken,
    previous: IToken | undefined,
  ): string {
    const problem =
      segmentsOutsideScan(actual, this.tokens) ??
      describeMismatch({
        expected,
        actual,
        previous,
        tokens: this.tokens,
        next: (preceding) =>
          this.computeContentAssist('statement', preceding).map((path) => path.nextTokenType),
      })
    this.lastProblem = problem
    return problem.reason
  }
}

/**
 * An object given many properties after its construction (a parser: one per rule) may be kept
 * in V8's slow dictionary mode; becoming a prototype makes it fast again. Chevrotain's
 * performSelfAnalysis does the same, and parsing is several times slower without it.
 */
function makeFast(object: object): void {
  const probe: Record<string, unknown> = Object.create(object)
  const read = () => typeof probe['fast']
  read()
  read()
}

/** The next token of a failed alternative: Chevrotain always passes LA(1) (EOF at the end). */
function lookahead(actual: readonly IToken[]): IToken {
  const [token] = actual
  if (token === undefined) throw new Error('unreachable: Chevrotain always passes LA(1)')
  return token
}
