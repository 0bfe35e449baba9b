/**
 * `dql check` on the fixture project (test/check/fixture, copied with a node_modules and a
 * dist/ that must be skipped): the whole output, text and JSON, and the exit status.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { makeProject, runDql } from './project.js'

let dir = ''
let remove = () => {}
beforeAll(() => {
  ;({ dir, remove } = makeProject())
})
afterAll(() => remove())

test('every statement of the project: one line each, errors with a caret in the source, exit 1', async () => {
  const run = await runDql(['check', '--schema', 'schema.mjs'], dir)
  expect(run.stdout).toBe(
    [
      'src/admin/prepared.mjs:6:14  GetItem  bins  FROM bins WHERE card_bin = :bin AND card_bin_extended = :ext',
      "src/admin/prepared.mjs:8:77  error  parse.unexpected-token  Expected '.', '[', ASC, DESC, LIMIT, CONSISTENT, ';' or the end of the statement after `ReplyDateTime`, found `SIDEWAYS`.",
      "  …ERE Id = :id ORDER BY ReplyDateTime SIDEWAYS')",
      '                                       ^',
      'src/admin/prepared.mjs:9:32  Scan  users  SCAN FROM users WHERE displayName = :name',
      'src/admin/prepared.mjs:10:30  skipped  db.prepare(text): the statement text is not a literal',
      'src/admin/prepared.mjs:12:8  GetItem  bins  FROM bins WHERE card_bin = ${…} AND card_bin_extended = ${…}',
      'src/admin/prepared.mjs:13:8  GetItem  users  FROM users WHERE user_id = ${…}',
      'src/admin/prepared.mjs:14:5  skipped  db.transact([… statement …]): this element is not a statement written in place',
      "src/admin/prepared.mjs:17:17  PutItem  bins  INSERT INTO bins VALUE { 'card_bin': ${…}, 'card_bin_extended': ${…} }",
      'src/admin/prepared.mjs:19:36  skipped  FROM ${table}: table is neither an imported table definition nor a defineTable({ name: … }) in this file',
      'src/admin/prepared.mjs:21:26  skipped  db[method]`…`: the call is computed, so which one runs it is unknown',
      'src/broken.ts:3:1  skipped  the file does not parse as JavaScript or TypeScript: Unexpected token',
      'src/mistakes.ts:6:77  error  plan.scan-required  `card_bin`, the partition key of bins, is given only under OR, which no key condition can use: add card_bin = … (or IN) to the top-level AND, or write SCAN to read every item.',
      "  …ns WHERE issuer_name = ${'ACME'} OR card_bin = ${x}`",
      '                                       ^',
      'src/mistakes.ts:8:49  error  plan.partial-key  `ReplyDateTime` is the sort key of posts, but its partition key is not given; add Id = … to the top-level AND (or write SCAN to read everything).',
      "  …ial = await db.all`FROM posts WHERE ReplyDateTime > ${'2024'}`",
      '                                       ^',
      'src/mistakes.ts:10:39  error  plan.unknown-table  Unknown table bns; the known tables are users, bins, posts. Did you mean bins?',
      '    const unknown = await db.first`FROM bns WHERE card_bin = ${x}`',
      '                                        ^',
      'src/mistakes.ts:12:51  error  plan.scan-required  No key condition: this statement would have to Scan bins. Add one of card_bin = … (the partition key of bins), issuer_name = … (index byIssuer) to the top-level AND, or write SCAN to read every item. Did you mean card_bin?',
      '    const misspelt = await db.first`FROM bins WHERE card_bim = ${x}`',
      '                                                    ^',
      "src/mistakes.ts:14:61  error  parse.quoted-hole  A ${…} hole inside quotes is not a value: the string would hold the characters ${…}, not the hole's value. Remove the quotes around the hole (write = ${x}, not = '${x}'); to build a string from parts, join them in JavaScript and pass the result as one hole.",
      "  …b.first`FROM bins WHERE card_bin = '${x}' AND card_bin_extended = ${';'}…",
      '                                       ^',
      'src/mistakes.ts:16:41  error  usage.wrong-call  SELECT COUNT(*) gives a number, not items: call db.count (or db.execute) for it, or select attributes with all.',
      '  …nst wrongCall = await db.all`SELECT COUNT(*) FROM bins WHERE card_bin = …',
      '                                       ^',
      'src/mistakes.ts:21:38  error  plan.order-by  ORDER BY can only follow the sort key of table posts, `ReplyDateTime`.',
      "        AND Author = ${'ann'} ORDER BY Nope`",
      '                                       ^',
      "src/mistakes.ts:23:75  error  parse.unexpected-token  Expected '(', a string, a number, TRUE, FALSE, NULL, a ${…} value, a :parameter or a name after `AND`, found `LIMIT`.",
      '  …bins\\nWHERE \\`card_bin\\` = ${x} AND LIMIT 0`',
      '                                       ^',
      'src/plain.cjs:7:18  GetItem  users  FROM ${…} WHERE user_id = ${…}',
      'src/reads.ts:13:19  GetItem  bins  FROM bins WHERE card_bin = ${…} AND card_bin_extended = ${…}',
      'src/reads.ts:14:39  GetItem  bins  FROM bins WHERE cardBin = ${…} AND cardBinExtended = ${…}',
      'src/reads.ts:17:19  GetItem  bins  FROM ${…} WHERE card_bin = ${…} AND card_bin_extended = ${…}',
      'src/reads.ts:19:30  GetItem  users  FROM ${…} WHERE id = ${…}',
      'src/reads.ts:20:31  Query  bins  FROM bins WHERE card_bin = ${…}',
      'src/reads.ts:21:31  Query  bins.byIssuer  FROM bins USE INDEX (byIssuer) WHERE issuer_name = ${…}',
      'src/reads.ts:22:28  Query  bins.byIssuer  FROM bins WHERE issuer = ${…} AND begins_with(card_bin, ${…})',
      'src/reads.ts:23:29  BatchGetItem  bins  FROM bins WHERE card_bin IN ${…} AND card_bin_extended = ${…}',
      'src/reads.ts:24:33  Scan  bins  SCAN FROM bins WHERE issuer = ${…}',
      'src/reads.ts:25:33  Query  posts  SELECT COUNT(*) FROM posts WHERE Id = ${…}',
      'src/reads.ts:27:8  Query  posts  FROM posts WHERE Id = ${…} ORDER BY ReplyDateTime DESC LIMIT 10',
      'src/reads.ts:33:26  Query  posts.byAuthor  EXPLAIN FROM posts USE INDEX (byAuthor) WHERE author = ${…}',
      'src/reads.ts:35:17  Query  posts.byPoster  SELECT Id, Message FROM posts WHERE Id = ${…} AND PostedBy = ${…}',
      'src/view.tsx:7:17  Query  posts  FROM ${…} WHERE id = ${…} AND repliedAt >= ${…} LIMIT 20',
      '34 statements in 7 files: 20 ok, 9 errors, 5 skipped',
      '',
    ].join('\n'),
  )
  expect(run.stderr).toBe('')
  expect(run.code).toBe(1)
})

test('--format json: the same statements as one document, for the paths given', async () => {
  const run = await runDql(
    ['check', '--schema', 'schema.mjs', '--format', 'json', 'src/admin', 'src/plain.cjs'],
    dir,
  )
  expect(JSON.parse(run.stdout)).toEqual({
    summary: {
      files: 2,
      statements: 11,
      ok: 6,
      errors: 1,
      skipped: 4,
    },
    statements: [
      {
        file: 'src/admin/prepared.mjs',
        line: 6,
        column: 14,
        status: 'ok',
        call: 'prepare',
        operation: 'GetItem',
        table: 'bins',
        text: 'FROM bins WHERE card_bin = :bin AND card_bin_extended = :ext',
      },
      {
        file: 'src/admin/prepared.mjs',
        line: 8,
        column: 27,
        status: 'error',
        call: 'prepare',
        text: 'FROM posts WHERE Id = :id ORDER BY ReplyDateTime SIDEWAYS',
        error: {
          code: 'parse.unexpected-token',
          message:
            "Expected '.', '[', ASC, DESC, LIMIT, CONSISTENT, ';' or the end of the statement after `ReplyDateTime`, found `SIDEWAYS`.",
          line: 8,
          column: 77,
          suggestions: [],
        },
      },
      {
        file: 'src/admin/prepared.mjs',
        line: 9,
        column: 32,
        status: 'ok',
        call: 'prepare',
        operation: 'Scan',
        table: 'users',
        text: 'SCAN FROM users WHERE displayName = :name',
      },
      {
        file: 'src/admin/prepared.mjs',
        line: 10,
        column: 30,
        status: 'skipped',
        reason: 'db.prepare(text): the statement text is not a literal',
      },
      {
        file: 'src/admin/prepared.mjs',
        line: 12,
        column: 8,
        status: 'ok',
        call: 'transact',
        operation: 'GetItem',
        table: 'bins',
        text: 'FROM bins WHERE card_bin = ${…} AND card_bin_extended = ${…}',
      },
      {
        file: 'src/admin/prepared.mjs',
        line: 13,
        column: 8,
        status: 'ok',
        call: 'transact',
        operation: 'GetItem',
        table: 'users',
        text: 'FROM users WHERE user_id = ${…}',
      },
      {
        file: 'src/admin/prepared.mjs',
        line: 14,
        column: 5,
        status: 'skipped',
        reason: 'db.transact([… statement …]): this element is not a statement written in place',
      },
      {
        file: 'src/admin/prepared.mjs',
        line: 17,
        column: 17,
        status: 'ok',
        call: 'run',
        operation: 'PutItem',
        table: 'bins',
        text: "INSERT INTO bins VALUE { 'card_bin': ${…}, 'card_bin_extended': ${…} }",
      },
      {
        file: 'src/admin/prepared.mjs',
        line: 19,
        column: 36,
        status: 'skipped',
        reason:
          'FROM ${table}: table is neither an imported table definition nor a defineTable({ name: … }) in this file',
      },
      {
        file: 'src/admin/prepared.mjs',
        line: 21,
        column: 26,
        status: 'skipped',
        reason: 'db[method]`…`: the call is computed, so which one runs it is unknown',
      },
      {
        file: 'src/plain.cjs',
        line: 7,
        column: 18,
        status: 'ok',
        call: 'first',
        operation: 'GetItem',
        table: 'users',
        text: 'FROM ${…} WHERE user_id = ${…}',
      },
    ],
  })
  expect(run.code).toBe(1)
})
