/**
 * The bin lookup service, end to end: create and seed a bins table on the embedded DynamoDB,
 * look a BIN up by attribute names and by field names, and show that each lookup sent one
 * GetItem — not a Query, whichever names the statement uses.
 *
 * Run it: npm run example
 */
import { BatchWriteItemCommand, CreateTableCommand } from '@aws-sdk/client-dynamodb'
import { pathToFileURL } from 'node:url'
import { createDql, createTableInput, defineTable } from '../src/index.js'
import { startEmbedded } from '../src/execute/embedded.js'

/** One row of the bins table, by field name. */
export interface BinRecord {
  cardBin: string
  cardBinExtended: string
  issuer: string
  country: string
  brand: string
}

export const bins = defineTable<BinRecord>({
  name: 'bins',
  tableName: 'bin-lookup',
  partitionKey: 'card_bin',
  sortKey: 'card_bin_extended',
  fields: { cardBin: 'card_bin', cardBinExtended: 'card_bin_extended', issuer: 'issuer_name' },
})

export interface LookupReport {
  readonly byAttributes: BinRecord | undefined
  readonly byFields: BinRecord | undefined
  /** The DynamoDB operations the two lookups sent. */
  readonly sent: readonly string[]
  readonly plan: string
}

export async function main(): Promise<LookupReport> {
  const engine = await startEmbedded()
  try {
    const { client } = engine
    // The table, made from its definition, so that the two cannot differ.
    await client.send(
      new CreateTableCommand(createTableInput(bins, { cardBin: 'S', cardBinExtended: 'S' })),
    )
    const rows = [
      ['411111', ';', 'ACME Bank', 'US', 'VISA'],
      ['411111', '0', 'ACME Bank', 'US', 'VISA'],
      ['555555', ';', 'Globex', 'GB', 'MASTERCARD'],
    ]
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          'bin-lookup': rows.map(([bin, extended, issuer, country, brand]) => ({
            PutRequest: {
              Item: {
                card_bin: { S: bin! },
                card_bin_extended: { S: extended! },
                issuer_name: { S: issuer! },
                country: { S: country! },
                brand: { S: brand! },
              },
            },
          })),
        },
      }),
    )

    // Record what is sent, to show the operation each lookup became.
    const sent: string[] = []
    client.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(String(context.commandName).replace(/Command$/, ''))
        return next(args)
      },
      { step: 'initialize' },
    )

    const db = createDql({ client, tables: [bins] })
    const x = '411111'
    const byAttributes =
      await db.first`FROM ${bins} WHERE card_bin = ${x} AND card_bin_extended = ${';'}`
    const byFields = await db.first`FROM ${bins} WHERE cardBinExtended = ${';'} AND cardBin = ${x}`
    const plan = db.explain`FROM bins WHERE card_bin = ${x} AND card_bin_extended = ${';'}`.reason
    return { byAttributes, byFields, sent, plan }
  } finally {
    await engine.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = await main()
  console.log('by attribute names:', report.byAttributes)
  console.log('by field names:    ', report.byFields)
  console.log('sent:              ', report.sent.join(', '))
  console.log('why:               ', report.plan)
}
