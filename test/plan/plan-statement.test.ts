/**
 * The pure planner's output, whole: each test asserts the Plan `planStatement` returns, not the
 * SDK input it compiles to, so that a planner change shows as a Plan difference. Expected AST
 * nodes are built by hand, at the offsets where the statement text writes them.
 */
import { describe, expect, test } from 'vitest'
import type {
  AttributeExistsCondition,
  CompareCondition,
  CompareOperator,
  Condition,
  HoleValue,
  NumberValue,
  Operand,
  ParamValue,
  PathNode,
  StringValue,
} from '../../src/ast/nodes.js'
import { parseStatementText, parseTemplate } from '../../src/parse/parse-cache.js'
import { planStatement } from '../../src/plan/plan-statement.js'
import type {
  BatchGetItemPlan,
  GetItemPlan,
  Plan,
  QueryPlan,
  ReadShape,
  ResultShape,
  ScanPlan,
} from '../../src/plan/plan.js'
import type { IndexDefinition, TableDefinition } from '../../src/schema/define-table.js'
import { pos } from '../parse/helpers.js'
import { bins, orders, posts, users } from './fixtures.js'

/** Plans a text statement (`:name` parameters) against `table`. */
function plan(text: string, table: TableDefinition, result?: ResultShape): Plan {
  return planStatement(parseStatementText(text), table, result)
}

/** `at(snippet, n)`: the offset of the n-th `snippet` in `text`. */
function offsets(text: string) {
  return (snippet: string, occurrence = 1) => pos(text, snippet, occurrence)
}

/** The index of `table` that statements call `name`, as its definition holds it. */
function indexOf(table: TableDefinition, name: string): IndexDefinition {
  const index = table.indexes.find((i) => i.name === name)
  if (index === undefined) throw new Error(`${table.name} has no index ${name}`)
  return index
}

// AST nodes, as the parser makes them.
const param = (name: string, at: number): ParamValue => ({ kind: 'param', name, at })
const str = (value: string, at: number): StringValue => ({ kind: 'string', value, at })
const num = (text: string, at: number): NumberValue => ({ kind: 'number', text, at })
const hole = (index: number, at: number): HoleValue => ({ kind: 'hole', hole: index, at })
const path = (name: string, at: number): PathNode => ({ kind: 'path', segments: [name], at })
/** `left operator right`, which starts where `left` does. */
const compare = (left: Operand, operator: CompareOperator, right: Operand): CompareCondition => ({
  kind: 'compare',
  operator,
  left,
  right,
  at: left.at,
})
const and = (operands: Condition[], at: number): Condition => ({ kind: 'and', operands, at })

const ALL: ReadShape = { kind: 'all' }
const COUNT: ReadShape = { kind: 'count' }

/**
 * A Query plan: what every test gives, and the rest at its plainest (the table itself, no sort-key
 * condition, no filter, every attribute, no LIMIT, not consistent, ascending, one Query).
 */
function query(
  given: Pick<QueryPlan, 'table' | 'partitionKey' | 'partition' | 'reason'> &
    Partial<Omit<QueryPlan, 'operation'>>,
): QueryPlan {
  return {
    operation: 'Query',
    index: undefined,
    sortKey: undefined,
    sort: undefined,
    filter: undefined,
    projection: ALL,
    limit: undefined,
    consistent: false,
    descending: false,
    perKey: false,
    ...given,
  }
}

const binsGetItem =
  'The WHERE clause gives the full primary key of bins (card_bin, card_bin_extended) and ' +
  'nothing else, so one GetItem reads the item.'
const binsBatch =
  'The WHERE clause gives full primary keys of bins (card_bin, card_bin_extended) as a list ' +
  'and nothing else, so BatchGetItem reads them, 100 keys a request.'
const onPosts = 'Query on table posts: Id = … is the partition key of table posts'
const onPostsSorted = `${onPosts} and the sort key ReplyDateTime narrows the range`

describe('GetItem: the full primary key and nothing else', () => {
  test('by attribute names and by field names, in either order: the same GetItem', () => {
    for (const text of [
      'FROM bins WHERE card_bin = :bin AND card_bin_extended = :ext',
      'FROM bins WHERE cardBinExtended = :ext AND cardBin = :bin',
    ]) {
      const at = offsets(text)
      expect(plan(text, bins)).toEqual({
        operation: 'GetItem',
        table: bins,
        partition: param('bin', at(':bin')),
        sort: param('ext', at(':ext')),
        projection: ALL,
        consistent: false,
        reason: binsGetItem,
      } satisfies GetItemPlan)
    }
  })

  test('a SELECT list is the projection, paths as written (field names unresolved); CONSISTENT', () => {
    const text =
      "SELECT issuer, cardBin FROM bins WHERE cardBin = '411111' AND cardBinExtended = ';' CONSISTENT"
    const at = offsets(text)
    expect(plan(text, bins)).toEqual({
      operation: 'GetItem',
      table: bins,
      partition: str('411111', at("'411111'")),
      sort: str(';', at("';'")),
      projection: {
        kind: 'paths',
        paths: [path('issuer', at('issuer')), path('cardBin', at('cardBin'))],
      },
      consistent: true,
      reason: binsGetItem,
    } satisfies GetItemPlan)
  })

  test('x IN (:v) with one value is x = :v: a GetItem, not a batch', () => {
    const text = 'FROM bins WHERE card_bin IN (:bin) AND card_bin_extended = :ext'
    const at = offsets(text)
    expect(plan(text, bins)).toEqual({
      operation: 'GetItem',
      table: bins,
      partition: param('bin', at(':bin')),
      sort: param('ext', at(':ext')),
      projection: ALL,
      consistent: false,
      reason: binsGetItem,
    } satisfies GetItemPlan)
  })
})

describe('BatchGetItem: full primary keys as lists and nothing else', () => {
  test('IN (:a, :b) on the partition key, = on the sort key', () => {
    const text = 'FROM bins WHERE card_bin IN (:first, :second) AND card_bin_extended = :ext'
    const at = offsets(text)
    expect(plan(text, bins)).toEqual({
      operation: 'BatchGetItem',
      table: bins,
      partition: {
        kind: 'list',
        values: [param('first', at(':first')), param('second', at(':second'))],
      },
      sort: { kind: 'one', value: param('ext', at(':ext')) },
      projection: ALL,
      limit: undefined,
      consistent: false,
      reason: binsBatch,
    } satisfies BatchGetItemPlan)
  })

  test('IN :list is one array-valued parameter; a partition-key-only table; LIMIT', () => {
    const text = 'FROM users WHERE id IN :ids LIMIT 5'
    expect(plan(text, users)).toEqual({
      operation: 'BatchGetItem',
      table: users,
      partition: { kind: 'array', value: param('ids', pos(text, ':ids')) },
      sort: undefined,
      projection: ALL,
      limit: 5,
      consistent: false,
      reason:
        'The WHERE clause gives full primary keys of users (user_id) as a list and nothing ' +
        'else, so BatchGetItem reads them, 100 keys a request.',
    } satisfies BatchGetItemPlan)
  })

  test('a template: IN ${array} and = ${value} are holes, numbered in order', () => {
    const tag = (strings: TemplateStringsArray, ..._values: unknown[]) => parseTemplate(strings)
    const parsed = tag`FROM bins WHERE card_bin IN ${['411111', '400007']} AND card_bin_extended = ${';'}`
    const text = 'FROM bins WHERE card_bin IN ${…} AND card_bin_extended = ${…}'
    expect(parsed.text).toBe(text)
    expect(planStatement(parsed, bins)).toEqual({
      operation: 'BatchGetItem',
      table: bins,
      partition: { kind: 'array', value: hole(0, pos(text, '${…}')) },
      sort: { kind: 'one', value: hole(1, pos(text, '${…}', 2)) },
      projection: ALL,
      limit: undefined,
      consistent: false,
      reason: binsBatch,
    } satisfies BatchGetItemPlan)
  })
})

describe('Query on the table: each kind of sort-key condition', () => {
  test('equal: the full key plus a filter is a Query, the key its key condition', () => {
    const text = 'FROM bins WHERE card_bin = :bin AND card_bin_extended = :ext AND brand = :brand'
    const at = offsets(text)
    expect(plan(text, bins)).toEqual(
      query({
        table: bins,
        partitionKey: 'card_bin',
        partition: { kind: 'one', value: param('bin', at(':bin')) },
        sortKey: 'card_bin_extended',
        sort: { kind: 'equal', values: { kind: 'one', value: param('ext', at(':ext')) } },
        filter: compare(path('brand', at('brand')), '=', param('brand', at(':brand'))),
        reason:
          'Query on table bins: card_bin = … is the partition key of table bins and the sort ' +
          'key card_bin_extended narrows the range; the other conditions need a filter, which ' +
          'GetItem cannot apply.',
      }),
    )
  })

  test('compare: the value written first flips the operator (:v < sk is sk > :v)', () => {
    const text = 'FROM posts WHERE Id = :thread AND :since < ReplyDateTime'
    const at = offsets(text)
    expect(plan(text, posts)).toEqual(
      query({
        table: posts,
        partitionKey: 'Id',
        partition: { kind: 'one', value: param('thread', at(':thread')) },
        sortKey: 'ReplyDateTime',
        sort: { kind: 'compare', operator: '>', value: param('since', at(':since')) },
        reason: `${onPostsSorted}.`,
      }),
    )
  })

  test('between, by field names', () => {
    const text = 'FROM posts WHERE repliedAt BETWEEN :from AND :to AND id = :thread'
    const at = offsets(text)
    expect(plan(text, posts)).toEqual(
      query({
        table: posts,
        partitionKey: 'Id',
        partition: { kind: 'one', value: param('thread', at(':thread')) },
        sortKey: 'ReplyDateTime',
        sort: { kind: 'between', low: param('from', at(':from')), high: param('to', at(':to')) },
        reason: `${onPostsSorted}.`,
      }),
    )
  })

  test('begins-with, a string literal prefix', () => {
    const text = "FROM posts WHERE Id = :thread AND begins_with(ReplyDateTime, '2015-09')"
    const at = offsets(text)
    expect(plan(text, posts)).toEqual(
      query({
        table: posts,
        partitionKey: 'Id',
        partition: { kind: 'one', value: param('thread', at(':thread')) },
        sortKey: 'ReplyDateTime',
        sort: { kind: 'begins-with', prefix: str('2015-09', at("'2015-09'")) },
        reason: `${onPostsSorted}.`,
      }),
    )
  })

  test('sk <= :b AND sk >= :a (either order) is merged into one between, and no filter', () => {
    const text = 'FROM posts WHERE Id = :thread AND ReplyDateTime <= :to AND ReplyDateTime >= :from'
    const at = offsets(text)
    expect(plan(text, posts)).toEqual(
      query({
        table: posts,
        partitionKey: 'Id',
        partition: { kind: 'one', value: param('thread', at(':thread')) },
        sortKey: 'ReplyDateTime',
        sort: { kind: 'between', low: param('from', at(':from')), high: param('to', at(':to')) },
        reason: `${onPostsSorted}.`,
      }),
    )
  })
})

describe('Query: filter, order, limit', () => {
  test('two other conditions make one and node, at its first operand', () => {
    const text = 'FROM posts WHERE Id = :thread AND Votes > 3 AND attribute_exists(Message)'
    const at = offsets(text)
    const exists: AttributeExistsCondition = {
      kind: 'attribute-exists',
      path: path('Message', at('Message')),
      at: at('attribute_exists'),
    }
    expect(plan(text, posts)).toEqual(
      query({
        table: posts,
        partitionKey: 'Id',
        partition: { kind: 'one', value: param('thread', at(':thread')) },
        filter: and(
          [compare(path('Votes', at('Votes')), '>', num('3', at('3'))), exists],
          at('Votes'),
        ),
        reason: `${onPosts}; the other conditions become a filter.`,
      }),
    )
  })

  test('ORDER BY the sort key DESC is descending; LIMIT is the limit', () => {
    const text = 'FROM posts WHERE Id = :thread ORDER BY repliedAt DESC LIMIT 10'
    expect(plan(text, posts)).toEqual(
      query({
        table: posts,
        partitionKey: 'Id',
        partition: { kind: 'one', value: param('thread', pos(text, ':thread')) },
        limit: 10,
        descending: true,
        reason: `${onPosts}.`,
      }),
    )
  })

  test('perKey: an IN list on the partition key with a filter is one Query per key', () => {
    const text = 'FROM posts WHERE Id IN (:first, :second) AND Votes = :votes'
    const at = offsets(text)
    expect(plan(text, posts)).toEqual(
      query({
        table: posts,
        partitionKey: 'Id',
        partition: {
          kind: 'list',
          values: [param('first', at(':first')), param('second', at(':second'))],
        },
        filter: compare(path('Votes', at('Votes')), '=', param('votes', at(':votes'))),
        perKey: true,
        reason:
          'Query on table posts: Id IN (…) is the partition key of table posts; the other ' +
          'conditions become a filter; the IN list makes one Query per key, merged in list order.',
      }),
    )
  })

  test('perKey: full keys as a list plus a filter (not a BatchGetItem)', () => {
    const text = 'FROM bins WHERE card_bin IN :bins AND card_bin_extended = :ext AND brand = :brand'
    const at = offsets(text)
    expect(plan(text, bins)).toEqual(
      query({
        table: bins,
        partitionKey: 'card_bin',
        partition: { kind: 'array', value: param('bins', at(':bins')) },
        sortKey: 'card_bin_extended',
        sort: { kind: 'equal', values: { kind: 'one', value: param('ext', at(':ext')) } },
        filter: compare(path('brand', at('brand')), '=', param('brand', at(':brand'))),
        perKey: true,
        reason:
          'Query on table bins: card_bin IN (…) is the partition key of table bins and the sort ' +
          'key card_bin_extended narrows the range; the other conditions need a filter, which ' +
          'BatchGetItem cannot apply; the IN list makes one Query per key, merged in list order.',
      }),
    )
  })
})

describe('Query on an index: the ranking', () => {
  test('a local index whose sort key is constrained beats the table', () => {
    const text = 'FROM posts WHERE Id = :thread AND PostedBy = :user'
    const at = offsets(text)
    expect(plan(text, posts)).toEqual(
      query({
        table: posts,
        index: indexOf(posts, 'byPoster'),
        partitionKey: 'Id',
        partition: { kind: 'one', value: param('thread', at(':thread')) },
        sortKey: 'PostedBy',
        sort: { kind: 'equal', values: { kind: 'one', value: param('user', at(':user')) } },
        reason:
          'Query on index byPoster: Id = … is the partition key of index byPoster and the sort ' +
          "key PostedBy narrows the range, which the table's own key cannot do.",
      }),
    )
  })

  test('a global index, keys by field names resolved to its attributes', () => {
    const text = 'FROM posts WHERE author = :author AND postedAt > :since'
    const at = offsets(text)
    expect(plan(text, posts)).toEqual(
      query({
        table: posts,
        index: indexOf(posts, 'byAuthor'),
        partitionKey: 'Author',
        partition: { kind: 'one', value: param('author', at(':author')) },
        sortKey: 'PostedAt',
        sort: { kind: 'compare', operator: '>', value: param('since', at(':since')) },
        reason:
          'Query on index byAuthor: Author = … is the partition key of index byAuthor and the ' +
          "sort key PostedAt narrows the range, which the table's own key cannot do.",
      }),
    )
  })

  test('CONSISTENT passes over the global index: the table, its conditions a filter', () => {
    const text =
      'FROM posts WHERE author = :author AND postedAt > :since AND Id = :thread CONSISTENT'
    const at = offsets(text)
    expect(plan(text, posts)).toEqual(
      query({
        table: posts,
        partitionKey: 'Id',
        partition: { kind: 'one', value: param('thread', at(':thread')) },
        filter: and(
          [
            compare(path('author', at('author')), '=', param('author', at(':author'))),
            compare(path('postedAt', at('postedAt')), '>', param('since', at(':since'))),
          ],
          at('author'),
        ),
        consistent: true,
        reason: `${onPosts}; the other conditions become a filter.`,
      }),
    )
  })

  test('of two global indexes on one key, the one that projects what is read', () => {
    const text = 'SELECT total FROM orders WHERE status = :status'
    const at = offsets(text)
    expect(plan(text, orders)).toEqual(
      query({
        table: orders,
        index: indexOf(orders, 'byStatusTotals'),
        partitionKey: 'status',
        partition: { kind: 'one', value: param('status', at(':status')) },
        projection: { kind: 'paths', paths: [path('total', at('total'))] },
        reason:
          'Query on index byStatusTotals: status = … is the partition key of index ' +
          "byStatusTotals, and the table's own partition key is not given.",
      }),
    )
  })

  test('USE INDEX: that index, the table sort key left for the filter', () => {
    const text = 'FROM posts USE INDEX (byPoster) WHERE Id = :thread AND ReplyDateTime > :since'
    const at = offsets(text)
    expect(plan(text, posts)).toEqual(
      query({
        table: posts,
        index: indexOf(posts, 'byPoster'),
        partitionKey: 'Id',
        partition: { kind: 'one', value: param('thread', at(':thread')) },
        filter: compare(
          path('ReplyDateTime', at('ReplyDateTime')),
          '>',
          param('since', at(':since')),
        ),
        reason:
          'Query on index byPoster: Id = … is the partition key of index byPoster, as USE INDEX ' +
          'asks; the other conditions become a filter.',
      }),
    )
  })
})

describe("result = 'count'", () => {
  test('the full key counts with a Query, projection count (a GetItem cannot count)', () => {
    const text = 'FROM bins WHERE card_bin = :bin AND card_bin_extended = :ext'
    const at = offsets(text)
    expect(plan(text, bins, 'count')).toEqual(
      query({
        table: bins,
        partitionKey: 'card_bin',
        partition: { kind: 'one', value: param('bin', at(':bin')) },
        sortKey: 'card_bin_extended',
        sort: { kind: 'equal', values: { kind: 'one', value: param('ext', at(':ext')) } },
        projection: COUNT,
        reason:
          'Query on table bins: card_bin = … is the partition key of table bins and the sort ' +
          'key card_bin_extended narrows the range; COUNT(*) counts with a Query.',
      }),
    )
  })

  test('a count reads only keys, so a KEYS_ONLY index serves (by name, byStatus first)', () => {
    const text = 'FROM orders WHERE status = :status'
    expect(plan(text, orders, 'count')).toEqual(
      query({
        table: orders,
        index: indexOf(orders, 'byStatus'),
        partitionKey: 'status',
        partition: { kind: 'one', value: param('status', pos(text, ':status')) },
        projection: COUNT,
        reason:
          'Query on index byStatus: status = … is the partition key of index byStatus, and the ' +
          "table's own partition key is not given.",
      }),
    )
  })
})

describe('Scan: only when the statement says SCAN', () => {
  test('the whole WHERE is the filter, keys included; the reason says a Query would serve', () => {
    const text = 'SCAN FROM bins WHERE card_bin = :bin AND brand = :brand LIMIT 10'
    const at = offsets(text)
    expect(plan(text, bins)).toEqual({
      operation: 'Scan',
      table: bins,
      index: undefined,
      filter: and(
        [
          compare(path('card_bin', at('card_bin')), '=', param('bin', at(':bin'))),
          compare(path('brand', at('brand')), '=', param('brand', at(':brand'))),
        ],
        at('card_bin'),
      ),
      projection: ALL,
      limit: 10,
      consistent: false,
      reason:
        'SCAN reads every item of bins and filters them, as the statement asks. A Query would ' +
        "read less: the table's partition key has an equality; drop SCAN to use it.",
    } satisfies ScanPlan)
  })

  test('USE INDEX scans that index, with a SELECT list', () => {
    const text = 'SCAN Id, Author FROM posts USE INDEX (byAuthor) WHERE Votes > :min'
    const at = offsets(text)
    expect(plan(text, posts)).toEqual({
      operation: 'Scan',
      table: posts,
      index: indexOf(posts, 'byAuthor'),
      filter: compare(path('Votes', at('Votes')), '>', param('min', at(':min'))),
      projection: { kind: 'paths', paths: [path('Id', at('Id')), path('Author', at('Author'))] },
      limit: undefined,
      consistent: false,
      reason:
        'SCAN reads every item of index byAuthor of posts and filters them, as the statement asks.',
    } satisfies ScanPlan)
  })
})
