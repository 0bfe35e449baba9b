import { describe, expect, test } from 'vitest'
import { mapItem } from '../../src/execute/map-item.js'
import { defineTable } from '../../src/schema/define-table.js'
import { failure } from '../parse/helpers.js'

const table = defineTable({ name: 'things', partitionKey: 'id', fields: { stats: 'raw_stats' } })
const message = (text: string, path: string) =>
  `The number ${text} in ${path} does not fit a JavaScript number exactly; ` +
  "create the client with createDql({ numbers: 'bigint' }) or { numbers: 'string' } to read it without loss."

describe('a number that would lose precision names where it is', () => {
  test('at the top level, by attribute name', () => {
    const { code, error } = failure(() =>
      mapItem({ id: { S: 'a' }, raw_stats: { N: '12345678901234567890' } }, table, 'number'),
    )
    expect({ code, message: error.message }).toEqual({
      code: 'result.unsafe-number',
      message: message('12345678901234567890', 'raw_stats'),
    })
  })

  test('inside maps and lists, with the whole path', () => {
    const item = {
      id: { S: 'a' },
      raw_stats: {
        M: {
          ok: { N: '1' },
          deep: { L: [{ N: '2' }, { M: { n: { N: '0.1234567890123456789' } } }] },
        },
      },
    }
    const { error } = failure(() => mapItem(item, table, 'bigint'))
    expect(error.message).toBe(message('0.1234567890123456789', 'raw_stats.deep[1].n'))
  })

  test('nested values map as before when every number fits', () => {
    const item = {
      id: { S: 'a' },
      raw_stats: { M: { deep: { L: [{ N: '2' }, { M: { n: { N: '12345678901234567890' } } }] } } },
    }
    expect(mapItem(item, table, 'bigint')).toEqual({
      id: 'a',
      stats: { deep: [2, { n: 12345678901234567890n }] },
    })
  })
})
