/**
 * The DQL grammar: one EmbeddedActionsParser that builds the AST directly, with no CST step.
 * Checks that go beyond the grammar (LIMIT range, function arity, nesting depth) run inside
 * `$.ACTION` and throw a SyntaxProblem, which src/parse turns into a positioned DqlError.
 */
import { EmbeddedActionsParser, EOF, type IToken, type TokenType } from 'chevrotain'
import type {
  CompareOperator,
  Condition,
  HoleValue,
  LimitNode,
  NameNode,
  Operand,
  OrderBy,
  ParamValue,
  PathNode,
  Projection,
  Statement,
  TableRef,
  Value,
} from '../src/ast/nodes.js'
import type { DqlErrorCode } from '../src/errors.js'
import { didYouMean } from '../src/errors.js'
import * as t from './tokens.js'

/** How deep parentheses and NOTs may nest; deeper input is `parse.too-deep`. */
export const MAX_NESTING = 64

/** A problem found while parsing; `offset` is where in the statement text it is. */
export class SyntaxProblem {
  constructor(
    readonly code: DqlErrorCode,
    readonly reason: string,
    readonly offset: number,
    readonly suggestions: readonly string[] = [],
  ) {}
}

/** Functions usable in a condition; `size` is also an operand. */
const FUNCTIONS = [
  'begins_with',
  'contains',
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'size',
] as const

/** Tokens that may follow a name: used to tell "a keyword used as a name" from other slips. */
const FOLLOWS_A_NAME = new Set<TokenType>([
  t.Dot,
  t.LBracket,
  t.Equal,
  t.NotEqual,
  t.Less,
  t.LessEqual,
  t.Greater,
  t.GreaterEqual,
  t.Comma,
  t.RParen,
  t.Between,
  t.In,
  t.From,
  t.Where,
  t.Use,
  t.Order,
  t.Limit,
  t.Consistent,
  t.Asc,
  t.Desc,
  t.And,
  t.Or,
  t.Semicolon,
  EOF,
])

const KEYWORDS = new Set(t.keywords)

type Call = { readonly kind: 'call'; readonly name: string; readonly args: Operand[]; at: number }

export class DqlParser extends EmbeddedActionsParser {
  /** Offsets of the real template holes in the text being parsed, or null for a text statement. */
  holeOffsets: ReadonlyMap<number, number> | null = null
  /** The structured form of the last syntax error, set by the error message provider. */
  lastProblem: SyntaxProblem | undefined
  private depth = 0
  private tokens: IToken[] = []

  constructor() {
    super(t.allTokens as TokenType[], {
      recoveryEnabled: false,
      maxLookahead: 3,
      errorMessageProvider: {
        buildMismatchTokenMessage: ({ expected, actual, previous }) =>
          this.describe([expected], actual, previous),
        buildNotAllInputParsedMessage: ({ firstRedundant }) =>
          this.describe(null, firstRedundant, undefined),
        buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, previous }) =>
          this.describe(
            expectedPathsPerAlt.flatMap((paths) => paths.map((path) => path[0]!)),
            actual[0]!,
            previous,
          ),
        buildEarlyExitMessage: ({ expectedIterationPaths, actual, previous }) =>
          this.describe(
            expectedIterationPaths.map((path) => path[0]!),
            actual[0]!,
            previous,
          ),
      },
    })
    this.performSelfAnalysis()
  }

  /** Parses `tokens` as one statement; throws a SyntaxProblem on any error. */
  parseStatement(tokens: IToken[], holeOffsets: ReadonlyMap<number, number> | null): Statement {
    this.tokens = tokens
    this.holeOffsets = holeOffsets
    this.depth = 0
    this.lastProblem = undefined
    this.input = tokens
    const statement = this.statement()
    if (this.errors.length > 0) {
      const error = this.errors[0]!
      throw this.lastProblem ?? new SyntaxProblem('parse.unexpected-token', error.message, 0)
    }
    return statement
  }

  statement = this.RULE('statement', (): Statement => {
    const explain = this.OPTION(() => this.CONSUME(t.Explain))
    const body = this.OR([
      { ALT: () => this.SUBRULE(this.scanStatement, { ARGS: [explain] }) },
      { ALT: () => this.SUBRULE(this.readStatement, { ARGS: [explain] }) },
    ])
    this.OPTION2(() => this.CONSUME(t.Semicolon))
    return body
  })

  private readStatement = this.RULE('readStatement', (explain: IToken | undefined): Statement => {
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

  private scanStatement = this.RULE('scanStatement', (explain: IToken | undefined): Statement => {
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
      at: (explain ?? scan).startOffset,
    }
  })

  private projection = this.RULE('projection', (): Projection => {
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
          this.ACTION(() => {
            if (name.image.toLowerCase() !== 'count') {
              throw new SyntaxProblem(
                'parse.unknown-function',
                `Unknown function \`${name.image}\` in the projection; the only one is COUNT(*).`,
                name.startOffset,
                ['COUNT'],
              )
            }
          })
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

  private tableRef = this.RULE('tableRef', (): TableRef => {
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

  private useIndex = this.RULE('useIndex', (): NameNode => {
    this.CONSUME(t.Use)
    this.CONSUME(t.Index)
    this.CONSUME(t.LParen)
    const name = this.SUBRULE(this.name)
    this.CONSUME(t.RParen)
    return name
  })

  private orderBy = this.RULE('orderBy', (): OrderBy => {
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

  private limit = this.RULE('limit', (): LimitNode => {
    const limit = this.CONSUME(t.Limit)
    const number = this.CONSUME(t.NumberLiteral)
    let value = 0
    this.ACTION(() => {
      value = Number(number.image)
      if (!/^\d+$/.test(number.image) || value < 1 || !Number.isSafeInteger(value)) {
        throw new SyntaxProblem(
          'parse.bad-limit',
          `LIMIT takes a whole number of items from 1 to ${Number.MAX_SAFE_INTEGER}, not ${number.image}.`,
          number.startOffset,
        )
      }
    })
    return { value, at: limit.startOffset }
  })

  /** The WHERE condition: OR binds loosest, then AND, then NOT. */
  private condition = this.RULE('condition', (): Condition => {
    const operands = [this.SUBRULE(this.conjunction)]
    this.MANY(() => {
      this.CONSUME(t.Or)
      operands.push(this.SUBRULE2(this.conjunction))
    })
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands, at: operands[0]!.at }
  })

  private conjunction = this.RULE('conjunction', (): Condition => {
    const operands = [this.SUBRULE(this.negation)]
    this.MANY(() => {
      this.CONSUME(t.And)
      operands.push(this.SUBRULE2(this.negation))
    })
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands, at: operands[0]!.at }
  })

  private negation = this.RULE('negation', (): Condition => {
    // A run of NOTs is read in a loop, not by recursion, and counts toward the nesting limit.
    const nots: IToken[] = []
    this.MANY(() => {
      nots.push(this.CONSUME(t.Not))
    })
    this.ACTION(() => {
      for (const not of nots) this.enter(not)
    })
    let condition = this.SUBRULE(this.primary)
    this.ACTION(() => {
      this.depth -= nots.length
      for (let i = nots.length - 1; i >= 0; i--) {
        condition = { kind: 'not', operand: condition, at: nots[i]!.startOffset }
      }
    })
    return condition
  })

  private primary = this.RULE('primary', (): Condition => {
    return this.OR([
      {
        ALT: () => {
          const open = this.CONSUME(t.LParen)
          this.ACTION(() => this.enter(open))
          const inner = this.SUBRULE(this.condition)
          this.CONSUME(t.RParen)
          this.ACTION(() => this.depth--)
          return inner
        },
      },
      { ALT: () => this.SUBRULE(this.predicate) },
    ])
  })

  private predicate = this.RULE('predicate', (): Condition => {
    const left = this.SUBRULE(this.term)
    const condition = this.OPTION(() =>
      this.OR([
        {
          ALT: (): Condition => {
            const operator = this.SUBRULE(this.compareOperator)
            const right = this.SUBRULE2(this.term)
            return {
              kind: 'compare',
              operator,
              left: this.asOperand(left),
              right: this.asOperand(right),
              at: left.at,
            }
          },
        },
        {
          ALT: (): Condition => {
            const not = this.OPTION2(() => this.CONSUME(t.Not))
            const inner = this.OR2([
              {
                ALT: (): Condition => {
                  this.CONSUME(t.Between)
                  const low = this.SUBRULE3(this.term)
                  this.CONSUME(t.And)
                  const high = this.SUBRULE4(this.term)
                  return {
                    kind: 'between',
                    operand: this.asOperand(left),
                    low: this.asOperand(low),
                    high: this.asOperand(high),
                    at: left.at,
                  }
                },
              },
              {
                ALT: (): Condition => {
                  this.CONSUME(t.In)
                  const list = this.SUBRULE(this.inList)
                  return { kind: 'in', operand: this.asOperand(left), list, at: left.at }
                },
              },
            ])
            return not ? { kind: 'not', operand: inner, at: not.startOffset } : inner
          },
        },
      ]),
    )
    let result: Condition = condition as Condition
    this.ACTION(() => {
      if (condition !== undefined) return
      if (left.kind === 'condition') {
        result = left.condition
        return
      }
      const next = this.LA(1)
      throw new SyntaxProblem(
        'parse.unexpected-token',
        `Expected a comparison after ${describeTerm(left)}: =, <>, <, <=, >, >=, BETWEEN or IN; ` +
          `found ${found(next)}.`,
        next.startOffset,
      )
    })
    return result
  })

  private compareOperator = this.RULE('compareOperator', (): CompareOperator => {
    const token = this.OR([
      { ALT: () => this.CONSUME(t.Equal) },
      { ALT: () => this.CONSUME(t.NotEqual) },
      { ALT: () => this.CONSUME(t.LessEqual) },
      { ALT: () => this.CONSUME(t.GreaterEqual) },
      { ALT: () => this.CONSUME(t.Less) },
      { ALT: () => this.CONSUME(t.Greater) },
    ])
    return token.image === '!=' ? '<>' : (token.image as CompareOperator)
  })

  private inList = this.RULE('inList', (): readonly Operand[] | HoleValue | ParamValue => {
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(t.LParen)
          const items: Operand[] = []
          this.AT_LEAST_ONE_SEP({
            SEP: t.Comma,
            DEF: () => {
              items.push(this.SUBRULE(this.operand))
            },
          })
          this.CONSUME(t.RParen)
          return items
        },
      },
      { ALT: () => this.SUBRULE(this.holeValue) },
      { ALT: () => this.SUBRULE(this.paramValue) },
    ])
  })

  /** An operand, a `size(path)`, or a function call that is a whole condition. */
  private term = this.RULE('term', (): Term => {
    return this.OR([
      { ALT: () => operand(this.SUBRULE(this.value)) },
      {
        ALT: () => {
          const name = this.CONSUME(t.Identifier)
          return this.OR2([
            {
              ALT: (): Term => {
                this.CONSUME(t.LParen)
                const args: Operand[] = []
                this.MANY_SEP({
                  SEP: t.Comma,
                  DEF: () => {
                    args.push(this.SUBRULE(this.operand))
                  },
                })
                this.CONSUME(t.RParen)
                let term: Term = operand({ kind: 'null', at: 0 })
                this.ACTION(() => {
                  term = this.call({ kind: 'call', name: name.image, args, at: name.startOffset })
                })
                return term
              },
            },
            {
              ALT: (): Term =>
                operand(this.SUBRULE(this.pathTail, { ARGS: [name.image, name.startOffset] })),
            },
          ])
        },
      },
      { ALT: () => operand(this.SUBRULE(this.quotedPath)) },
    ])
  })

  /** A path or a value, as a function argument or an IN-list item. */
  private operand = this.RULE('operand', (): Operand => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.value) },
      { ALT: () => this.SUBRULE(this.path) },
    ])
  })

  private value = this.RULE('value', (): Value => {
    return this.OR([
      {
        ALT: () => {
          const token = this.CONSUME(t.StringLiteral)
          return {
            kind: 'string',
            value: token.image.slice(1, -1).replaceAll("''", "'"),
            at: token.startOffset,
          } as const
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(t.NumberLiteral)
          return { kind: 'number', text: token.image, at: token.startOffset } as const
        },
      },
      {
        ALT: () =>
          ({ kind: 'boolean', value: true, at: this.CONSUME(t.True).startOffset }) as const,
      },
      {
        ALT: () =>
          ({ kind: 'boolean', value: false, at: this.CONSUME(t.False).startOffset }) as const,
      },
      { ALT: () => ({ kind: 'null', at: this.CONSUME(t.Null).startOffset }) as const },
      { ALT: () => this.SUBRULE(this.holeValue) },
      { ALT: () => this.SUBRULE(this.paramValue) },
    ])
  })

  private holeValue = this.RULE('holeValue', (): HoleValue => {
    const token = this.CONSUME(t.Hole)
    return { kind: 'hole', hole: this.holeIndex(token), at: token.startOffset }
  })

  private paramValue = this.RULE('paramValue', (): ParamValue => {
    const token = this.CONSUME(t.Param)
    return { kind: 'param', name: token.image.slice(1), at: token.startOffset }
  })

  /** `a.b[0]`: a name, then `.name` or `[integer]` segments. */
  private path = this.RULE('path', (): PathNode => {
    const first = this.SUBRULE(this.name)
    return this.SUBRULE(this.pathTail, { ARGS: [first.name, first.at] })
  })

  private quotedPath = this.RULE('quotedPath', (): PathNode => {
    const token = this.CONSUME(t.QuotedName)
    const name = this.unquote(token)
    return this.SUBRULE(this.pathTail, { ARGS: [name, token.startOffset] })
  })

  private pathTail = this.RULE('pathTail', (first: string, at: number): PathNode => {
    const segments: (string | number)[] = [first]
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(t.Dot)
            segments.push(this.SUBRULE(this.segmentName))
          },
        },
        {
          ALT: () => {
            this.CONSUME(t.LBracket)
            const index = this.CONSUME(t.NumberLiteral)
            this.CONSUME(t.RBracket)
            this.ACTION(() => {
              const value = Number(index.image)
              if (!/^\d+$/.test(index.image) || !Number.isSafeInteger(value)) {
                throw new SyntaxProblem(
                  'parse.bad-index',
                  `A list index is a whole number from 0 up, not ${index.image}.`,
                  index.startOffset,
                )
              }
              segments.push(value)
            })
          },
        },
      ])
    })
    return { kind: 'path', segments, at }
  })

  /** After a dot, keywords are plain names too: `meta.order` needs no back-quotes. */
  private segmentName = this.RULE('segmentName', (): string => {
    const token = this.OR(
      [t.Identifier, t.QuotedName, ...t.keywords].map((type) => ({
        ALT: () => this.CONSUME(type),
      })),
    )
    return token.tokenType === t.QuotedName ? this.unquote(token) : token.image
  })

  private name = this.RULE('name', (): NameNode => {
    const token = this.OR([
      { ALT: () => this.CONSUME(t.Identifier) },
      { ALT: () => this.CONSUME(t.QuotedName) },
    ])
    const name = token.tokenType === t.QuotedName ? this.unquote(token) : token.image
    return { kind: 'name', name, at: token.startOffset }
  })

  private unquote(token: IToken): string {
    const name = token.image.slice(1, -1).replaceAll('``', '`')
    this.ACTION(() => {
      if (name === '') {
        throw new SyntaxProblem(
          'parse.empty-name',
          'A back-quoted name cannot be empty: DynamoDB has no attribute named "".',
          token.startOffset,
        )
      }
    })
    return name
  }

  private holeIndex(token: IToken): number {
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

  private enter(token: IToken): void {
    if (++this.depth > MAX_NESTING) {
      throw new SyntaxProblem(
        'parse.too-deep',
        `Conditions nest more than ${MAX_NESTING} levels deep (parentheses and NOTs); simplify the WHERE clause.`,
        token.startOffset,
      )
    }
  }

  /** Checks a function call's name and arguments and turns it into a node. */
  private call(call: Call): Term {
    const lower = call.name.toLowerCase()
    const path = (): PathNode => {
      const first = call.args[0]
      if (first?.kind !== 'path') {
        throw new SyntaxProblem(
          'parse.bad-arguments',
          `${lower}() takes an attribute path as its first argument.`,
          first?.at ?? call.at,
        )
      }
      return first
    }
    const arity = (count: number, shape: string): void => {
      if (call.args.length !== count) {
        throw new SyntaxProblem(
          'parse.bad-arguments',
          `${lower}() takes ${count === 1 ? 'one argument' : `${count} arguments`}: ${shape}.`,
          call.args[count]?.at ?? call.at,
        )
      }
    }
    const at = call.at
    switch (lower) {
      case 'size':
        arity(1, 'size(path)')
        return operand({ kind: 'size', path: path(), at })
      case 'begins_with':
        arity(2, "begins_with(path, 'prefix')")
        return condition({ kind: 'begins-with', path: path(), prefix: call.args[1]!, at })
      case 'contains':
        arity(2, 'contains(path, value)')
        return condition({ kind: 'contains', path: path(), operand: call.args[1]!, at })
      case 'attribute_exists':
        arity(1, 'attribute_exists(path)')
        return condition({ kind: 'attribute-exists', path: path(), at })
      case 'attribute_not_exists':
        arity(1, 'attribute_not_exists(path)')
        return condition({ kind: 'attribute-not-exists', path: path(), at })
      case 'attribute_type':
        arity(2, "attribute_type(path, 'S')")
        return condition({ kind: 'attribute-type', path: path(), type: call.args[1]!, at })
      case 'count':
        throw new SyntaxProblem(
          'parse.unknown-function',
          'COUNT(*) belongs in the projection: SELECT COUNT(*) FROM …',
          at,
        )
      default: {
        const suggestions = didYouMean(call.name, FUNCTIONS)
        const hint = suggestions.length > 0 ? ` Did you mean ${suggestions[0]}?` : ''
        throw new SyntaxProblem(
          'parse.unknown-function',
          `Unknown function \`${call.name}\`; the functions are ${FUNCTIONS.join(', ')}.${hint}`,
          at,
          suggestions,
        )
      }
    }
  }

  private asOperand(term: Term): Operand {
    let operand: Operand = { kind: 'null', at: 0 }
    this.ACTION(() => {
      if (term.kind === 'condition') {
        throw new SyntaxProblem(
          'parse.bad-arguments',
          `${describeTerm(term)} is a condition by itself and cannot be compared; write it alone.`,
          term.at,
        )
      }
      operand = term.operand
    })
    return operand
  }

  /** Turns what Chevrotain saw into a SyntaxProblem with a clear sentence, and returns it. */
  private describe(
    expected: TokenType[] | null,
    actual: IToken,
    previous: IToken | undefined,
  ): string {
    const index = this.tokens.indexOf(actual)
    const next = index >= 0 ? this.tokens[index + 1] : undefined
    const before = previous ?? (index > 0 ? this.tokens[index - 1] : undefined)
    let endOk = false
    if (expected === null) {
      // Input left over after a whole statement: ask the grammar what could have come next.
      const preceding = index >= 0 ? this.tokens.slice(0, index) : this.tokens
      expected = this.computeContentAssist('statement', preceding).map((p) => p.nextTokenType)
      endOk = true
    }
    const types = [...new Set(expected)]
    const wantsName = types.includes(t.Identifier) || types.includes(t.QuotedName)
    const offset = isNaN(actual.startOffset) ? Number.NaN : actual.startOffset
    const kind = actual.tokenType
    let problem: SyntaxProblem
    if (wantsName && KEYWORDS.has(kind) && FOLLOWS_A_NAME.has(next?.tokenType ?? EOF)) {
      problem = new SyntaxProblem(
        'parse.keyword-as-name',
        `\`${actual.image}\` is a keyword; to use it as a name, back-quote it: \`${actual.image}\`.`,
        offset,
      )
    } else if (wantsName && kind === t.Hole) {
      problem = new SyntaxProblem(
        'parse.hole-as-name',
        'A ${…} hole is always a value, never a name; write the name in the statement ' +
          '(back-quote it if it has unusual characters).',
        offset,
      )
    } else if (wantsName && kind === t.Param) {
      problem = new SyntaxProblem(
        'parse.param-as-name',
        `${actual.image} is a value parameter, never a name; write the name in the statement.`,
        offset,
      )
    } else {
      const labels = types.map(label)
      if (endOk) labels.push('the end of the statement')
      const wanted = [...new Set(labels)]
      const list =
        wanted.length <= 1
          ? (wanted[0] ?? 'nothing more')
          : `${wanted.slice(0, -1).join(', ')} or ${wanted.at(-1)}`
      const after = before && !isNaN(before.startOffset) ? ` after \`${clip(before.image)}\`` : ''
      const words = types.filter((type) => KEYWORDS.has(type)).map(label)
      const suggestions =
        kind === t.Identifier || KEYWORDS.has(kind) ? didYouMean(actual.image, words) : []
      const hint = suggestions.length > 0 ? ` Did you mean ${suggestions[0]}?` : ''
      problem = new SyntaxProblem(
        'parse.unexpected-token',
        `Expected ${list}${after}, found ${found(actual)}.${hint}`,
        offset,
        suggestions,
      )
    }
    this.lastProblem = problem
    return problem.reason
  }
}

/** What `term` parsed: an operand, or a function call that is a condition by itself. */
type Term =
  | { readonly kind: 'operand'; readonly operand: Operand; readonly at: number }
  | { readonly kind: 'condition'; readonly condition: Condition; readonly at: number }

function operand(node: Operand): Term {
  return { kind: 'operand', operand: node, at: node.at }
}

function condition(node: Condition): Term {
  return { kind: 'condition', condition: node, at: node.at }
}

function describeTerm(term: Term): string {
  if (term.kind === 'condition') return `${term.condition.kind.replaceAll('-', '_')}(…)`
  const operand = term.operand
  switch (operand.kind) {
    case 'path':
      return `\`${operand.segments.join('.')}\``
    case 'size':
      return 'size(…)'
    default:
      return 'a value'
  }
}

function label(type: TokenType): string {
  return type.LABEL ?? type.name
}

function found(token: IToken): string {
  return token.tokenType === EOF ? 'the end of the statement' : `\`${clip(token.image)}\``
}

function clip(image: string): string {
  return image.length > 30 ? `${image.slice(0, 27)}…` : image
}

/** The one parser of the process. */
export const parser = new DqlParser()
