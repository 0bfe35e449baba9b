/**
 * Scan: every item of the table or index, filtered; only when the statement says SCAN. With
 * `SEGMENTS n` the input is each segment's but for Segment and TotalSegments, which the
 * executor adds per request (src/execute/segments.ts).
 */
import type { ScanCommandInput } from '@aws-sdk/client-dynamodb'
import type { ScanPlan } from '../plan/plan.js'
import { bindValues, expandPieces } from './binder.js'
import { ExpressionBuilder } from './expression.js'
import { checkOperands } from './operand-checks.js'
import type { BindArgs, BoundCommand, PreparedScan } from './prepared.js'

export function compileScan(plan: ScanPlan, text: string): PreparedScan {
  const builder = new ExpressionBuilder(plan.table)
  const filter = plan.filter ? builder.condition(plan.filter) : undefined
  const projection =
    plan.projection.kind === 'paths' ? builder.projection(plan.projection.paths) : undefined
  const names = builder.namesObject()
  const input: ScanCommandInput = { TableName: plan.table.tableName }
  if (plan.index) input.IndexName = plan.index.indexName
  if (projection !== undefined) input.ProjectionExpression = projection.join(', ')
  if (names) input.ExpressionAttributeNames = names
  if (plan.projection.kind === 'count') input.Select = 'COUNT'
  if (plan.limit !== undefined && filter === undefined) input.Limit = plan.limit
  if (plan.consistent) input.ConsistentRead = true
  return Object.freeze({
    operation: 'Scan',
    plan,
    text,
    input: Object.freeze(input),
    values: Object.freeze(builder.values),
    checks: Object.freeze(builder.checks),
    filter,
  })
}

export function bindScan(prepared: PreparedScan, args: BindArgs): BoundCommand {
  const input: ScanCommandInput = { ...prepared.input }
  const { filter, text, values } = prepared
  if (filter) {
    const bound = bindValues(text, values, args)
    if (prepared.checks.length > 0) checkOperands(text, prepared.checks, bound)
    input.FilterExpression = expandPieces(text, filter, args, bound, values.length)
    if (Object.keys(bound).length > 0) input.ExpressionAttributeValues = bound
  }
  const { limit, segments } = prepared.plan
  return segments === undefined
    ? { operation: 'Scan', input, limit }
    : { operation: 'Scan', input, limit, segments }
}
