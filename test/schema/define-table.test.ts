import { describe, expect, test } from 'vitest'
import {
  defineTable,
  isTableDefinition,
  type TableDefinition,
  type TableOptions,
} from '../../src/schema/define-table.js'
import { failure } from '../parse/helpers.js'

describe('a consistent definition is checked once and frozen', () => {
  test('the bins table of the README', () => {
    const bins = defineTable({
      name: 'bins',
      tableName: 'bin-lookup',
      partitionKey: 'card_bin',
      sortKey: 'card_bin_extended',
      fields: { cardBin: 'card_bin', cardBinExtended: 'card_bin_extended', issuer: 'issuer_name' },
      indexes: {
        byIssuer: {
          type: 'global',
          partitionKey: 'issuer_name',
          sortKey: 'card_bin',
          projection: 'ALL',
        },
      },
    })
    expect(bins).toEqual({
      kind: 'table',
      name: 'bins',
      tableName: 'bin-lookup',
      partitionKey: 'card_bin',
      sortKey: 'card_bin_extended',
      fields: new Map([
        ['cardBin', 'card_bin'],
        ['cardBinExtended', 'card_bin_extended'],
        ['issuer', 'issuer_name'],
      ]),
      fieldOf: new Map([
        ['card_bin', 'cardBin'],
        ['card_bin_extended', 'cardBinExtended'],
        ['issuer_name', 'issuer'],
      ]),
      indexes: [
        {
          name: 'byIssuer',
          indexName: 'byIssuer',
          type: 'global',
          partitionKey: 'issuer_name',
          sortKey: 'card_bin',
          projection: 'ALL',
          projected: null,
          sparse: true,
        },
      ],
    } satisfies TableDefinition)
    expect(Object.isFrozen(bins)).toBe(true)
    expect(Object.isFrozen(bins.indexes)).toBe(true)
    expect(Object.isFrozen(bins.indexes[0])).toBe(true)
    expect(isTableDefinition(bins)).toBe(true)
  })

  test('keys, index keys and INCLUDE lists given by field name resolve to attributes', () => {
    const orders = defineTable({
      name: 'orders',
      partitionKey: 'customer',
      sortKey: 'order',
      fields: { customer: 'customer_id', order: 'order_id', state: 'status', placed: 'placed_at' },
      indexes: {
        byState: {
          type: 'global',
          partitionKey: 'state',
          sortKey: 'placed',
          projection: ['total', 'placed'],
          indexName: 'status-placed_at',
        },
        byPlaced: { type: 'local', sortKey: 'placed', projection: 'KEYS_ONLY' },
      },
    })
    expect(orders).toEqual({
      kind: 'table',
      name: 'orders',
      tableName: 'orders',
      partitionKey: 'customer_id',
      sortKey: 'order_id',
      fields: new Map([
        ['customer', 'customer_id'],
        ['order', 'order_id'],
        ['state', 'status'],
        ['placed', 'placed_at'],
      ]),
      fieldOf: new Map([
        ['customer_id', 'customer'],
        ['order_id', 'order'],
        ['status', 'state'],
        ['placed_at', 'placed'],
      ]),
      indexes: [
        {
          name: 'byState',
          indexName: 'status-placed_at',
          type: 'global',
          partitionKey: 'status',
          sortKey: 'placed_at',
          projection: ['total', 'placed'],
          projected: new Set(['customer_id', 'order_id', 'status', 'placed_at', 'total']),
          sparse: true,
        },
        {
          name: 'byPlaced',
          indexName: 'byPlaced',
          type: 'local',
          partitionKey: 'customer_id',
          sortKey: 'placed_at',
          projection: 'KEYS_ONLY',
          projected: new Set(['customer_id', 'order_id', 'placed_at']),
          sparse: true,
        },
      ],
    } satisfies TableDefinition)
  })

  test('a field may name an attribute of the same name', () => {
    const table = defineTable({ name: 'things', partitionKey: 'id', fields: { id: 'id' } })
    expect(table.fields).toEqual(new Map([['id', 'id']]))
    expect(table.partitionKey).toBe('id')
  })

  test('an object that only looks like a definition is not one', () => {
    expect(isTableDefinition({ kind: 'table', name: 'bins', fields: {} })).toBe(false)
    expect(isTableDefinition(null)).toBe(false)
  })
})

describe('an inconsistent definition is schema.invalid at once', () => {
  const base = { name: 'bins', partitionKey: 'card_bin', sortKey: 'card_bin_extended' } as const

  test.each<[string, unknown, string]>([
    [
      "a field name that is another field's attribute name",
      { ...base, fields: { cardBin: 'card_bin', card_bin: 'bin_alias' } },
      'Table bins: field card_bin (attribute bin_alias) has the same name as the attribute of ' +
        'field cardBin, so `card_bin` in a statement would be ambiguous; rename one of them.',
    ],
    [
      'two fields on one attribute',
      { ...base, fields: { cardBin: 'card_bin', bin: 'card_bin' } },
      'Table bins: fields cardBin and bin both name the attribute card_bin; one attribute can ' +
        'have only one field name.',
    ],
    [
      'a field mapped to no attribute name',
      { ...base, fields: { cardBin: '' } },
      'Table bins: field cardBin must map to an attribute name (a string).',
    ],
    [
      'no partition key',
      { name: 'bins', sortKey: 'card_bin_extended' },
      'Table bins: the partition key (partitionKey) is missing; give its attribute name.',
    ],
    [
      'an empty partition key',
      { ...base, partitionKey: '' },
      'Table bins: the partition key (partitionKey) is missing; give its attribute name.',
    ],
    [
      'a sort key that is the partition key, once fields resolve',
      { ...base, sortKey: 'cardBin', fields: { cardBin: 'card_bin' } },
      'Table bins: the sort key cannot be the partition key (card_bin).',
    ],
    [
      'a local index on a table with no sort key',
      {
        name: 'users',
        partitionKey: 'user_id',
        indexes: { byEmail: { type: 'local', sortKey: 'email' } },
      },
      'Table users, index byEmail: a local index needs a table with a sort key.',
    ],
    [
      'a local index with another partition key',
      {
        ...base,
        indexes: { byIssuer: { type: 'local', partitionKey: 'issuer_name', sortKey: 'brand' } },
      },
      "Table bins, index byIssuer: a local index shares the table's partition key (card_bin), " +
        'not issuer_name; use a global index for another partition key.',
    ],
    [
      'a local index with no sort key',
      { ...base, indexes: { byIssuer: { type: 'local' } } },
      'Table bins: the sort key of local index byIssuer is missing; give its attribute name.',
    ],
    [
      'a global index with no partition key',
      { ...base, indexes: { byIssuer: { type: 'global', sortKey: 'issuer_name' } } },
      'Table bins: the partition key of global index byIssuer is missing; give its attribute name.',
    ],
    [
      'an index of no known type',
      { ...base, indexes: { byIssuer: { type: 'GSI', partitionKey: 'issuer_name' } } },
      "Table bins, index byIssuer: type must be 'global' or 'local', not \"GSI\".",
    ],
    [
      'two indexes with one DynamoDB name',
      {
        ...base,
        indexes: {
          byIssuer: { type: 'global', partitionKey: 'issuer_name', indexName: 'issuer-index' },
          byBrand: { type: 'global', partitionKey: 'brand', indexName: 'issuer-index' },
        },
      },
      'Table bins, index byBrand: indexes byIssuer and byBrand are both named issuer-index.',
    ],
    [
      "an index whose DynamoDB name is another index's name",
      {
        ...base,
        indexes: {
          byIssuer: { type: 'global', partitionKey: 'issuer_name' },
          byBrand: { type: 'global', partitionKey: 'brand', indexName: 'byIssuer' },
        },
      },
      'Table bins, index byBrand: indexes byIssuer and byBrand are both named byIssuer.',
    ],
    [
      "an index named like another index's DynamoDB name (USE INDEX would be ambiguous)",
      {
        ...base,
        indexes: {
          byIssuer: { type: 'global', partitionKey: 'issuer_name', indexName: 'byBrand' },
          byBrand: { type: 'global', partitionKey: 'brand', indexName: 'brand-index' },
        },
      },
      'Table bins, index byBrand: indexes byIssuer and byBrand are both named byBrand.',
    ],
    [
      'the same index twice under two names',
      {
        ...base,
        indexes: {
          byIssuer: { type: 'global', partitionKey: 'issuer_name' },
          issuerIndex: { type: 'global', partitionKey: 'issuer_name', projection: 'ALL' },
        },
      },
      'Table bins, index issuerIndex: it duplicates index byIssuer (same type, keys and projection).',
    ],
    [
      'a tableName shorter than 3 characters',
      { ...base, tableName: 'bn' },
      'Table bins: tableName "bn" is not a DynamoDB table name (3 to 255 of the characters a-z A-Z 0-9 _ . -).',
    ],
    [
      'a tableName with a space',
      { ...base, tableName: 'bin lookup' },
      'Table bins: tableName "bin lookup" is not a DynamoDB table name (3 to 255 of the characters a-z A-Z 0-9 _ . -).',
    ],
    [
      'an empty statement name',
      { ...base, name: '' },
      'The table\'s name must be a non-empty string (the name statements use after FROM), not "".',
    ],
    [
      'an index name shorter than 3 characters',
      { ...base, indexes: { ix: { type: 'global', partitionKey: 'issuer_name' } } },
      'Table bins, index ix: "ix" is not a DynamoDB index name (3 to 255 of the characters ' +
        'a-z A-Z 0-9 _ . -); set indexName.',
    ],
    [
      'a projection that is none of ALL, KEYS_ONLY or a list',
      {
        ...base,
        indexes: { byIssuer: { type: 'global', partitionKey: 'issuer_name', projection: 'SOME' } },
      },
      "Table bins, index byIssuer: projection is 'ALL', 'KEYS_ONLY' or a non-empty list of attribute names.",
    ],
    [
      'an empty INCLUDE list',
      {
        ...base,
        indexes: { byIssuer: { type: 'global', partitionKey: 'issuer_name', projection: [] } },
      },
      "Table bins, index byIssuer: projection is 'ALL', 'KEYS_ONLY' or a non-empty list of attribute names.",
    ],
    [
      'an INCLUDE list holding a non-name',
      {
        ...base,
        indexes: {
          byIssuer: { type: 'global', partitionKey: 'issuer_name', projection: ['brand', 42] },
        },
      },
      'Table bins, index byIssuer: the projection list holds attribute names (strings).',
    ],
    [
      'more than 5 local indexes',
      {
        ...base,
        indexes: Object.fromEntries(
          Array.from({ length: 6 }, (_, i) => [`local${i}`, { type: 'local', sortKey: `s${i}` }]),
        ),
      },
      'Table bins: DynamoDB allows at most 20 global and 5 local indexes.',
    ],
    [
      'not an object',
      'bins',
      'defineTable takes an object such as { name, partitionKey, sortKey, fields }.',
    ],
  ])('%s', (_, options, reason) => {
    const { code, line, column, error } = failure(() =>
      defineTable(options as TableOptions<Record<string, unknown>>),
    )
    expect({ code, line, column, reason: error.reason }).toEqual({
      code: 'schema.invalid',
      line: undefined,
      column: undefined,
      reason,
    })
  })
})

describe('the curried form, defineTable<Item>()({ … })', () => {
  interface BinRecord {
    cardBin: string
    cardBinExtended: string
    issuer: string
  }
  const options = {
    name: 'bins',
    tableName: 'bin-lookup',
    partitionKey: 'cardBin',
    sortKey: 'card_bin_extended',
    fields: { cardBin: 'card_bin', cardBinExtended: 'card_bin_extended', issuer: 'issuer_name' },
    indexes: { byIssuer: { type: 'global', partitionKey: 'issuer', sortKey: 'card_bin' } },
  } as const

  test('makes the same checked, frozen definition as the one-call form', () => {
    const curried = defineTable<BinRecord>()(options)
    expect(curried).toEqual(defineTable<BinRecord>(options))
    expect(isTableDefinition(curried)).toBe(true)
    expect(Object.isFrozen(curried)).toBe(true)
    expect([curried.name, curried.partitionKey, curried.sortKey]).toEqual([
      'bins',
      'card_bin',
      'card_bin_extended',
    ])
  })

  test('checks the definition when it is given, as the one-call form does', () => {
    const define = defineTable<BinRecord>()
    const { code, error } = failure(() => define({ ...options, sortKey: 'card_bin' }))
    expect({ code, reason: error.reason }).toEqual({
      code: 'schema.invalid',
      reason: 'Table bins: the sort key cannot be the partition key (card_bin).',
    })
  })
})
