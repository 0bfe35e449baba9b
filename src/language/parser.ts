/**
 * The DQL grammar's ground floor — values, paths and names — and the one parser of the
 * process. The statement rules are in statement-rules.ts, the condition rules in
 * condition-rules.ts; this class completes them and runs Chevrotain's self-analysis.
 */
import type { HoleValue, NameNode, Operand, ParamValue, PathNode, Value } from '../ast/nodes.js'
import { checkListIndex } from './checks.js'
import { WriteRules } from './write-rules.js'
import * as t from './tokens.js'

export class DqlParser extends WriteRules {
  /**
   * `validate: true` runs Chevrotain's whole self-analysis: it records the grammar, computes
   * every decision's lookahead and validates the grammar. That is redundant at run time (the
   * grammar is a constant) and was most of a cold start's first statement, so the parser of the
   * process is built from tables precomputed by that analysis (grammar-data.ts);
   * test/language/grammar-validation.test.ts and grammar-tables.test.ts run the analysis.
   */
  constructor(options: { readonly validate: boolean }) {
    super(options.validate)
    if (options.validate) this.performSelfAnalysis()
    else this.adoptPrecomputedGrammar()
  }

  protected override operand = this.RULE('operand', (): Operand => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.value) },
      { ALT: () => this.SUBRULE(this.path) },
    ])
  })

  protected override value = this.RULE('value', (): Value => {
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

  protected override holeValue = this.RULE('holeValue', (): HoleValue => {
    const token = this.CONSUME(t.Hole)
    return { kind: 'hole', hole: this.holeIndex(token), at: token.startOffset }
  })

  protected override paramValue = this.RULE('paramValue', (): ParamValue => {
    const token = this.CONSUME(t.Param)
    return { kind: 'param', name: token.image.slice(1), at: token.startOffset }
  })

  /** `a.b[0]`: a name, then `.name` or `[integer]` segments. */
  protected override path = this.RULE('path', (): PathNode => {
    const first = this.SUBRULE(this.name)
    return this.SUBRULE(this.pathTail, { ARGS: [first.name, first.at] })
  })

  protected override quotedPath = this.RULE('quotedPath', (): PathNode => {
    const token = this.CONSUME(t.QuotedName)
    const name = this.unquote(token)
    return this.SUBRULE(this.pathTail, { ARGS: [name, token.startOffset] })
  })

  protected override pathTail = this.RULE('pathTail', (first: string, at: number): PathNode => {
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
              segments.push(checkListIndex(index.image, index.startOffset))
            })
          },
        },
      ])
    })
    return { kind: 'path', segments, at }
  })

  /** After a dot, keywords are plain names too: `meta.order` needs no back-quotes. */
  protected segmentName = this.RULE('segmentName', (): string => {
    const token = this.OR(
      [t.Identifier, t.QuotedName, ...t.keywords].map((type) => ({
        ALT: () => this.CONSUME(type),
      })),
    )
    return token.tokenType === t.QuotedName ? this.unquote(token) : token.image
  })

  protected override name = this.RULE('name', (): NameNode => {
    const token = this.OR([
      { ALT: () => this.CONSUME(t.Identifier) },
      { ALT: () => this.CONSUME(t.QuotedName) },
    ])
    const name = token.tokenType === t.QuotedName ? this.unquote(token) : token.image
    return { kind: 'name', name, at: token.startOffset }
  })
}

let built: DqlParser | undefined

/** The one parser of the process, built on first use: importing dql does not build it. */
export function getParser(): DqlParser {
  return (built ??= new DqlParser({ validate: false }))
}
