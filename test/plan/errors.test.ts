import { describe, expect, test } from 'vitest'
import { failure, pos } from '../parse/helpers.js'
import { demoBins } from '../../src/repl/demo.js'
import { checked, database, db, posts, spot } from './fixtures.js'

/** Plans a text statement against the suite's tables; it must fail. */
function planFailure(text: string, params: Record<string, unknown> = {}) {
  const { code, line, column, error } = failure(() => db.prepare(text).explain(params))
  return { code, line, column, reason: error.reason, suggestions: error.suggestions }
}

describe('plan.scan-required', () => {
  test('no key condition: names every key and index that would serve, and SCAN', () => {
    const text = "FROM posts WHERE Subject = 'Hi' AND Views > 10"
    const failed = planFailure(text)
    expect(failed).toMatchObject({ code: 'plan.scan-required', ...spot(text, 'Subject') })
    expect(failed.reason).toContain(
      'Add one of Id = … (the partition key of posts, index byPoster), ' +
        'Author = … (index byAuthor) to the top-level AND, or write SCAN to read every item.',
    )
  })

  test('a key inside an OR is no key condition: points at the key', () => {
    const text = "FROM posts\nWHERE Subject = 'Hi'\n   OR Id = 'x'"
    expect(planFailure(text)).toMatchObject({
      code: 'plan.scan-required',
      ...spot(text, 'Id'),
      reason:
        '`Id`, the partition key of posts, is given only under OR, which no key condition can use: ' +
        'add Id = … (or IN) to the top-level AND, or write SCAN to read every item.',
    })
    expect(spot(text, 'Id')).toEqual({ line: 3, column: 7 })
  })

  test('did you mean: a misspelled key gets the field and attribute it resembles', () => {
    const text = "FROM bins WHERE cardbin = '411111'"
    const failed = planFailure(text)
    expect(failed).toMatchObject({
      code: 'plan.scan-required',
      ...spot(text, 'cardbin'),
      suggestions: ['cardBin', 'card_bin'],
    })
    expect(failed.reason).toContain('Did you mean cardBin?')

    const users = "FROM users WHERE userid = 'u1'"
    const other = planFailure(users)
    expect(other).toMatchObject({
      code: 'plan.scan-required',
      ...spot(users, 'userid'),
      suggestions: ['user_id'],
    })
    expect(other.reason).toContain(
      'Add one of user_id = … (the partition key of users) to the top-level AND, or write SCAN ' +
        'to read every item. Did you mean user_id?',
    )
  })
})

describe('plan.partial-key', () => {
  test.each([
    [
      "FROM posts WHERE ReplyDateTime > '2015'",
      '`ReplyDateTime` is the sort key of posts, but its partition key is not given; add Id = … to the top-level AND (or write SCAN to read everything).',
    ],
    [
      "FROM bins WHERE cardBinExtended = ';'",
      '`card_bin_extended` is the sort key of bins, but its partition key is not given; add card_bin = …',
    ],
    [
      "FROM posts WHERE postedAt BETWEEN '2024' AND '2025'",
      '`PostedAt` is the sort key of index byAuthor, but its partition key is not given; add Author = …',
    ],
  ])('%s', (text, reason) => {
    const failed = planFailure(text)
    expect(failed).toMatchObject({
      code: 'plan.partial-key',
      line: 1,
      column: pos(text, 'WHERE') + 7,
    })
    expect(failed.reason).toContain(reason)
  })

  test('points at the sort-key condition, wherever it stands in the AND', () => {
    const text = "FROM posts WHERE Subject = 'Hi' AND ReplyDateTime > '2015'"
    expect(planFailure(text)).toMatchObject({
      code: 'plan.partial-key',
      ...spot(text, 'ReplyDateTime'),
    })
  })
})

describe('plan.order-by', () => {
  test('not the sort key of the chosen table', () => {
    const text = "FROM posts\nWHERE Id = 'x'\nORDER BY Subject DESC"
    const failed = planFailure(text)
    expect(failed).toMatchObject({ code: 'plan.order-by', line: 3, column: 10 })
    expect(failed.reason).toBe(
      'ORDER BY can only follow the sort key of table posts, `ReplyDateTime`.',
    )
  })

  test("another index's sort key: says which partition key would read in that order", () => {
    const text = "FROM posts WHERE Author = 'Alice' ORDER BY PostedBy"
    const failed = planFailure(text)
    expect(failed).toMatchObject({ code: 'plan.order-by', ...spot(text, 'PostedBy') })
    expect(failed.reason).toBe(
      'ORDER BY can only follow the sort key of index byAuthor, `PostedAt`. `PostedBy` is the ' +
        'sort key of index byPoster: give its partition key (Id) with = to read in that order.',
    )
  })

  test('a table with no sort key, for a Query, a GetItem and a BatchGetItem', () => {
    for (const text of [
      "FROM users WHERE id = 'u1' AND state = 'active' ORDER BY name",
      "FROM users WHERE id = 'u1' ORDER BY name",
      "FROM users WHERE id IN ('u1', 'u2') ORDER BY name",
    ]) {
      const failed = planFailure(text)
      expect({ text, ...failed }).toMatchObject({
        text,
        code: 'plan.order-by',
        ...spot(text, 'name'),
        reason: 'Table users has no sort key, so its items have no order to follow; drop ORDER BY.',
      })
    }
  })

  test('a full key with ORDER BY a non-key attribute', () => {
    const text = "FROM bins WHERE card_bin = '411111' AND card_bin_extended = ';' ORDER BY issuer"
    expect(planFailure(text)).toMatchObject({
      code: 'plan.order-by',
      ...spot(text, 'issuer'),
      reason: 'ORDER BY can only follow the sort key of table bins, `card_bin_extended`.',
    })
  })
})

describe('plan.consistent-on-global-index', () => {
  test('only a global index can serve: points at CONSISTENT', () => {
    const text = "FROM posts WHERE Author = 'Alice' CONSISTENT"
    const failed = planFailure(text)
    expect(failed).toMatchObject({
      code: 'plan.consistent-on-global-index',
      ...spot(text, 'CONSISTENT'),
    })
    expect(failed.reason).toContain(
      "global indexes have no consistent reads; drop CONSISTENT or give the table's partition key (Id).",
    )
  })

  test('USE INDEX of a global index, in a read and in a SCAN: points at the index', () => {
    for (const text of [
      "FROM posts USE INDEX (byAuthor) WHERE Author = 'Alice' CONSISTENT",
      'SCAN FROM posts USE INDEX (byAuthor) CONSISTENT',
    ]) {
      const failed = planFailure(text)
      expect({ text, ...failed }).toMatchObject({
        text,
        code: 'plan.consistent-on-global-index',
        ...spot(text, 'byAuthor'),
      })
      expect(failed.reason).toContain('global indexes have no consistent reads; drop CONSISTENT')
    }
  })
})

describe('plan.unknown-table', () => {
  test('did you mean', () => {
    const failed = planFailure("FROM bin WHERE card_bin = '411111'")
    expect(failed).toEqual({
      code: 'plan.unknown-table',
      line: 1,
      column: 6,
      reason:
        'Unknown table bin; the known tables are bins, posts, users, orders. Did you mean bins?',
      suggestions: ['bins'],
    })
  })

  test('no tables at all', () => {
    const empty = database([])
    const { code, line, column, error } = failure(() => empty.explain`FROM bins`)
    expect({ code, line, column, reason: error.reason }).toEqual({
      code: 'plan.unknown-table',
      line: 1,
      column: 6,
      reason:
        'Unknown table bins; no tables are known: pass them to createDql({ tables }) or call db.loadTables().',
    })
  })
})

describe('plan.unknown-index', () => {
  test('did you mean', () => {
    const text = "FROM posts USE INDEX (byAuthr) WHERE Author = 'Alice'"
    expect(planFailure(text)).toEqual({
      code: 'plan.unknown-index',
      ...spot(text, 'byAuthr'),
      reason:
        'Table posts has no index byAuthr; its indexes are byPoster, byAuthor. Did you mean byAuthor?',
      suggestions: ['byAuthor'],
    })
  })

  test('a table with no indexes', () => {
    const text = "FROM users USE INDEX (byName) WHERE id = 'u1'"
    expect(planFailure(text)).toEqual({
      code: 'plan.unknown-index',
      ...spot(text, 'byName'),
      reason: 'Table users has no index byName; it has no indexes.',
      suggestions: [],
    })
  })
})

describe('plan.index-not-usable', () => {
  test.each([
    ["FROM posts USE INDEX (byAuthor) WHERE Id = 'x'", 'Id'],
    ['FROM posts USE INDEX (byAuthor)', 'posts'],
  ])('%s', (text, needle) => {
    const failed = planFailure(text)
    expect(failed).toMatchObject({ code: 'plan.index-not-usable', ...spot(text, needle) })
    expect(failed.reason).toBe(
      'USE INDEX (byAuthor) needs an equality on its partition key: WHERE Author = … (or IN). ' +
        'To read the whole index, write SCAN.',
    )
  })
})

describe('plan.uncovered-projection', () => {
  const keysOnly = 'customerId, orderId, status, createdAt'
  const include = `${keysOnly}, total, currency`

  test('KEYS_ONLY with every attribute (no SELECT): points at the statement', () => {
    const text = "FROM orders WHERE status = 'open'"
    expect(planFailure(text)).toMatchObject({
      code: 'plan.uncovered-projection',
      line: 1,
      column: 1,
      reason:
        `Index byStatus projects only its keys (${keysOnly}), and this statement reads every ` +
        `attribute; SELECT some of ${keysOnly}, or COUNT(*), or read the table instead.`,
    })
  })

  test('KEYS_ONLY with SELECT *, a local index by USE INDEX and a SCAN', () => {
    const text = "SELECT *\nFROM orders USE INDEX (byCreated)\nWHERE customerId = 'c1'"
    expect(planFailure(text)).toMatchObject({
      code: 'plan.uncovered-projection',
      line: 1,
      column: 8,
      reason:
        'Index byCreated projects only its keys (customerId, orderId, createdAt), and this ' +
        'statement reads every attribute; SELECT some of customerId, orderId, createdAt, or ' +
        'COUNT(*), or read the table instead.',
    })
    expect(planFailure('SCAN FROM orders USE INDEX (byStatus)')).toMatchObject({
      code: 'plan.uncovered-projection',
      line: 1,
      column: 6,
      reason: `Index byStatus projects only its keys (${keysOnly}), and this statement reads every attribute; SELECT some of ${keysOnly}, or COUNT(*), or read the table instead.`,
    })
  })

  test('INCLUDE with an attribute it does not project, in SELECT', () => {
    const text = "SELECT total, note FROM orders USE INDEX (byStatusTotals) WHERE status = 'open'"
    expect(planFailure(text)).toMatchObject({
      code: 'plan.uncovered-projection',
      ...spot(text, 'note'),
      reason: `Index byStatusTotals projects only some attributes (${include}), not \`note\`; read only projected attributes, or read the table instead.`,
    })
  })

  test('INCLUDE with an attribute it does not project, in the filter', () => {
    const text =
      "SELECT total FROM orders USE INDEX (byStatusTotals)\nWHERE status = 'open' AND note = 'gift'"
    expect(planFailure(text)).toMatchObject({
      code: 'plan.uncovered-projection',
      ...spot(text, 'note'),
      reason: `Index byStatusTotals projects only some attributes (${include}), not \`note\`; read only projected attributes, or read the table instead.`,
    })
  })
})

describe('plan.key-in-filter', () => {
  test('two ranges on the sort key: the second cannot be a filter', () => {
    const text = "FROM posts WHERE Id = 'x' AND ReplyDateTime > 'a' AND ReplyDateTime < 'b'"
    expect(planFailure(text)).toMatchObject({
      code: 'plan.key-in-filter',
      ...spot(text, 'ReplyDateTime', 2),
      reason:
        '`ReplyDateTime` is the sort key of table posts, and DynamoDB cannot filter a Query on ' +
        'its own key; give one sort-key condition (=, <, <=, >, >=, BETWEEN, begins_with or IN) ' +
        'in the top-level AND.',
    })
  })

  test('the sort key inside an OR', () => {
    const text = "FROM posts WHERE Id = 'x' AND (ReplyDateTime = 'a' OR ReplyDateTime = 'b')"
    expect(planFailure(text)).toMatchObject({
      code: 'plan.key-in-filter',
      ...spot(text, 'ReplyDateTime'),
    })
  })

  test('the partition key twice', () => {
    const text = "FROM users WHERE id = 'a' AND (id = 'b' OR state = 'x')"
    expect(planFailure(text)).toMatchObject({
      code: 'plan.key-in-filter',
      ...spot(text, 'id', 2),
      reason:
        '`user_id` is the partition key of table users, and DynamoDB cannot filter a Query on ' +
        'its own key; give the partition key once, as = or IN, in the top-level AND.',
    })
  })

  test("an index's sort key", () => {
    const text = "FROM posts WHERE Author = 'A' AND NOT (PostedAt > '1')"
    expect(planFailure(text)).toMatchObject({
      code: 'plan.key-in-filter',
      ...spot(text, 'PostedAt'),
      reason:
        '`PostedAt` is the sort key of index byAuthor, and DynamoDB cannot filter a Query on ' +
        'its own key; give one sort-key condition (=, <, <=, >, >=, BETWEEN, begins_with or IN) ' +
        'in the top-level AND.',
    })
  })
})

describe('plan.bad-table-hole', () => {
  test('a string, or an object that only looks like a table, after FROM', () => {
    for (const value of ['bins', { kind: 'table', name: 'bins' }, undefined]) {
      const { code, line, column, error } = failure(
        () => db.explain`FROM ${value} WHERE card_bin = ${'411111'}`,
      )
      expect({ code, line, column }).toEqual({ code: 'plan.bad-table-hole', line: 1, column: 6 })
      expect(error.reason).toContain('a value can never name a table')
    }
  })

  test('a table definition is accepted even when createDql was not given it', () => {
    const none = database([])
    expect(
      checked(none.explain`FROM ${posts} WHERE Id = ${'x'} AND ReplyDateTime = ${'t'}`),
    ).toEqual({
      operation: 'GetItem',
      tableName: 'forum-replies',
      input: { TableName: 'forum-replies', Key: { Id: { S: 'x' }, ReplyDateTime: { S: 't' } } },
      requests: 1,
      reason:
        'The WHERE clause gives the full primary key of posts (Id, ReplyDateTime) and nothing ' +
        'else, so one GetItem reads the item.',
    })
  })
})

describe('statements that read an IN list of full keys', () => {
  test('ORDER BY is refused: BatchGetItem reads in list order', () => {
    const text =
      "FROM posts WHERE Id = 't' AND ReplyDateTime IN ('r01', 'r02') ORDER BY ReplyDateTime DESC"
    const failed = planFailure(text)
    expect(failed).toMatchObject({ code: 'plan.order-by', ...spot(text, 'ORDER') })
    expect(failed.reason).toBe(
      'An IN list of full keys is read with BatchGetItem, in the order of the list; ORDER BY cannot apply. Write the list in the order you want, and drop ORDER BY.',
    )
  })
})

describe('a :name parameter in a tagged template', () => {
  test('is bind.missing-param, saying to write the value as a hole', () => {
    const { code, error } = failure(() => db.explain`FROM users WHERE id = :x`)
    expect(code).toBe('bind.missing-param')
    expect(error.reason).toBe(
      ':x is a parameter of text statements (db.prepare); in a template, write the value as ${…}.',
    )
  })
})

describe('values DynamoDB would refuse are bind.bad-value, at the spot', () => {
  test.each([
    [
      "FROM posts WHERE Id = 't' AND begins_with(ReplyDateTime, :p)",
      { p: 2015 },
      ':p',
      'begins_with takes a string or binary prefix, not a number.',
    ],
    [
      "FROM posts WHERE Id = 't' AND begins_with(Subject, 5)",
      {},
      '5)',
      'begins_with takes a string or binary prefix, not a number.',
    ],
    [
      "FROM posts WHERE Id = 't' AND ReplyDateTime BETWEEN :hi AND :lo",
      { hi: '2026', lo: '2025' },
      ':hi',
      'BETWEEN takes its low bound first: here the first bound is greater than the second.',
    ],
    [
      "FROM posts WHERE Id = 't' AND Views BETWEEN 10 AND 'x'",
      {},
      '10',
      'BETWEEN takes two bounds of one type: strings, numbers or binaries.',
    ],
    [
      "SCAN FROM posts WHERE attribute_type(Tags, 'STRING')",
      {},
      "'STRING'",
      'attribute_type takes one of S, SS, N, NS, B, BS, BOOL, NULL, L, M, not "STRING".',
    ],
  ])('%s', (text, params, spotted, reason) => {
    const failed = planFailure(text, params)
    expect(failed).toMatchObject({ code: 'bind.bad-value', ...spot(text, spotted), reason })
  })

  test('bounds in order, a string prefix and a real type name pass', () => {
    const text =
      "FROM posts WHERE Id = 't' AND ReplyDateTime BETWEEN :lo AND :hi AND begins_with(Subject, 'a') AND attribute_type(Tags, 'SS')"
    expect(checked(db.prepare(text).explain({ lo: '2025', hi: '2026' })).operation).toBe('Query')
  })
})

describe('plan.scan-required: the partition key named, but not as a key condition', () => {
  // The demo's bins: card_bin is the table's partition key and the sort key of byIssuer.
  const demo = database([demoBins])
  const refuse = (text: string) => {
    const { code, line, column, error } = failure(() => demo.prepare(text).explain({}))
    return { code, line, column, reason: error.reason, suggestions: error.suggestions }
  }

  test('an OR of equalities on the partition key: suggests IN, no did-you-mean', () => {
    const text = "FROM bins WHERE card_bin = 'a' OR card_bin = 'b'"
    expect(refuse(text)).toEqual({
      code: 'plan.scan-required',
      ...spot(text, 'card_bin'),
      reason:
        '`card_bin`, the partition key of bins, is given only under OR, which no key condition can use: ' +
        "write card_bin IN ('a', 'b') instead of the OR, or write SCAN to read every item.",
      suggestions: [],
    })
  })

  test.each([
    ["FROM bins WHERE NOT card_bin = 'a'", 'NOT'],
    ["FROM bins WHERE card_bin <> 'a'", '<>'],
    ["FROM bins WHERE card_bin = 'a' OR issuer = 'x'", 'OR'],
  ])('%s: says the key is under %s, and to put it in the top-level AND', (text, under) => {
    expect(refuse(text)).toEqual({
      code: 'plan.scan-required',
      ...spot(text, 'card_bin'),
      reason:
        `\`card_bin\`, the partition key of bins, is given only under ${under}, which no key condition can use: ` +
        'add card_bin = … (or IN) to the top-level AND, or write SCAN to read every item.',
      suggestions: [],
    })
  })

  test.each([
    ["FROM bins WHERE card_bin > 'x'", 'card_bin'],
    ["FROM bins WHERE card_bin BETWEEN 'a' AND 'b'", 'card_bin'],
    ["FROM bins WHERE begins_with(cardBin, '4')", 'begins_with'],
  ])('%s: the partition key needs = or IN (not the sort key of an index)', (text, at) => {
    expect(refuse(text)).toEqual({
      code: 'plan.scan-required',
      ...spot(text, at),
      reason:
        '`card_bin` is the partition key of bins: a Query needs it with = or IN, not a range or a prefix; ' +
        'give card_bin = … (or IN), or write SCAN to read every item.',
      suggestions: [],
    })
  })

  test('a key shared by the table and a local index is listed once', () => {
    const text = "FROM posts WHERE Subject = 'Hi'"
    expect(planFailure(text).reason).toBe(
      'No key condition: this statement would have to Scan posts. Add one of ' +
        'Id = … (the partition key of posts, index byPoster), Author = … (index byAuthor) ' +
        'to the top-level AND, or write SCAN to read every item.',
    )
  })
})

describe('plan.overlapping-paths', () => {
  test.each([
    ["SELECT meta, meta.tags[1] FROM posts WHERE Id = 'x'", 'meta.tags[1]', 'meta.tags[1]', 'meta'],
    ["SELECT meta.tags[1], meta FROM posts WHERE Id = 'x'", 'meta.tags[1]', 'meta.tags[1]', 'meta'],
    ["SELECT a.b, a.b.c FROM posts WHERE Id = 'x'", 'a.b.c', 'a.b.c', 'a.b'],
    ["SELECT body, Message.x FROM posts WHERE Id = 'x'", 'Message.x', 'Message.x', 'body'],
  ])('%s: points at the inner path', (text, at, inner, outer) => {
    expect(planFailure(text)).toEqual({
      code: 'plan.overlapping-paths',
      ...spot(text, at),
      reason:
        `\`${inner}\` is part of \`${outer}\`, which this SELECT already reads, and DynamoDB refuses ` +
        `overlapping paths: drop \`${inner}\` (\`${outer}\` holds it).`,
      suggestions: [],
    })
  })

  test('the same path twice, or by field and attribute name, is read once', () => {
    for (const text of [
      "SELECT meta, meta FROM posts WHERE Id = 'x'",
      "SELECT body, Message FROM posts WHERE Id = 'x'",
    ]) {
      expect(db.prepare(text).explain({}).input).toMatchObject({ ProjectionExpression: '#n1' })
    }
  })
})
