import { expect, test } from 'vitest'
import { main } from '../examples/bin-lookup.js'

test('the bin lookup example finds the BIN by attribute and by field names, each with one GetItem', async () => {
  const report = await main()
  const row = {
    cardBin: '411111',
    cardBinExtended: ';',
    issuer: 'ACME Bank',
    country: 'US',
    brand: 'VISA',
  }
  expect(report).toEqual({
    byAttributes: row,
    byFields: row,
    sent: ['GetItem', 'GetItem'],
    plan: 'The WHERE clause gives the full primary key of bins (card_bin, card_bin_extended) and nothing else, so one GetItem reads the item.',
  })
})
