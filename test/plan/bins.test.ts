import { describe, expect, test } from 'vitest'
import type { Explanation } from '../../src/compile/explain.js'
import { dql } from '../../src/parse/bound-statement.js'
import { bins, checked, db, explain, explainText } from './fixtures.js'

/**
 * The lookup an ORM turned into a Query because it did not recognise `card_bin` (an attribute
 * name) as the key: whichever names are used and in whichever order, it is one GetItem.
 */
describe('the full key of bins is one GetItem, by any names, in any order', () => {
  const x = '411111'
  const getItem: Explanation = {
    operation: 'GetItem',
    tableName: 'bin-lookup',
    input: { TableName: 'bin-lookup', Key: { card_bin: { S: x }, card_bin_extended: { S: ';' } } },
    requests: 1,
    reason:
      'The WHERE clause gives the full primary key of bins (card_bin, card_bin_extended) and ' +
      'nothing else, so one GetItem reads the item.',
  }

  test('attribute names', () => {
    expect(explain`FROM bins WHERE card_bin = ${x} AND card_bin_extended = ${';'}`).toEqual(getItem)
  })

  test('field names', () => {
    expect(explain`FROM bins WHERE cardBin = ${x} AND cardBinExtended = ${';'}`).toEqual(getItem)
  })

  test('the two conditions swapped', () => {
    expect(explain`FROM bins WHERE card_bin_extended = ${';'} AND card_bin = ${x}`).toEqual(getItem)
    expect(explain`FROM bins WHERE cardBinExtended = ${';'} AND cardBin = ${x}`).toEqual(getItem)
  })

  test('one field name and one attribute name, values on the left, a literal', () => {
    expect(explain`FROM bins WHERE cardBin = ${x} AND card_bin_extended = ';'`).toEqual(getItem)
    expect(explain`FROM bins WHERE ${';'} = cardBinExtended AND ${x} = card_bin`).toEqual(getItem)
  })

  test('FROM ${table}, the physical name, EXPLAIN and a dql`…` statement', () => {
    expect(explain`FROM ${bins} WHERE card_bin = ${x} AND card_bin_extended = ${';'}`).toEqual(
      getItem,
    )
    expect(
      explain`FROM \`bin-lookup\` WHERE card_bin = ${x} AND card_bin_extended = ${';'}`,
    ).toEqual(getItem)
    expect(explain`EXPLAIN FROM bins WHERE card_bin = ${x} AND card_bin_extended = ${';'}`).toEqual(
      getItem,
    )
    const statement = dql`FROM bins WHERE cardBin = ${x} AND cardBinExtended = ${';'}`
    expect(checked(db.explain(statement))).toEqual(getItem)
  })

  test('a text statement with named parameters', () => {
    expect(explainText("FROM bins WHERE card_bin = :x AND card_bin_extended = ';'", { x })).toEqual(
      getItem,
    )
    expect(
      explainText('FROM bins WHERE cardBinExtended = :ext AND cardBin = :x', { x, ext: ';' }),
    ).toEqual(getItem)
  })
})
