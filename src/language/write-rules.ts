/**
 * The write statements (DQL v2): INSERT, REPLACE, UPDATE, UPSERT, DELETE and CHECK, their
 * items, update actions and RETURNING. Their words are contextual (see WRITE_KEYWORDS): only
 * these rules ask for them, and everywhere else they are names.
 */
import type { IToken } from 'chevrotain'
import type {
  CheckStatement,
  Condition,
  DeleteStatement,
  ItemNode,
  ItemsNode,
  ListLiteral,
  Literal,
  MapEntry,
  MapLiteral,
  PutStatement,
  ReturningNode,
  SetExpression,
  SetOperand,
  UpdateAction,
  UpdateStatement,
  Value,
} from '../ast/nodes.js'
import { checkDeleteReturning, checkUpdateCall } from './checks.js'
import { ConditionRules } from './condition-rules.js'
import * as t from './tokens.js'

export abstract class WriteRules extends ConditionRules {
  protected override putStatement = this.RULE(
    'putStatement',
    (explain: IToken | undefined): PutStatement => {
      const start = this.OR([
        { ALT: () => this.CONSUME(t.Insert) },
        { ALT: () => this.CONSUME(t.Replace) },
      ])
      this.CONSUME(t.Into)
      const table = this.SUBRULE(this.tableRef)
      const values = this.SUBRULE(this.itemList)
      const where = this.OPTION(() => {
        this.CONSUME(t.Where)
        return this.SUBRULE(this.condition)
      })
      return {
        kind: 'put',
        mode: start.tokenType === t.Insert ? 'insert' : 'replace',
        explain: explain !== undefined,
        table,
        values,
        where,
        at: (explain ?? start).startOffset,
      }
    },
  )

  protected itemList = this.RULE('itemList', (): ItemsNode => {
    return this.OR([
      {
        ALT: () => {
          const word = this.CONSUME(t.ValueWord)
          const item = this.SUBRULE(this.item)
          return { plural: false, items: [item], at: word.startOffset }
        },
      },
      {
        ALT: () => {
          const word = this.CONSUME(t.Values)
          const items: ItemNode[] = []
          this.AT_LEAST_ONE_SEP({
            SEP: t.Comma,
            DEF: () => {
              items.push(this.SUBRULE2(this.item))
            },
          })
          return { plural: true, items, at: word.startOffset }
        },
      },
    ])
  })

  protected item = this.RULE('item', (): ItemNode => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.mapLiteral) },
      { ALT: () => this.SUBRULE(this.holeValue) },
      { ALT: () => this.SUBRULE(this.paramValue) },
    ])
  })

  /** `{ 'name': literal, … }`; an empty map `{}` is a value too. */
  protected mapLiteral = this.RULE('mapLiteral', (): MapLiteral => {
    const open = this.CONSUME(t.LBrace)
    this.ACTION(() => this.enter(open))
    const entries: MapEntry[] = []
    this.MANY_SEP({
      SEP: t.Comma,
      DEF: () => {
        const name = this.CONSUME(t.StringLiteral)
        this.CONSUME(t.Colon)
        const value = this.SUBRULE(this.literal)
        entries.push({
          name: name.image.slice(1, -1).replaceAll("''", "'"),
          value,
          at: name.startOffset,
        })
      },
    })
    this.CONSUME(t.RBrace)
    this.ACTION(() => this.depth--)
    return { kind: 'map', entries, at: open.startOffset }
  })

  protected listLiteral = this.RULE('listLiteral', (): ListLiteral => {
    const open = this.CONSUME(t.LBracket)
    this.ACTION(() => this.enter(open))
    const items: Literal[] = []
    this.MANY_SEP({
      SEP: t.Comma,
      DEF: () => {
        items.push(this.SUBRULE(this.literal))
      },
    })
    this.CONSUME(t.RBracket)
    this.ACTION(() => this.depth--)
    return { kind: 'list', items, at: open.startOffset }
  })

  protected literal = this.RULE('literal', (): Literal => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.value) },
      { ALT: () => this.SUBRULE(this.mapLiteral) },
      { ALT: () => this.SUBRULE(this.listLiteral) },
    ])
  })

  protected override updateStatement = this.RULE(
    'updateStatement',
    (explain: IToken | undefined): UpdateStatement => {
      const start = this.OR([
        { ALT: () => this.CONSUME(t.Update) },
        { ALT: () => this.CONSUME(t.Upsert) },
      ])
      const table = this.SUBRULE(this.tableRef)
      const actions: UpdateAction[] = []
      this.AT_LEAST_ONE(() => {
        const group = this.SUBRULE(this.action)
        this.ACTION(() => actions.push(...group))
      })
      this.CONSUME(t.Where)
      const where = this.SUBRULE(this.condition)
      const returning = this.OPTION(() => this.SUBRULE(this.returning))
      return {
        kind: 'update',
        upsert: start.tokenType === t.Upsert,
        explain: explain !== undefined,
        table,
        actions,
        where,
        returning,
        at: (explain ?? start).startOffset,
      }
    },
  )

  /** One SET, REMOVE, ADD or DELETE clause, with its comma-separated actions. */
  protected action = this.RULE('action', (): UpdateAction[] => {
    const actions: UpdateAction[] = []
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.SetWord)
          this.AT_LEAST_ONE_SEP({
            SEP: t.Comma,
            DEF: () => {
              const path = this.SUBRULE(this.path)
              this.CONSUME(t.Equal)
              const value = this.SUBRULE(this.setExpression)
              actions.push({ kind: 'set', path, value, at: path.at })
            },
          })
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Remove)
          this.AT_LEAST_ONE_SEP2({
            SEP: t.Comma,
            DEF: () => {
              const path = this.SUBRULE2(this.path)
              actions.push({ kind: 'remove', path, at: path.at })
            },
          })
        },
      },
      {
        ALT: () => {
          const word = this.OR2([
            { ALT: () => this.CONSUME(t.Add) },
            { ALT: () => this.CONSUME(t.Delete) },
          ])
          this.AT_LEAST_ONE_SEP3({
            SEP: t.Comma,
            DEF: () => {
              const path = this.SUBRULE3(this.path)
              const value = this.SUBRULE(this.value)
              const kind = word.tokenType === t.Add ? 'add' : 'delete'
              actions.push({ kind, path, value, at: path.at })
            },
          })
        },
      },
    ])
    return actions
  })

  /** `operand`, `operand + operand` or `operand - operand`. */
  protected setExpression = this.RULE('setExpression', (): SetExpression => {
    const left = this.SUBRULE(this.setOperand)
    const tail = this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(t.Plus)
            return { operator: '+' as const, right: this.SUBRULE2(this.setOperand) }
          },
        },
        {
          ALT: () => {
            this.CONSUME(t.Minus)
            return { operator: '-' as const, right: this.SUBRULE3(this.setOperand) }
          },
        },
        {
          // `n -1` lexes as n and the number -1: it is n minus 1.
          GATE: () => this.LA(1).image.startsWith('-'),
          ALT: () => {
            const number = this.CONSUME(t.NumberLiteral)
            const right: Value = {
              kind: 'number',
              text: number.image.slice(1),
              at: number.startOffset + 1,
            }
            return { operator: '-' as const, right }
          },
        },
      ]),
    )
    if (tail === undefined) return left
    return { kind: 'arithmetic', operator: tail.operator, left, right: tail.right, at: left.at }
  })

  /** A value (maps and lists too), a path, or if_not_exists(…) / list_append(…). */
  protected setOperand = this.RULE('setOperand', (): SetOperand => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.literal) },
      {
        ALT: () => {
          const name = this.CONSUME(t.Identifier)
          return this.OR2([
            {
              ALT: (): SetOperand => {
                this.CONSUME(t.LParen)
                const args: SetOperand[] = []
                this.MANY_SEP({
                  SEP: t.Comma,
                  DEF: () => {
                    args.push(this.SUBRULE(this.setOperand))
                  },
                })
                this.CONSUME(t.RParen)
                let node: SetOperand = { kind: 'null', at: 0 }
                this.ACTION(() => {
                  node = checkUpdateCall(name.image, args, name.startOffset)
                })
                return node
              },
            },
            {
              ALT: (): SetOperand =>
                this.SUBRULE(this.pathTail, { ARGS: [name.image, name.startOffset] }),
            },
          ])
        },
      },
      { ALT: () => this.SUBRULE(this.quotedPath) },
    ])
  })

  protected returning = this.RULE('returning', (): ReturningNode => {
    const word = this.CONSUME(t.Returning)
    const value = this.OR([
      { ALT: () => (this.CONSUME(t.None), 'NONE' as const) },
      {
        ALT: () => {
          const which = this.OR2([
            { ALT: () => this.CONSUME(t.All) },
            { ALT: () => this.CONSUME(t.Updated) },
          ])
          const image = this.OR3([
            { ALT: () => this.CONSUME(t.Old) },
            { ALT: () => this.CONSUME2(t.New) },
          ])
          const first = which.tokenType === t.All ? 'ALL' : 'UPDATED'
          const second = image.tokenType === t.Old ? 'OLD' : 'NEW'
          return `${first}_${second}` as const
        },
      },
    ])
    return { value, at: word.startOffset }
  })

  protected override deleteStatement = this.RULE(
    'deleteStatement',
    (explain: IToken | undefined): DeleteStatement => {
      const start = this.CONSUME(t.Delete)
      this.CONSUME(t.From)
      const table = this.SUBRULE(this.tableRef)
      this.CONSUME(t.Where)
      const where = this.SUBRULE(this.condition)
      const returning = this.OPTION(() => this.SUBRULE(this.returning))
      this.ACTION(() => checkDeleteReturning(returning))
      return {
        kind: 'delete',
        explain: explain !== undefined,
        table,
        where,
        returning,
        at: (explain ?? start).startOffset,
      }
    },
  )

  protected override checkStatement = this.RULE(
    'checkStatement',
    (explain: IToken | undefined): CheckStatement => {
      const start = this.CONSUME(t.Check)
      const table = this.SUBRULE(this.tableRef)
      this.CONSUME(t.Where)
      const where: Condition = this.SUBRULE(this.condition)
      return {
        kind: 'check',
        explain: explain !== undefined,
        table,
        where,
        at: (explain ?? start).startOffset,
      }
    },
  )
}
