/**
 * Why a partition key the statement names is still no key condition: given with a range or a
 * prefix, or only under OR, NOT or `<>`. Saying so beats listing every key (the name is right,
 * only its place or operator is not).
 */
import type { Condition, Operand } from '../ast/nodes.js'
import type { TableDefinition } from '../schema/define-table.js'
import type { Fail } from './checks.js'
import { attributesIn, conjuncts, topAttribute, type KeyUse } from './key-conditions.js'

/** The partition keys of the table and its indexes, each once, with whose key it is. */
function partitionKeys(table: TableDefinition): Map<string, string> {
  const keys = new Map<string, string>([[table.partitionKey, table.name]])
  for (const index of table.indexes) {
    if (!keys.has(index.partitionKey)) keys.set(index.partitionKey, `index ${index.name}`)
  }
  return keys
}

/** The refusal for a partition key named in a way no Query can use, if there is one. */
export function misusedPartitionKey(
  table: TableDefinition,
  uses: ReadonlyMap<string, readonly KeyUse[]>,
  where: Condition | undefined,
  fail: Fail,
) {
  const keys = partitionKeys(table)
  for (const [key, owner] of keys) {
    // Only non-equalities reach here: an = or IN on any partition key would have been chosen.
    const range = uses.get(key)?.[0]
    if (range === undefined) continue
    return fail(
      'plan.scan-required',
      `\`${key}\` is the partition key of ${owner}: a Query needs it with = or IN, not a range or a prefix; ` +
        `give ${key} = … (or IN), or write SCAN to read every item.`,
      range.node.at,
    )
  }
  for (const condition of conjuncts(where)) {
    const named = attributesIn(table, condition)
    for (const [key, owner] of keys) {
      const at = named.get(key)
      const under = at === undefined ? undefined : operatorOf(condition)
      if (at === undefined || under === undefined) continue
      const list = condition.kind === 'or' ? equalities(table, key, condition) : undefined
      const fix = list
        ? `write ${key} IN (${list.join(', ')}) instead of the OR`
        : `add ${key} = … (or IN) to the top-level AND`
      return fail(
        'plan.scan-required',
        `\`${key}\`, the partition key of ${owner}, is given only under ${under}, which no key condition can use: ` +
          `${fix}, or write SCAN to read every item.`,
        at,
        [],
      )
    }
  }
  return undefined
}

function operatorOf(condition: Condition): 'OR' | 'NOT' | '<>' | undefined {
  if (condition.kind === 'or') return 'OR'
  if (condition.kind === 'not') return 'NOT'
  if (condition.kind === 'compare' && condition.operator === '<>') return '<>'
  return undefined
}

/** The values of an OR made only of `key = value` (the IN list it means), else undefined. */
function equalities(
  table: TableDefinition,
  key: string,
  condition: Extract<Condition, { kind: 'or' }>,
): string[] | undefined {
  const values: string[] = []
  for (const operand of condition.operands) {
    if (operand.kind !== 'compare' || operand.operator !== '=') return undefined
    const { left, right } = operand
    const value =
      topAttribute(table, left) === key
        ? written(right)
        : topAttribute(table, right) === key
          ? written(left)
          : undefined
    if (value === undefined) return undefined
    values.push(value)
  }
  return values
}

/** A key value as the statement wrote it. */
function written(operand: Operand): string | undefined {
  switch (operand.kind) {
    case 'string':
      return `'${operand.value.replaceAll("'", "''")}'`
    case 'number':
      return operand.text
    case 'hole':
      return '${…}'
    case 'param':
      return `:${operand.name}`
    default:
      return undefined
  }
}
