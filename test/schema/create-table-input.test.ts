import { describe, expect, test } from 'vitest'
import { createTableInput } from '../../src/schema/create-table-input.js'
import { defineTable } from '../../src/schema/define-table.js'
import { failure } from '../parse/helpers.js'

const posts = defineTable({
  name: 'posts',
  tableName: 'forum-posts',
  partitionKey: 'id',
  sortKey: 'replyAt',
  fields: { id: 'Id', replyAt: 'ReplyDateTime', author: 'Author' },
  indexes: {
    byPoster: { type: 'local', sortKey: 'PostedBy', projection: 'KEYS_ONLY' },
    byAuthor: {
      type: 'global',
      partitionKey: 'author',
      sortKey: 'Seq',
      projection: ['Subject', 'views'],
    },
    bySeq: { type: 'global', partitionKey: 'Seq', indexName: 'seq-index' },
  },
})

describe('createTableInput', () => {
  test('the whole CreateTable input, types given by field or attribute name', () => {
    expect(
      createTableInput(posts, {
        id: 'S',
        ReplyDateTime: 'S',
        PostedBy: 'S',
        author: 'S',
        Seq: 'N',
      }),
    ).toEqual({
      TableName: 'forum-posts',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'Id', KeyType: 'HASH' },
        { AttributeName: 'ReplyDateTime', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'Id', AttributeType: 'S' },
        { AttributeName: 'ReplyDateTime', AttributeType: 'S' },
        { AttributeName: 'Author', AttributeType: 'S' },
        { AttributeName: 'Seq', AttributeType: 'N' },
        { AttributeName: 'PostedBy', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byAuthor',
          KeySchema: [
            { AttributeName: 'Author', KeyType: 'HASH' },
            { AttributeName: 'Seq', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['Subject', 'views'] },
        },
        {
          IndexName: 'seq-index',
          KeySchema: [{ AttributeName: 'Seq', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'byPoster',
          KeySchema: [
            { AttributeName: 'Id', KeyType: 'HASH' },
            { AttributeName: 'PostedBy', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    })
  })

  test('a key attribute without a type, or a type that is not S, N or B, is schema.invalid', () => {
    const missing = failure(() => createTableInput(posts, { id: 'S', replyAt: 'S' }))
    expect(missing.code).toBe('schema.invalid')
    expect(missing.error.message).toBe(
      "Table posts: give the type of the key attribute Author ('S', 'N' or 'B').",
    )
    const wrong = failure(() =>
      createTableInput(posts, {
        id: 'BOOL' as 'S',
        replyAt: 'S',
        author: 'S',
        Seq: 'N',
        PostedBy: 'S',
      }),
    )
    expect(wrong.error.message).toBe("The type of id is 'S', 'N' or 'B', not \"BOOL\".")
  })
})
