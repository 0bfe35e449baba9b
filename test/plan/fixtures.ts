/**
 * The tables the planner and compiler tests read, a database handle over them, and the
 * placeholder check every compiled input of these suites goes through.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { expect } from 'vitest'
import type { Explanation } from '../../src/compile/explain.js'
import { createDql, type Dql, type DqlEvent } from '../../src/index.js'
import { defineTable, type TableDefinition } from '../../src/schema/define-table.js'
import { pos } from '../parse/helpers.js'

/** The table dql exists for: BIN lookups by the full key, by attribute or field names. */
export const bins = defineTable({
  name: 'bins',
  tableName: 'bin-lookup',
  partitionKey: 'card_bin',
  sortKey: 'card_bin_extended',
  fields: { cardBin: 'card_bin', cardBinExtended: 'card_bin_extended', issuer: 'issuer_name' },
})

/** A forum's replies: a local index on the poster, a global one on author and date. */
export const posts = defineTable({
  name: 'posts',
  tableName: 'forum-replies',
  partitionKey: 'Id',
  sortKey: 'ReplyDateTime',
  fields: {
    id: 'Id',
    repliedAt: 'ReplyDateTime',
    postedBy: 'PostedBy',
    author: 'Author',
    postedAt: 'PostedAt',
    body: 'Message',
  },
  indexes: {
    byPoster: { type: 'local', sortKey: 'PostedBy', indexName: 'PostedBy-index' },
    // Keys by field name: they resolve to Author and PostedAt.
    // Every post has an author and a date: the index holds every post.
    byAuthor: {
      type: 'global',
      partitionKey: 'author',
      sortKey: 'postedAt',
      indexName: 'Author-PostedAt-index',
      sparse: false,
    },
  },
})

/** A partition key only (given by its field name), with attributes named by reserved words. */
export const users = defineTable({
  name: 'users',
  tableName: 'app-users',
  partitionKey: 'id',
  fields: { id: 'user_id', displayName: 'name', state: 'status' },
})

/**
 * Indexes that do not project everything (every order has a status and a creation date, so
 * each index holds every order): two global ones on the same keys (KEYS_ONLY and
 * INCLUDE; declared in the reverse of name order, so that declaration order cannot be what
 * decides between them) and a KEYS_ONLY local one.
 */
export const orders = defineTable({
  name: 'orders',
  partitionKey: 'customerId',
  sortKey: 'orderId',
  indexes: {
    byStatusTotals: {
      type: 'global',
      partitionKey: 'status',
      sortKey: 'createdAt',
      projection: ['total', 'currency'],
      indexName: 'status-totals',
      sparse: false,
    },
    byStatus: {
      type: 'global',
      partitionKey: 'status',
      sortKey: 'createdAt',
      projection: 'KEYS_ONLY',
      sparse: false,
    },
    byCreated: { type: 'local', sortKey: 'createdAt', projection: 'KEYS_ONLY', sparse: false },
  },
})

/** A handle over `tables`; its client is never used, since nothing here sends. */
export function database(
  tables: readonly TableDefinition[] = [bins, posts, users, orders],
  log?: (event: DqlEvent) => void,
): Dql {
  return createDql({ client: new DynamoDBClient({ region: 'us-east-1' }), tables, log })
}

export const db = database()

/** `db.explain` as a tag, with every input checked by `assertPlaceholders`. */
export function explain(strings: TemplateStringsArray, ...values: unknown[]): Explanation {
  return checked(db.explain(strings, ...values))
}

/** `db.prepare(text).explain(params)`, with every input checked by `assertPlaceholders`. */
export function explainText(text: string, params?: Record<string, unknown>): Explanation {
  return checked(db.prepare(text).explain(params))
}

/** Runs `assertPlaceholders` over the input (every table's request of a BatchGetItem). */
export function checked(explanation: Explanation): Explanation {
  const input = explanation.input as unknown as Record<string, unknown>
  if ('RequestItems' in input) {
    for (const request of Object.values(input.RequestItems as Record<string, object>)) {
      assertPlaceholders(request)
    }
  } else {
    assertPlaceholders(input)
  }
  return explanation
}

const EXPRESSIONS = [
  'KeyConditionExpression',
  'FilterExpression',
  'ProjectionExpression',
  'ConditionExpression',
  'UpdateExpression',
] as const

/**
 * DynamoDB rejects an input whose ExpressionAttributeNames or ExpressionAttributeValues hold a
 * placeholder no expression uses, uses a placeholder they do not define, or sends one of them
 * empty. This checks all three, and that placeholders are the deterministic `#n0…`, `:v0…`.
 */
export function assertPlaceholders(input: object): void {
  const record = input as Record<string, unknown>
  const text = EXPRESSIONS.map((key) => record[key])
    .filter((value): value is string => typeof value === 'string')
    .join('\n')
  const used = (placeholder: string) => new RegExp(`${placeholder}(?![A-Za-z0-9_])`).test(text)
  const names = record.ExpressionAttributeNames as Record<string, string> | undefined
  const values = record.ExpressionAttributeValues as Record<string, unknown> | undefined
  const problems: string[] = []
  for (const [label, defined, prefix] of [
    ['ExpressionAttributeNames', names, '#n'],
    ['ExpressionAttributeValues', values, ':v'],
  ] as const) {
    if (defined === undefined) continue
    const keys = Object.keys(defined)
    if (keys.length === 0) problems.push(`${label} is empty`)
    for (const key of keys) {
      if (!used(key)) problems.push(`${label} holds ${key}, which no expression uses`)
    }
    const expected = keys.map((_, i) => `${prefix}${i}`)
    if ([...keys].sort().join() !== [...expected].sort().join()) {
      problems.push(`${label} has keys ${keys.join(', ')}, not ${expected.join(', ')}`)
    }
  }
  for (const placeholder of text.match(/#[A-Za-z0-9_]+|:[A-Za-z0-9_]+/g) ?? []) {
    const defined = placeholder.startsWith('#') ? names : values
    if (defined === undefined || !(placeholder in defined)) {
      problems.push(`${placeholder} is used but not defined`)
    }
  }
  expect(problems).toEqual([])
}

/** Line and column (1-based) of the `occurrence`-th `needle` in `text`. */
export function spot(text: string, needle: string, occurrence = 1) {
  const offset = pos(text, needle, occurrence)
  const before = text.slice(0, offset)
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') }
}
