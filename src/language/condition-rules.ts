/**
 * The WHERE condition: OR binds loosest, then AND, then NOT; predicates, IN lists, function
 * calls and their operands.
 */
import type { IToken, ParserMethod, TokenType } from 'chevrotain'
import type {
  CompareOperator,
  Condition,
  HoleValue,
  InList,
  Operand,
  ParamValue,
  PathNode,
  Value,
} from '../ast/nodes.js'
import { asOperand, checkCall, checkDepth, describeTerm, operandTerm, type Term } from './checks.js'
import { StatementRules } from './statement-rules.js'
import { missingComparison } from './syntax-errors.js'
import * as t from './tokens.js'

/** Each comparison token's operator; `!=` is `<>`. */
const COMPARE_OPERATORS: ReadonlyMap<TokenType, CompareOperator> = new Map([
  [t.Equal, '='],
  [t.NotEqual, '<>'],
  [t.LessEqual, '<='],
  [t.GreaterEqual, '>='],
  [t.Less, '<'],
  [t.Greater, '>'],
])

export abstract class ConditionRules extends StatementRules {
  // Rules of the parser that conditions use (defined there).
  declare protected operand: ParserMethod<[], Operand>
  declare protected value: ParserMethod<[], Value>
  declare protected holeValue: ParserMethod<[], HoleValue>
  declare protected paramValue: ParserMethod<[], ParamValue>
  declare protected quotedPath: ParserMethod<[], PathNode>
  declare protected pathTail: ParserMethod<[string, number], PathNode>

  protected override condition = this.RULE('condition', (): Condition => {
    const first = this.SUBRULE(this.conjunction)
    const operands = [first]
    this.MANY(() => {
      this.CONSUME(t.Or)
      operands.push(this.SUBRULE2(this.conjunction))
    })
    return operands.length === 1 ? first : { kind: 'or', operands, at: first.at }
  })

  protected conjunction = this.RULE('conjunction', (): Condition => {
    const first = this.SUBRULE(this.negation)
    const operands = [first]
    this.MANY(() => {
      this.CONSUME(t.And)
      operands.push(this.SUBRULE2(this.negation))
    })
    return operands.length === 1 ? first : { kind: 'and', operands, at: first.at }
  })

  protected negation = this.RULE('negation', (): Condition => {
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
        const not = nots[i]
        if (not === undefined) continue
        condition = { kind: 'not', operand: condition, at: not.startOffset }
      }
    })
    return condition
  })

  protected primary = this.RULE('primary', (): Condition => {
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

  protected predicate = this.RULE('predicate', (): Condition => {
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
    let result = condition
    this.ACTION(() => {
      if (result !== undefined) return
      if (left.kind !== 'condition') throw missingComparison(describeTerm(left), this.LA(1))
      result = left.condition
    })
    // Only Chevrotain's recording phase, which runs no ACTION, gets here without a node.
    return result ?? { kind: 'and', operands: [], at: left.at }
  })

  protected compareOperator = this.RULE('compareOperator', (): CompareOperator => {
    const token = this.OR([
      { ALT: () => this.CONSUME(t.Equal) },
      { ALT: () => this.CONSUME(t.NotEqual) },
      { ALT: () => this.CONSUME(t.LessEqual) },
      { ALT: () => this.CONSUME(t.GreaterEqual) },
      { ALT: () => this.CONSUME(t.Less) },
      { ALT: () => this.CONSUME(t.Greater) },
    ])
    return COMPARE_OPERATORS.get(token.tokenType) ?? '='
  })

  protected inList = this.RULE('inList', (): InList => {
    return this.OR([
      {
        ALT: (): InList => {
          const open = this.CONSUME(t.LParen)
          const items: Operand[] = []
          this.AT_LEAST_ONE_SEP({
            SEP: t.Comma,
            DEF: () => {
              items.push(this.SUBRULE(this.operand))
            },
          })
          this.CONSUME(t.RParen)
          return { kind: 'items', items, at: open.startOffset }
        },
      },
      { ALT: () => this.SUBRULE(this.holeValue) },
      { ALT: () => this.SUBRULE(this.paramValue) },
    ])
  })

  /** An operand, a `size(path)`, or a function call that is a whole condition. */
  protected term = this.RULE('term', (): Term => {
    return this.OR([
      { ALT: () => operandTerm(this.SUBRULE(this.value)) },
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
                let term: Term = operandTerm({ kind: 'null', at: 0 })
                this.ACTION(() => {
                  term = checkCall({ name: name.image, args, at: name.startOffset })
                })
                return term
              },
            },
            {
              ALT: (): Term =>
                operandTerm(this.SUBRULE(this.pathTail, { ARGS: [name.image, name.startOffset] })),
            },
          ])
        },
      },
      { ALT: () => operandTerm(this.SUBRULE(this.quotedPath)) },
    ])
  })

  /** A path or a value, as a function argument or an IN-list item. */

  protected enter(token: IToken): void {
    checkDepth(++this.depth, token.startOffset)
  }

  protected asOperand(term: Term): Operand {
    let operand: Operand = { kind: 'null', at: 0 }
    this.ACTION(() => {
      operand = asOperand(term)
    })
    return operand
  }

  /** Records what Chevrotain saw as a SyntaxProblem, and returns its sentence. */
}
