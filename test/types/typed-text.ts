/**
 * Typed text statements: `db.prepare('literal')` typed from the literal, checked by the
 * compiler only (`tsc --noEmit` in `npm test`). Nothing here runs: each line is a claim about a
 * type, an `expectTypeOf` or a `@ts-expect-error` that fails the build when the claim is false.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { expectTypeOf } from 'vitest'
import {
  createDql,
  defineTable,
  type Dql,
  type ExecuteResult,
  type Explanation,
  type PreparedStatement,
  type ResultPage,
  type TableDefinition,
} from '../../src/index.js'

interface BinRecord {
  cardBin: string
  cardBinExtended: string
  issuer: string
  country: string
  level?: string
  address?: { city: string; zip: string }
}

interface Post {
  Id: string
  ReplyDateTime: string
  Author: string
  Seq: number
  Message?: string
}

const bins = defineTable<BinRecord>()({
  name: 'bins',
  tableName: 'bin-lookup',
  partitionKey: 'card_bin',
  sortKey: 'card_bin_extended',
  fields: { cardBin: 'card_bin', cardBinExtended: 'card_bin_extended', issuer: 'issuer_name' },
  indexes: { byIssuer: { type: 'global', partitionKey: 'issuer_name', sortKey: 'card_bin' } },
})

const posts = defineTable<Post>()({
  name: 'posts',
  tableName: 'forum-posts',
  partitionKey: 'Id',
  sortKey: 'ReplyDateTime',
  indexes: {
    byAuthor: { type: 'global', partitionKey: 'Author', sortKey: 'Seq', projection: 'KEYS_ONLY' },
  },
})

/** The one-call form: typed by `FROM ${table}` only, its name a plain string. */
const loose = defineTable<BinRecord>({ name: 'loose', partitionKey: 'cardBin' })

type Row = Record<string, unknown>

export async function typedTextStatements(): Promise<void> {
  const db = createDql({ client: new DynamoDBClient({}), tables: [bins, posts] })
  const mixed = createDql({ client: new DynamoDBClient({}), tables: [posts, loose] })

  // The curried form keeps the literal name, keys and fields; the one-call form does not.
  expectTypeOf(bins.name).toEqualTypeOf<'bins'>()
  expectTypeOf(bins.tableName).toEqualTypeOf<'bin-lookup'>()
  expectTypeOf(bins.partitionKey).toEqualTypeOf<'card_bin'>()
  expectTypeOf(bins.sortKey).toEqualTypeOf<'card_bin_extended'>()
  expectTypeOf(posts.tableName).toEqualTypeOf<'forum-posts'>()
  expectTypeOf(loose.name).toEqualTypeOf<string>()
  expectTypeOf(bins).toMatchTypeOf<TableDefinition<BinRecord>>()
  expectTypeOf(
    defineTable<Post>()({ name: 'p2', partitionKey: 'Id' }).sortKey,
  ).toEqualTypeOf<undefined>()
  // A key given by its field name is the attribute in the definition.
  expectTypeOf(
    defineTable<BinRecord>()({ name: 'b2', partitionKey: 'cardBin', fields: { cardBin: 'bin' } })
      .partitionKey,
  ).toEqualTypeOf<'bin'>()
  // Field names are checked against the item type, in both forms.
  defineTable<BinRecord>()({
    name: 'b3',
    partitionKey: 'card_bin',
    // @ts-expect-error: `cardbin` is no field of BinRecord
    fields: { cardbin: 'card_bin' },
  })
  // @ts-expect-error: `cardbin` is no field of BinRecord
  defineTable<BinRecord>({ name: 'b4', partitionKey: 'card_bin', fields: { cardbin: 'card_bin' } })

  // A SELECT list: Pick of the item type, by field name, whichever name the text uses.
  const byBin = db.prepare('SELECT issuer, country FROM bins WHERE card_bin = :bin')
  expectTypeOf(await byBin.first({ bin: '411111' })).toEqualTypeOf<
    Pick<BinRecord, 'issuer' | 'country'> | undefined
  >()
  expectTypeOf(await byBin.all({ bin: '411111' })).toEqualTypeOf<
    Pick<BinRecord, 'issuer' | 'country'>[]
  >()
  expectTypeOf(byBin.iterate({ bin: '411111' })).toEqualTypeOf<
    AsyncIterable<Pick<BinRecord, 'issuer' | 'country'>>
  >()
  expectTypeOf(await byBin.page({ bin: '411111' }, { cursor: undefined })).toEqualTypeOf<
    ResultPage<Pick<BinRecord, 'issuer' | 'country'>>
  >()
  expectTypeOf(await byBin.count({ bin: '411111' })).toEqualTypeOf<number>()
  expectTypeOf(byBin.explain({ bin: '411111' })).toEqualTypeOf<Explanation>()
  expectTypeOf(await byBin.execute({ bin: '411111' })).toEqualTypeOf<{
    readonly kind: 'items'
    readonly items: Pick<BinRecord, 'issuer' | 'country'>[]
  }>()
  // Attribute names map to their fields; a field name is itself.
  expectTypeOf(
    await db.prepare('SELECT issuer_name, card_bin, cardBinExtended, level FROM bins').first(),
  ).toEqualTypeOf<Pick<BinRecord, 'issuer' | 'cardBin' | 'cardBinExtended' | 'level'> | undefined>()
  // An attribute the item type does not know passes through under its name, as unknown.
  expectTypeOf(
    await db.prepare('SELECT issuer, brand FROM bins WHERE card_bin = :b').first({ b: '4' }),
  ).toEqualTypeOf<(Pick<BinRecord, 'issuer'> & { brand: unknown }) | undefined>()
  // A nested path gives its top-level attribute, typed unknown (only part of it comes back).
  expectTypeOf(
    await db.prepare('SELECT issuer, address.city, tags[0] FROM bins').first(),
  ).toEqualTypeOf<(Pick<BinRecord, 'issuer'> & { address: unknown; tags: unknown }) | undefined>()

  // `*`, no SELECT, SCAN: the whole item type.
  expectTypeOf(
    await db.prepare('SELECT * FROM bins WHERE card_bin = :b').first({ b: '4' }),
  ).toEqualTypeOf<BinRecord | undefined>()
  expectTypeOf(
    await db
      .prepare('FROM posts WHERE Id = :id ORDER BY ReplyDateTime DESC LIMIT 10')
      .all({ id: 'p1' }),
  ).toEqualTypeOf<Post[]>()
  expectTypeOf(await db.prepare('SCAN FROM posts').all()).toEqualTypeOf<Post[]>()
  expectTypeOf(await db.prepare('SCAN Id, Seq FROM posts LIMIT 5').all()).toEqualTypeOf<
    Pick<Post, 'Id' | 'Seq'>[]
  >()
  // Keywords in any case, any whitespace, comments, strings and back-quoted names.
  expectTypeOf(
    await db
      .prepare(
        `select Issuer_name,country
           from \`bins\` -- the BIN table, isn't it
          where card_bin=:bin and card_bin_extended = ';' and issuer <> 'it''s'
          consistent;`,
      )
      .first({ bin: '4' }),
  ).toEqualTypeOf<(Pick<BinRecord, 'country'> & { Issuer_name: unknown }) | undefined>()
  // A table named by its DynamoDB name.
  expectTypeOf(
    await db.prepare('SELECT Id FROM `forum-posts` WHERE Id = :id').first({ id: 'p' }),
  ).toEqualTypeOf<Pick<Post, 'Id'> | undefined>()

  // Index reads.
  expectTypeOf(
    await db
      .prepare('SELECT Id, Seq FROM posts USE INDEX (byAuthor) WHERE Author = :a AND Seq > :s')
      .all({ a: 'author-1', s: 300 }),
  ).toEqualTypeOf<Pick<Post, 'Id' | 'Seq'>[]>()
  expectTypeOf(
    await db.prepare('SELECT cardBin FROM bins WHERE issuer = :i').all({ i: 'ACME' }),
  ).toEqualTypeOf<Pick<BinRecord, 'cardBin'>[]>()

  // The parameters: exactly the :names of the text, each a value the runtime can bind.
  const both = db.prepare(
    'FROM bins WHERE card_bin IN (:a, :b) AND NOT begins_with(country, :c) OR size(level) > :n',
  )
  expectTypeOf(await both.all({ a: '1', b: 2, c: 'U', n: 3n })).toEqualTypeOf<BinRecord[]>()
  // @ts-expect-error: :c and :n are missing
  await both.all({ a: '1', b: '2' })
  // @ts-expect-error: :extra is no parameter of the text
  await byBin.first({ bin: '411111', extra: 1 })
  // @ts-expect-error: the parameters are required
  await byBin.first()
  // @ts-expect-error: undefined cannot be bound
  await byBin.first({ bin: undefined })
  // @ts-expect-error: a Date has no DynamoDB type
  await byBin.first({ bin: new Date() })
  await db
    .prepare('FROM bins WHERE card_bin IN :list AND level = :l')
    .all({ list: ['1', '2'], l: null })
  await db.prepare('FROM bins WHERE address = :m').all({ m: { city: 'x', tags: new Set(['a']) } })
  await db.prepare('FROM bins WHERE level = :b').all({ b: new Uint8Array([1]) })
  // A map typed by an interface has no index signature: spread it.
  interface Address {
    city: string
  }
  const address: Address = { city: 'x' }
  // @ts-expect-error: an interface is not an object of values
  await db.prepare('FROM bins WHERE address = :m').all({ m: address })
  await db.prepare('FROM bins WHERE address = :m').all({ m: { ...address } })
  // A text without parameters takes none.
  const none = db.prepare("FROM bins WHERE card_bin = '411111'")
  await none.first()
  await none.first({})
  // @ts-expect-error: no parameters to give
  await none.first({ bin: '1' })

  // COUNT(*): a number from count, { kind: 'count', count } from execute; items calls refuse it.
  const counted = db.prepare('SELECT COUNT(*) FROM posts WHERE Id = :id')
  expectTypeOf(await counted.count({ id: 'p' })).toEqualTypeOf<number>()
  expectTypeOf(await counted.execute({ id: 'p' })).toEqualTypeOf<{
    readonly kind: 'count'
    readonly count: number
  }>()
  // @ts-expect-error: COUNT(*) gives a number, not items
  await counted.first({ id: 'p' })
  // @ts-expect-error: COUNT(*) gives a number, not items
  await counted.all({ id: 'p' })
  // @ts-expect-error: COUNT(*) gives a number, not items
  counted.iterate({ id: 'p' })
  // @ts-expect-error: COUNT(*) gives a number, not items
  await counted.page({ id: 'p' })
  // A bare `count` is an attribute.
  expectTypeOf(await db.prepare('SELECT count FROM posts').first()).toEqualTypeOf<
    { count: unknown } | undefined
  >()

  // EXPLAIN: a plan from explain or execute, nothing else.
  const explained = db.prepare('EXPLAIN SELECT issuer FROM bins WHERE card_bin = :b')
  expectTypeOf(explained.explain({ b: '4' })).toEqualTypeOf<Explanation>()
  expectTypeOf(await explained.execute({ b: '4' })).toEqualTypeOf<{
    readonly kind: 'explain'
    readonly explanation: Explanation
  }>()
  // @ts-expect-error: EXPLAIN gives a plan, not items
  await explained.first({ b: '4' })
  // @ts-expect-error: EXPLAIN gives a plan, not a count
  await explained.count({ b: '4' })

  // Beyond the type-level parser: Record<string, unknown>, any parameters.
  const text: string = 'FROM bins'
  expectTypeOf(db.prepare(text)).toEqualTypeOf<PreparedStatement>()
  // A table no definition's type names, or only a one-call definition.
  expectTypeOf(db.prepare('FROM nowhere WHERE id = :id')).toEqualTypeOf<PreparedStatement>()
  expectTypeOf(mixed.prepare('FROM loose WHERE cardBin = :id')).toEqualTypeOf<PreparedStatement>()
  // By DynamoDB name only when no definition of an unknown name could be looked up first.
  expectTypeOf(mixed.prepare('FROM `forum-posts`')).toEqualTypeOf<PreparedStatement>()
  expectTypeOf(await mixed.prepare('FROM posts').first()).toEqualTypeOf<Post | undefined>()
  // Text the parser cannot read (the runtime refuses most of these too).
  expectTypeOf(
    db.prepare('SELECT issuer FROM bins WHERE card_bin = :b ORDER'),
  ).toEqualTypeOf<PreparedStatement>()
  expectTypeOf(db.prepare('SELECT issuer FROM bins WHERE')).toEqualTypeOf<PreparedStatement>()
  expectTypeOf(db.prepare('SELECT issuer country FROM bins')).toEqualTypeOf<PreparedStatement>()
  expectTypeOf(db.prepare('SELECT FROM bins')).toEqualTypeOf<PreparedStatement>()
  expectTypeOf(db.prepare('SELECT order FROM bins')).toEqualTypeOf<PreparedStatement>()
  expectTypeOf(db.prepare('SELECT issuer, FROM bins')).toEqualTypeOf<PreparedStatement>()
  expectTypeOf(db.prepare('FROM bins LIMIT 1 WHERE x = :x')).toEqualTypeOf<PreparedStatement>()
  expectTypeOf(
    db.prepare("FROM bins WHERE card_bin = 'unterminated"),
  ).toEqualTypeOf<PreparedStatement>()
  expectTypeOf(db.prepare('FROM `bins')).toEqualTypeOf<PreparedStatement>()
  // Back-quoted names the type-level lexer does not take apart.
  expectTypeOf(db.prepare('SELECT `a b` FROM bins')).toEqualTypeOf<PreparedStatement>()
  expectTypeOf(db.prepare('SELECT `a``b` FROM bins')).toEqualTypeOf<PreparedStatement>()
  // Writes, and anything else that is not a read.
  expectTypeOf(
    db.prepare("INSERT INTO bins VALUE { 'card_bin': :b }"),
  ).toEqualTypeOf<PreparedStatement>()
  // The untyped statement: Record<string, unknown> items, any parameters, every call.
  const untyped = db.prepare('FROM nowhere')
  expectTypeOf(await untyped.first({ anything: 1 })).toEqualTypeOf<Row | undefined>()
  expectTypeOf(await untyped.all()).toEqualTypeOf<Row[]>()
  expectTypeOf(await untyped.count()).toEqualTypeOf<number>()
  expectTypeOf(await untyped.execute()).toEqualTypeOf<ExecuteResult>()
  // A back-quoted keyword is a name.
  expectTypeOf(await db.prepare('SELECT `order` FROM bins').first()).toEqualTypeOf<
    { order: unknown } | undefined
  >()
  // A type argument is the caller's word, as before.
  expectTypeOf(
    await db.prepare<Post>('SELECT issuer FROM bins WHERE card_bin = :b').first({ b: '1' }),
  ).toEqualTypeOf<Post | undefined>()
  // The curried form without an item type: Record<string, unknown> items, typed names and params.
  const things = defineTable()({ name: 'things', partitionKey: 'id' })
  const anyDb = createDql({ client: new DynamoDBClient({}), tables: [things] })
  expectTypeOf(
    await anyDb.prepare('SELECT id, label FROM things WHERE id = :id').first({ id: 'a' }),
  ).toEqualTypeOf<Pick<Row, 'id' | 'label'> | undefined>()
  expectTypeOf(await anyDb.prepare('FROM things').all()).toEqualTypeOf<Row[]>()
  // @ts-expect-error: :id is missing
  await anyDb.prepare('FROM things WHERE id = :id').all({})
  // A handle without typed tables types nothing.
  const plain = createDql({ client: new DynamoDBClient({}) })
  expectTypeOf(plain.prepare('FROM bins')).toEqualTypeOf<PreparedStatement>()

  // A typed statement or handle still fits where the untyped one is expected.
  const statements: PreparedStatement<object>[] = [byBin, counted, explained, both, none]
  const handles: Dql[] = [db, plain]
  expectTypeOf(statements.length + handles.length).toEqualTypeOf<number>()
}
