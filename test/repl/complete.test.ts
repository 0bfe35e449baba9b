import { describe, expect, test } from 'vitest'
import { complete, SeenNames } from '../../src/repl/complete.js'
import { demoBins, demoOrders } from '../../src/repl/demo.js'
import { defineTable } from '../../src/schema/define-table.js'

const demoTables = [demoBins, demoOrders]
const demo = { tables: demoTables }
const BINS = [
  'cardBin',
  'cardBinExtended',
  'card_bin',
  'card_bin_extended',
  'issuer',
  'issuer_name',
]
const ORDERS = ['customerId', 'orderDate', 'orderId', 'status']
/** Candidates come in code-unit order: capitals, then back-quoted names, then the rest. */
const sorted = (...names: string[]) => names.sort()
const CONDITIONS = [
  'attribute_exists(',
  'attribute_not_exists(',
  'attribute_type(',
  'begins_with(',
  'contains(',
]

/** A table as the shell makes one from DescribeTable: DynamoDB's name, which needs back-quotes. */
const appUsers = defineTable({ name: 'app-users', partitionKey: 'user id', sortKey: 'order' })

describe('by position in the statement', () => {
  test('a statement begins with one of its first keywords', () => {
    expect(complete('', demo)).toEqual([['EXPLAIN', 'FROM', 'SCAN', 'SELECT'], ''])
    expect(complete('EXPLAIN ', demo)).toEqual([['FROM', 'SCAN', 'SELECT'], ''])
    expect(complete('fr', demo)).toEqual([['FROM'], 'fr'])
  })

  test('after FROM: table names, and DynamoDB names back-quoted', () => {
    expect(complete('FROM ', demo)).toEqual([
      ['`bin-lookup`', '`demo-orders`', 'bins', 'orders'],
      '',
    ])
    expect(complete('SELECT * FROM b', demo)).toEqual([['`bin-lookup`', 'bins'], 'b'])
    expect(complete('FROM app', { tables: [appUsers] })).toEqual([['`app-users`'], 'app'])
    expect(complete('FROM `app', { tables: [appUsers] })).toEqual([['`app-users`'], '`app'])
    expect(complete('SCAN COUNT(*) FROM ', demo)).toEqual([
      ['`bin-lookup`', '`demo-orders`', 'bins', 'orders'],
      '',
    ])
  })

  test('after the table: the clauses that may follow, and no other keyword', () => {
    expect(complete('FROM bins ', demo)).toEqual([
      ['CONSISTENT', 'LIMIT', 'ORDER', 'USE', 'WHERE'],
      '',
    ])
    expect(complete('FROM bins b', demo)).toEqual([[], 'b'])
    expect(complete('SCAN FROM bins ', demo)).toEqual([
      ['CONSISTENT', 'LIMIT', 'SEGMENTS', 'USE', 'WHERE'],
      '',
    ])
    expect(complete('FROM orders ORDER ', demo)).toEqual([['BY'], ''])
    expect(complete("FROM bins WHERE card_bin = '1' ", demo)).toEqual([
      ['AND', 'CONSISTENT', 'LIMIT', 'OR', 'ORDER'],
      '',
    ])
    expect(complete("from bins where card_bin = '1' o", demo)).toEqual([['OR', 'ORDER'], 'o'])
    expect(complete('FROM bins WHERE card_bin BETWEEN 1 ', demo)).toEqual([['AND'], ''])
  })

  test('where a condition starts: paths, the functions, NOT and the literal keywords', () => {
    expect(complete('FROM bins WHERE ', demo)).toEqual([
      sorted('FALSE', 'NOT', 'NULL', 'TRUE', ...CONDITIONS, ...BINS, 'size('),
      '',
    ])
    expect(complete("FROM bins WHERE card_bin = '1' AND (i", demo)).toEqual([
      ['issuer', 'issuer_name'],
      'i',
    ])
  })

  test('after a comparison: paths, literal keywords and size( only', () => {
    expect(complete('FROM bins WHERE card_bin = ', demo)).toEqual([
      sorted('FALSE', 'NULL', 'TRUE', ...BINS, 'size('),
      '',
    ])
  })

  test("a function's first argument is a path", () => {
    expect(complete("FROM bins WHERE card_bin = '1' AND begins_with(", demo)).toEqual([BINS, ''])
    expect(complete("FROM bins WHERE card_bin = '1' AND begins_with(iss", demo)).toEqual([
      ['issuer', 'issuer_name'],
      'iss',
    ])
  })

  test('the table and index attributes of the table named, in SELECT, WHERE and ORDER BY', () => {
    expect(complete('SELECT orderId, ', { tables: [demoOrders] })).toEqual([ORDERS, ''])
    expect(complete('FROM orders ORDER BY ', demo)).toEqual([ORDERS, ''])
    expect(complete('SELECT COUNT(*) FROM orders WHERE customerId = :c AND st', demo)).toEqual([
      ['status'],
      'st',
    ])
    // Names of another table are not offered.
    expect(complete('FROM orders WHERE card', demo)).toEqual([[], 'card'])
  })

  test('before FROM, the names of every table, and COUNT(*) first in the list', () => {
    expect(complete('SELECT ', demo)).toEqual([sorted('COUNT(*)', ...BINS, ...ORDERS), ''])
    expect(complete('SELECT c', demo)).toEqual([
      ['COUNT(*)', 'cardBin', 'cardBinExtended', 'card_bin', 'card_bin_extended', 'customerId'],
      'c',
    ])
  })

  test('SEGMENTS, a keyword only as the last clause of a SCAN', () => {
    expect(complete('SCAN FROM bins LIMIT 5 ', demo)).toEqual([['CONSISTENT', 'SEGMENTS'], ''])
    expect(complete('SCAN FROM bins LIMIT 5 seg', demo)).toEqual([['SEGMENTS'], 'seg'])
    expect(complete('FROM bins LIMIT 5 ', demo)).toEqual([['CONSISTENT'], ''])
  })

  test('index names after USE INDEX (', () => {
    expect(complete('FROM orders USE INDEX (', demo)).toEqual([['byDate', 'byStatus'], ''])
    expect(complete('FROM orders USE INDEX (byS', demo)).toEqual([['byStatus'], 'byS'])
  })

  test('names that are keywords or not plain words are back-quoted, except after a dot', () => {
    expect(complete('FROM `app-users` WHERE ', { tables: [appUsers] })).toEqual([
      sorted('FALSE', 'NOT', 'NULL', 'TRUE', '`order`', '`user id`', ...CONDITIONS, 'size('),
      '',
    ])
    expect(complete('FROM `app-users` WHERE `us', { tables: [appUsers] })).toEqual([
      ['`user id`'],
      '`us',
    ])
    expect(complete('FROM `app-users` WHERE or', { tables: [appUsers] })).toEqual([
      ['`order`'],
      'or',
    ])
  })

  test('only the statement after the last ; counts', () => {
    expect(complete('FROM bins; ', demo)).toEqual([['EXPLAIN', 'FROM', 'SCAN', 'SELECT'], ''])
    expect(complete('FROM bins;\nFROM orders WHERE s', demo)).toEqual([['size(', 'status'], 's'])
  })

  test('nothing inside a string, a comment or a number', () => {
    expect(complete("FROM bins WHERE card_bin = 'ab", demo)).toEqual([[], ''])
    expect(complete('FROM bins -- the b', demo)).toEqual([[], ''])
    expect(complete('FROM bins LIMIT 5', demo)).toEqual([[], ''])
  })
})

describe('attributes seen in results', () => {
  test('top-level names join the table attributes; nested map keys follow their path and a dot', () => {
    const seen = new SeenNames()
    seen.record('orders', [
      { customerId: 'c-1', orderId: 'o-1', total: '12.5', meta: { tags: ['a'], order: 1 } },
      { customerId: 'c-1', orderId: 'o-2', lines: [{ sku: 'x', 'unit price': 3 }] },
    ])
    const context = { tables: demoTables, seen }
    expect(complete('FROM orders WHERE customerId = :c AND ', context)).toEqual([
      sorted(
        'FALSE',
        'NOT',
        'NULL',
        'TRUE',
        ...CONDITIONS,
        ...ORDERS,
        'lines',
        'meta',
        'size(',
        'total',
      ),
      '',
    ])
    expect(complete('FROM orders WHERE customerId = :c AND meta.', context)).toEqual([
      ['order', 'tags'],
      '',
    ])
    expect(complete('SELECT lines[0].', context)).toEqual([['`unit price`', 'sku'], ''])
    expect(complete('SELECT meta.t', context)).toEqual([['tags'], 't'])
    // Another table saw none of them.
    expect(complete('FROM bins WHERE to', context)).toEqual([[], 'to'])
  })
})

describe('dot-commands', () => {
  test('their names, and table names after .describe', () => {
    expect(complete('.d', demo)).toEqual([['.describe '], '.d'])
    expect(complete('.describe b', demo)).toEqual([['bin-lookup', 'bins'], 'b'])
  })
})
