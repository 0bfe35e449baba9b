/**
 * Statements run on a seeded engine, each with the answer computed in memory from the same
 * rows: a plain JS filter and sort, sharing no code with the planner or the executor.
 */
import { dql, type Dql } from '../../src/index.js'
import { BIG_THREAD, bins, type DataSet, type Row } from './seed.js'

export interface Scenario {
  readonly name: string
  /** The operation every request must be. */
  readonly operation: 'GetItem' | 'Query' | 'BatchGetItem' | 'Scan'
  /** Exactly how many requests, when it is fixed. */
  readonly requests?: number
  readonly run: (db: Dql) => Promise<unknown>
  readonly expected: (data: DataSet) => unknown
  /**
   * How to compare: `exact` (same items in the same order), `set` (same items, any order: a
   * Scan, or ties on an index sort key), with `orderBy` also checking the order of that
   * attribute's values.
   */
  readonly compare: 'exact' | 'set'
  readonly orderBy?: string
}

const binFields = (row: Row): Row => {
  const out: Row = {}
  for (const [attribute, value] of Object.entries(row)) {
    out[bins.fieldOf.get(attribute) ?? attribute] = value
  }
  return out
}

const pick =
  (...attributes: string[]) =>
  (row: Row): Row => {
    const out: Row = {}
    for (const attribute of attributes) if (attribute in row) out[attribute] = row[attribute]
    return out
  }

const by =
  (...attributes: string[]) =>
  (a: Row, b: Row): number => {
    for (const attribute of attributes) {
      const x = a[attribute] as string | number
      const y = b[attribute] as string | number
      if (x < y) return -1
      if (x > y) return 1
    }
    return 0
  }

const desc =
  (compare: (a: Row, b: Row) => number) =>
  (a: Row, b: Row): number =>
    compare(b, a)

const binKeys = ['card_bin', 'card_bin_extended']
const postKeys = ['Id', 'ReplyDateTime']

/** A BIN with three extended ranges (i = 0 in the seed). */
const MULTI = '400000'
const someBins = ['400070', '411111', '999999', '400007', '400140']
const manyBins = Array.from({ length: 150 }, (_, i) => String(400000 + i * 7)).reverse()

export const readScenarios: readonly Scenario[] = [
  {
    name: 'GetItem by attribute names',
    operation: 'GetItem',
    requests: 1,
    run: (db) => db.first`FROM bins WHERE card_bin = ${'411111'} AND card_bin_extended = ${';'}`,
    expected: (d) => binFields(d.bins.find((r) => r.card_bin === '411111')!),
    compare: 'exact',
  },
  {
    name: 'GetItem by field names, conditions swapped',
    operation: 'GetItem',
    requests: 1,
    run: (db) => db.first`FROM bins WHERE cardBinExtended = ${';'} AND cardBin = ${'411111'}`,
    expected: (d) => binFields(d.bins.find((r) => r.card_bin === '411111')!),
    compare: 'exact',
  },
  {
    name: 'GetItem of a missing item is undefined',
    operation: 'GetItem',
    requests: 1,
    run: (db) => db.first`FROM bins WHERE card_bin = ${'000000'} AND card_bin_extended = ${';'}`,
    expected: () => undefined,
    compare: 'exact',
  },
  {
    name: 'GetItem with a projection',
    operation: 'GetItem',
    requests: 1,
    run: (db) =>
      db.first`SELECT issuer, country FROM bins WHERE card_bin = '411111' AND card_bin_extended = ';'`,
    expected: () => ({ issuer: 'ACME', country: 'US' }),
    compare: 'exact',
  },
  {
    name: 'Query on a partition key: every extended range in sort-key order',
    operation: 'Query',
    requests: 1,
    run: (db) => db.all`FROM bins WHERE card_bin = ${MULTI}`,
    expected: (d) =>
      d.bins
        .filter((r) => r.card_bin === MULTI)
        .sort(by(...binKeys))
        .map(binFields),
    compare: 'exact',
  },
  {
    name: 'Query with a sort-key range',
    operation: 'Query',
    requests: 1,
    run: (db) => db.all`FROM bins WHERE card_bin = ${MULTI} AND card_bin_extended > '0'`,
    expected: (d) =>
      d.bins
        .filter((r) => r.card_bin === MULTI && (r.card_bin_extended as string) > '0')
        .sort(by(...binKeys))
        .map(binFields),
    compare: 'exact',
  },
  {
    name: 'Full key plus a filter is a Query, not a GetItem',
    operation: 'Query',
    requests: 1,
    run: (db) =>
      db.all`FROM bins WHERE card_bin = '411111' AND card_bin_extended = ';' AND brand = 'AMEX'`,
    expected: () => [],
    compare: 'exact',
  },
  {
    name: 'GSI by field name, ORDER BY its sort key DESC, LIMIT',
    operation: 'Query',
    run: (db) =>
      db.all`SELECT cardBin FROM bins WHERE issuer = 'Initech' ORDER BY card_bin DESC LIMIT 4`,
    expected: (d) =>
      d.bins
        .filter((r) => r.issuer_name === 'Initech')
        .sort(desc(by('card_bin')))
        .slice(0, 4)
        .map((r) => ({ cardBin: r.card_bin })),
    compare: 'exact',
  },
  {
    name: 'GSI with a filter of three predicates',
    operation: 'Query',
    run: (db) =>
      db.all`FROM bins WHERE issuer_name = 'ACME' AND country = 'US' AND level >= 2 AND attribute_exists(prepaid)`,
    expected: (d) =>
      d.bins
        .filter(
          (r) =>
            r.issuer_name === 'ACME' &&
            r.country === 'US' &&
            (r.level as number) >= 2 &&
            r.prepaid !== undefined,
        )
        .map(binFields),
    compare: 'set',
    orderBy: 'cardBin',
  },
  {
    name: 'BatchGetItem: IN list of full keys, results in list order, missing keys skipped',
    operation: 'BatchGetItem',
    requests: 1,
    run: (db) =>
      db.all`FROM bins WHERE card_bin IN (${someBins[0]}, ${someBins[1]}, ${someBins[2]}, ${someBins[3]}, ${someBins[4]}) AND card_bin_extended = ';'`,
    expected: (d) =>
      someBins
        .map((bin) => d.bins.find((r) => r.card_bin === bin && r.card_bin_extended === ';'))
        .filter((r): r is Row => r !== undefined)
        .map(binFields),
    compare: 'exact',
  },
  {
    name: 'BatchGetItem: 150 keys from an array hole, in two requests, in list order',
    operation: 'BatchGetItem',
    requests: 2,
    run: (db) =>
      db.all`SELECT cardBin, level FROM bins WHERE card_bin IN ${manyBins} AND card_bin_extended = ';'`,
    expected: (d) =>
      manyBins.map((bin) => {
        const row = d.bins.find((r) => r.card_bin === bin && r.card_bin_extended === ';')!
        return { cardBin: row.card_bin, level: row.level }
      }),
    compare: 'exact',
  },
  {
    name: 'IN list plus a filter: one Query per key, merged in list order',
    operation: 'Query',
    requests: 3,
    run: (db) =>
      db.all`FROM bins WHERE card_bin IN ('400070', ${MULTI}, '400140') AND brand = 'MASTERCARD'`,
    expected: (d) =>
      ['400070', MULTI, '400140'].flatMap((bin) =>
        d.bins
          .filter((r) => r.card_bin === bin && r.brand === 'MASTERCARD')
          .sort(by(...binKeys))
          .map(binFields),
      ),
    compare: 'exact',
  },
  {
    name: 'SELECT COUNT(*) on a GSI',
    operation: 'Query',
    run: (db) => db.count`SELECT COUNT(*) FROM bins WHERE issuer = 'ACME'`,
    expected: (d) => d.bins.filter((r) => r.issuer_name === 'ACME').length,
    compare: 'exact',
  },
  {
    name: 'db.count of a Query with a filter',
    operation: 'Query',
    run: (db) => db.count`FROM bins WHERE issuer = 'Globex' AND brand = 'VISA'`,
    expected: (d) => d.bins.filter((r) => r.issuer_name === 'Globex' && r.brand === 'VISA').length,
    compare: 'exact',
  },
  {
    name: 'SCAN with a filter',
    operation: 'Scan',
    run: (db) => db.all`SCAN FROM bins WHERE brand = 'MASTERCARD' AND level = 0`,
    expected: (d) => d.bins.filter((r) => r.brand === 'MASTERCARD' && r.level === 0).map(binFields),
    compare: 'set',
  },
  {
    name: 'LSI chosen for Id = x AND PostedBy = y',
    operation: 'Query',
    requests: 1,
    run: (db) => db.all`FROM posts WHERE Id = 'thread-2' AND PostedBy = 'user-3'`,
    expected: (d) => d.posts.filter((r) => r.Id === 'thread-2' && r.PostedBy === 'user-3'),
    compare: 'set',
  },
  {
    name: 'ORDER BY the sort key DESC with LIMIT',
    operation: 'Query',
    requests: 1,
    run: (db) => db.all`FROM posts WHERE Id = 'thread-1' ORDER BY ReplyDateTime DESC LIMIT 3`,
    expected: (d) =>
      d.posts
        .filter((r) => r.Id === 'thread-1')
        .sort(desc(by(...postKeys)))
        .slice(0, 3),
    compare: 'exact',
  },
  {
    name: 'BETWEEN on the sort key',
    operation: 'Query',
    requests: 1,
    run: (db) =>
      db.all`SELECT ReplyDateTime FROM posts WHERE Id = ${'thread-1'} AND ReplyDateTime BETWEEN ${'2026-01-05'} AND ${'2026-01-09T'}`,
    expected: (d) =>
      d.posts
        .filter(
          (r) =>
            r.Id === 'thread-1' &&
            (r.ReplyDateTime as string) >= '2026-01-05' &&
            (r.ReplyDateTime as string) <= '2026-01-09T',
        )
        .sort(by(...postKeys))
        .map(pick('ReplyDateTime')),
    compare: 'exact',
  },
  {
    name: 'begins_with on the sort key',
    operation: 'Query',
    requests: 1,
    run: (db) =>
      db.all`SELECT ReplyDateTime, Votes FROM posts WHERE Id = 'thread-4' AND begins_with(ReplyDateTime, '2026-01-1')`,
    expected: (d) =>
      d.posts
        .filter((r) => r.Id === 'thread-4' && (r.ReplyDateTime as string).startsWith('2026-01-1'))
        .sort(by(...postKeys))
        .map(pick('ReplyDateTime', 'Votes')),
    compare: 'exact',
  },
  {
    name: 'KEYS_ONLY GSI read for its projected attributes, in Seq order',
    operation: 'Query',
    requests: 1,
    run: (db) => db.all`SELECT Id, Seq FROM posts WHERE Author = 'author-1' AND Seq > 300`,
    expected: (d) =>
      d.posts
        .filter((r) => r.Author === 'author-1' && (r.Seq as number) > 300)
        .sort(by('Seq'))
        .map(pick('Id', 'Seq')),
    compare: 'exact',
  },
  {
    name: 'contains() in a filter',
    operation: 'Query',
    requests: 1,
    run: (db) => db.all`FROM posts WHERE Id = 'thread-0' AND contains(Message, 'world')`,
    expected: (d) =>
      d.posts
        .filter((r) => r.Id === 'thread-0' && (r.Message as string).includes('world'))
        .sort(by(...postKeys)),
    compare: 'exact',
  },
  {
    name: 'OR, NOT and parentheses in a filter',
    operation: 'Query',
    requests: 1,
    run: (db) =>
      db.all`FROM posts WHERE Id = 'thread-3' AND (Votes < 3 OR Votes > 14) AND NOT PostedBy = 'user-5'`,
    expected: (d) =>
      d.posts
        .filter(
          (r) =>
            r.Id === 'thread-3' &&
            ((r.Votes as number) < 3 || (r.Votes as number) > 14) &&
            r.PostedBy !== 'user-5',
        )
        .sort(by(...postKeys)),
    compare: 'exact',
  },
  {
    name: 'LIMIT 5 with a filter that keeps 1 item in 50 returns 5, paging past the rest',
    operation: 'Query',
    run: (db) =>
      db.all`SELECT ReplyDateTime, Votes FROM posts WHERE Id = ${BIG_THREAD} AND Votes = 7 LIMIT 5`,
    expected: (d) =>
      d.posts
        .filter((r) => r.Id === BIG_THREAD && r.Votes === 7)
        .sort(by(...postKeys))
        .slice(0, 5)
        .map(pick('ReplyDateTime', 'Votes')),
    compare: 'exact',
  },
  {
    name: 'IN on the partition key plus a filter, on a second table',
    operation: 'Query',
    requests: 2,
    run: (db) =>
      db.all`SELECT Id, ReplyDateTime FROM posts WHERE Id IN ('thread-0', 'thread-4') AND Votes = 3`,
    expected: (d) =>
      ['thread-0', 'thread-4'].flatMap((id) =>
        d.posts
          .filter((r) => r.Id === id && r.Votes === 3)
          .sort(by(...postKeys))
          .map(pick('Id', 'ReplyDateTime')),
      ),
    compare: 'exact',
  },
  {
    name: 'COUNT(*) over a partition that pages',
    operation: 'Query',
    run: (db) => db.count`FROM posts WHERE Id = ${BIG_THREAD}`,
    expected: (d) => d.posts.filter((r) => r.Id === BIG_THREAD).length,
    compare: 'exact',
  },
  {
    name: 'GetItem on a partition-key-only table',
    operation: 'GetItem',
    requests: 1,
    run: (db) => db.first`FROM users WHERE userId = ${'u007'}`,
    expected: (d) => d.users.find((r) => r.userId === 'u007'),
    compare: 'exact',
  },
  {
    name: 'reserved words as names: SELECT name, status, year',
    operation: 'GetItem',
    requests: 1,
    run: (db) => db.first`SELECT name, status, year, size FROM users WHERE userId = 'u010'`,
    expected: (d) =>
      pick('name', 'status', 'year', 'size')(d.users.find((r) => r.userId === 'u010')!),
    compare: 'exact',
  },
  {
    name: 'BatchGetItem on a partition-key-only table, duplicates read once',
    operation: 'BatchGetItem',
    requests: 1,
    run: (db) => db.all`FROM users WHERE userId IN ('u050', 'u001', 'u050', 'u003')`,
    expected: (d) => ['u050', 'u001', 'u003'].map((id) => d.users.find((r) => r.userId === id)),
    compare: 'exact',
  },
  {
    name: 'SCAN with BETWEEN on numbers',
    operation: 'Scan',
    run: (db) => db.all`SCAN FROM users WHERE status = 'active' AND year BETWEEN 2010 AND 2015`,
    expected: (d) =>
      d.users.filter(
        (r) => r.status === 'active' && (r.year as number) >= 2010 && (r.year as number) <= 2015,
      ),
    compare: 'set',
  },
  {
    name: 'SCAN on nested paths and list indexes',
    operation: 'Scan',
    run: (db) =>
      db.all`SCAN userId, meta.address.city, scores[0] FROM users WHERE meta.address.city = 'Oslo' AND scores[0] >= 5`,
    expected: (d) =>
      d.users
        .filter(
          (r) =>
            (r.meta as { address: { city: string } }).address.city === 'Oslo' &&
            (r.scores as number[])[0]! >= 5,
        )
        .map((r) => ({
          userId: r.userId,
          meta: { address: { city: (r.meta as { address: { city: string } }).address.city } },
          scores: [(r.scores as number[])[0]],
        })),
    compare: 'set',
  },
  {
    name: 'SCAN with contains() on a set and attribute_exists',
    operation: 'Scan',
    run: (db) => db.all`SCAN FROM users WHERE contains(tags, 'red') AND attribute_exists(nickname)`,
    expected: (d) =>
      d.users.filter((r) => (r.tags as Set<string>).has('red') && r.nickname !== undefined),
    compare: 'set',
  },
  {
    name: 'SCAN with size(), attribute_type() and `size` as a name',
    operation: 'Scan',
    run: (db) =>
      db.all`SCAN userId FROM users WHERE size(tags) = 2 AND attribute_type(meta, 'M') AND size = 3`,
    expected: (d) =>
      d.users.filter((r) => (r.tags as Set<string>).size === 2 && r.size === 3).map(pick('userId')),
    compare: 'set',
  },
  {
    name: 'SCAN COUNT(*) with a filter',
    operation: 'Scan',
    run: (db) => db.count`SCAN FROM users WHERE status <> 'active'`,
    expected: (d) => d.users.filter((r) => r.status !== 'active').length,
    compare: 'exact',
  },
  {
    name: 'IN list and attribute_not_exists: one Query per key on a partition-key-only table',
    operation: 'Query',
    requests: 3,
    run: (db) =>
      db.all`SELECT userId FROM users WHERE userId IN ('u005', 'u006', 'u010') AND attribute_not_exists(nickname)`,
    expected: (d) =>
      ['u005', 'u006', 'u010']
        .map((id) => d.users.find((r) => r.userId === id)!)
        .filter((r) => r.nickname === undefined)
        .map(pick('userId')),
    compare: 'exact',
  },
  {
    name: 'prepare(text) with named parameters',
    operation: 'Query',
    requests: 1,
    run: (db) =>
      db
        .prepare('SELECT ReplyDateTime FROM posts WHERE Id = :id AND Votes IN :votes')
        .all({ id: 'thread-5', votes: [1, 2, 3] }),
    expected: (d) =>
      d.posts
        .filter((r) => r.Id === 'thread-5' && [1, 2, 3].includes(r.Votes as number))
        .sort(by(...postKeys))
        .map(pick('ReplyDateTime')),
    compare: 'exact',
  },
  {
    name: 'a dql`…` statement passed to db.all',
    operation: 'Query',
    requests: 1,
    run: (db) => db.all(dql`SELECT Seq FROM posts WHERE Id = ${'thread-2'} AND Seq >= ${210}`),
    expected: (d) =>
      d.posts
        .filter((r) => r.Id === 'thread-2' && (r.Seq as number) >= 210)
        .sort(by(...postKeys))
        .map(pick('Seq')),
    compare: 'exact',
  },
]
