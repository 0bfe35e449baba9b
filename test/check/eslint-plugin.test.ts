/**
 * The ESLint rule dql/valid-statement through ESLint's own RuleTester: the errors `dql check`
 * reports, at the same spots (line, column, endLine, endColumn counted by hand here).
 */
import { RuleTester } from 'eslint'
import { describe, it } from 'vitest'
import plugin from '../../src/check/eslint-plugin.js'

RuleTester.describe = describe
RuleTester.it = it
RuleTester.itOnly = it

const tables = [
  {
    name: 'bins',
    tableName: 'bin-lookup',
    partitionKey: 'card_bin',
    sortKey: 'card_bin_extended',
    fields: { cardBin: 'card_bin', cardBinExtended: 'card_bin_extended' },
  },
  { name: 'users', partitionKey: 'id', fields: { id: 'user_id' } },
]
const options = [{ tables }]

const LIMIT_ZERO = `parse.bad-limit: LIMIT takes a whole number of items from 1 to ${Number.MAX_SAFE_INTEGER}, not 0.`
const AFTER_AND =
  "parse.unexpected-token: Expected '(', a string, a number, TRUE, FALSE, NULL, a ${…} value, a :parameter or a name after `AND`, found `LIMIT`."
const NO_KEY_BINS =
  'plan.scan-required: No key condition: this statement would have to Scan bins. Add one of card_bin = … (the partition key of bins) to the top-level AND, or write SCAN to read every item. Did you mean card_bin?'

const tester = new RuleTester({ plugins: { dql: plugin } })

tester.run('dql/valid-statement', plugin.rules['valid-statement'], {
  valid: [
    { code: 'db.first`FROM bins WHERE card_bin = ${x} AND card_bin_extended = ${";"}`', options },
    { code: 'db.first`FROM bins WHERE cardBin = ${x} AND cardBinExtended = ${";"}`', options },
    { code: "db.prepare('FROM users WHERE user_id = :id').first({ id })", options },
    // Not readable statically: skipped, as dql check lists it; not an error.
    { code: 'db.prepare(text).first({ id })', options },
    { code: 'html`<p>${x}</p>`', options },
    {
      code: "import { bins } from './schema.js'\ndb.all`FROM ${bins} WHERE cardBin = ${x}`",
      options,
    },
  ],
  invalid: [
    {
      code: 'db.first`FROM bns WHERE card_bin = ${x}`',
      options,
      errors: [
        {
          message:
            'plan.unknown-table: Unknown table bns; the known tables are bins, users. Did you mean bins?',
          line: 1,
          column: 15,
          endLine: 1,
          endColumn: 18,
        },
      ],
    },
    {
      code: "db.first`FROM bins WHERE card_bin = '${x}' AND card_bin_extended = ${y}`",
      options,
      errors: [
        {
          message:
            "parse.quoted-hole: A ${…} hole inside quotes is not a value: the string would hold the characters ${…}, not the hole's value. Remove the quotes around the hole (write = ${x}, not = '${x}'); to build a string from parts, join them in JavaScript and pass the result as one hole.",
          line: 1,
          column: 38,
          endLine: 1,
          endColumn: 42,
        },
      ],
    },
    {
      code: 'const rows = await db.all`\n  FROM users\n  WHERE user_ib = ${id}`',
      options,
      errors: [
        {
          message:
            'plan.scan-required: No key condition: this statement would have to Scan users. Add one of user_id = … (the partition key of users) to the top-level AND, or write SCAN to read every item. Did you mean user_id?',
          line: 3,
          column: 9,
          endLine: 3,
          endColumn: 16,
        },
      ],
    },
    {
      code: 'db.all`SELECT COUNT(*) FROM bins WHERE card_bin = ${x}`',
      options,
      errors: [
        {
          message:
            'usage.wrong-call: SELECT COUNT(*) gives a number, not items: call db.count (or db.execute) for it, or select attributes with all.',
          line: 1,
          column: 15,
          endLine: 1,
          endColumn: 20,
        },
      ],
    },
    {
      code: "db.prepare('FROM users WHERE user_id = :id LIMIT 0')",
      options,
      errors: [{ message: LIMIT_ZERO, line: 1, column: 50, endLine: 1, endColumn: 51 }],
    },
    {
      // \n and \` are two characters in the source, one in the statement.
      code: 'db.first`FROM bins\\nWHERE \\`card_bin\\` = ${x} AND LIMIT 0`',
      options,
      errors: [{ message: AFTER_AND, line: 1, column: 51, endLine: 1, endColumn: 56 }],
    },
    {
      code: "import { bins } from './schema.js'\ndb.first`FROM ${bins} WHERE card_bim = ${x}`",
      options,
      errors: [{ message: NO_KEY_BINS, line: 2, column: 29, endLine: 2, endColumn: 37 }],
    },
  ],
})
