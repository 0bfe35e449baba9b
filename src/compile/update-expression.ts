/**
 * The UpdateExpression of UPDATE and UPSERT: SET, REMOVE, ADD and DELETE clauses, each once
 * and in that order (DynamoDB takes each clause once), their actions in statement order.
 */
import type { SetOperand, UpdateAction } from '../ast/nodes.js'
import type { ExpressionBuilder } from './expression.js'
import { literalSlot } from './write-values.js'

const CLAUSES = ['set', 'remove', 'add', 'delete'] as const

export function updateExpression(
  builder: ExpressionBuilder,
  actions: readonly UpdateAction[],
): string {
  const clauses: string[] = []
  for (const kind of CLAUSES) {
    const parts: string[] = []
    for (const action of actions) {
      if (action.kind !== kind) continue
      const path = builder.path(action.path)
      switch (action.kind) {
        case 'set': {
          const value = action.value
          parts.push(
            value.kind === 'arithmetic'
              ? `${path} = ${operand(builder, value.left)} ${value.operator} ${operand(builder, value.right)}`
              : `${path} = ${operand(builder, value)}`,
          )
          break
        }
        case 'remove':
          parts.push(path)
          break
        case 'add':
        case 'delete':
          parts.push(`${path} ${builder.value(action.value)}`)
          break
      }
    }
    if (parts.length > 0) clauses.push(`${kind.toUpperCase()} ${parts.join(', ')}`)
  }
  return clauses.join(' ')
}

function operand(builder: ExpressionBuilder, node: SetOperand): string {
  switch (node.kind) {
    case 'path':
      return builder.path(node)
    case 'if-not-exists':
      return `if_not_exists(${builder.path(node.path)}, ${operand(builder, node.fallback)})`
    case 'list-append':
      return `list_append(${operand(builder, node.left)}, ${operand(builder, node.right)})`
    case 'map':
    case 'list':
      return builder.slot(literalSlot(node))
    default:
      return builder.value(node)
  }
}
