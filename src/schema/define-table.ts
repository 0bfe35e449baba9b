/**
 * Table definitions: `defineTable` checks a definition once and freezes it, with the lookups
 * every later stage needs (field ⇄ attribute, keys, indexes) computed up front.
 */
import { DqlError } from '../errors.js'
import { didYouMean } from '../text/did-you-mean.js'
import { frozenMap, frozenSet } from './frozen.js'
import type {
  IndexDefinition,
  IndexProjection,
  KnownFields,
  ShapeOf,
  TableDefinition,
  TableOptions,
} from './table-types.js'

export type {
  IndexDefinition,
  IndexOptions,
  KnownFields,
  IndexProjection,
  ShapeOf,
  TableDefinition,
  TableOptions,
  TableShape,
} from './table-types.js'

/**
 * Every definition `defineTable` made (and so every one read from DynamoDB): a table is known
 * by where it came from, not by its shape, so an object that only looks like one is refused.
 */
const made = new WeakSet<object>()

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/
const INDEX_NAME = /^[A-Za-z0-9_.-]{3,255}$/
const MAX_GLOBAL = 20
const MAX_LOCAL = 5

/**
 * Declares a table: its statement name, physical name, keys, fields and indexes. Keys and
 * index keys may be given by attribute or field name. Throws `schema.invalid` at once for
 * an inconsistent definition.
 *
 * ```ts
 * const bins = defineTable<BinRecord>()({
 *   name: 'bins', tableName: 'bin-lookup',
 *   partitionKey: 'card_bin', sortKey: 'card_bin_extended',
 *   fields: { cardBin: 'card_bin', cardBinExtended: 'card_bin_extended', issuer: 'issuer_name' },
 *   indexes: { byIssuer: { type: 'global', partitionKey: 'issuer_name', sortKey: 'card_bin' } },
 * })
 * ```
 *
 * Called with no argument, as above, it returns the function that takes the options: the
 * curried form, whose result also carries the literal name, keys and fields in its type, so
 * that `db.prepare('SELECT … FROM bins …')` is typed from its text. (TypeScript infers no type
 * argument once one is given, so `defineTable<BinRecord>({ … })`, the one-call form, cannot
 * keep `'bins'`; it types statements that name the table by a hole, `FROM ${bins}`.)
 */
export function defineTable<Item = Record<string, unknown>>(): DefineTable<Item>
export function defineTable<Item = Record<string, unknown>>(
  options: TableOptions<Item>,
): TableDefinition<Item>
export function defineTable<Item>(
  ...args: [] | [options: TableOptions<Item>]
): TableDefinition<Item> | DefineTable<Item> {
  if (args.length === 0) return curried
  return define(args[0])
}

/** The function `defineTable<Item>()` returns: it takes the options, keeping their literals. */
export type DefineTable<Item> = <const Options extends TableOptions<Item>>(
  options: Options & KnownFields<Item, Options>,
) => TableDefinition<Item, ShapeOf<Options>>

// The literals the signature promises are the options' own values, which the definition keeps.
function curried<Item, const Options extends TableOptions<Item>>(
  options: Options & KnownFields<Item, Options>,
): TableDefinition<Item, ShapeOf<Options>>
function curried<Item>(options: TableOptions<Item>): TableDefinition<Item> {
  return define(options)
}

function define<Item>(options: TableOptions<Item>): TableDefinition<Item> {
  if (options === null || typeof options !== 'object') {
    throw invalid('defineTable takes an object such as { name, partitionKey, sortKey, fields }.')
  }
  const name = options.name
  // Any name works; one that is not a plain identifier is back-quoted in statements.
  if (typeof name !== 'string' || name === '') {
    throw invalid(
      `The table's name must be a non-empty string (the name statements use after FROM), not ${JSON.stringify(name)}.`,
    )
  }
  const tableName = options.tableName ?? name
  if (typeof tableName !== 'string' || !TABLE_NAME.test(tableName)) {
    throw invalid(
      `Table ${name}: tableName ${JSON.stringify(tableName)} is not a DynamoDB table name ` +
        '(3 to 255 of the characters a-z A-Z 0-9 _ . -).',
    )
  }

  const fields = new Map<string, string>()
  const fieldOf = new Map<string, string>()
  for (const [field, attribute] of Object.entries(options.fields ?? {})) {
    if (typeof attribute !== 'string' || attribute === '') {
      throw invalid(`Table ${name}: field ${field} must map to an attribute name (a string).`)
    }
    const other = fieldOf.get(attribute)
    if (other !== undefined) {
      throw invalid(
        `Table ${name}: fields ${other} and ${field} both name the attribute ${attribute}; ` +
          'one attribute can have only one field name.',
      )
    }
    fields.set(field, attribute)
    fieldOf.set(attribute, field)
  }
  for (const [field, attribute] of fields) {
    const owner = fieldOf.get(field)
    if (owner !== undefined && owner !== field) {
      throw invalid(
        `Table ${name}: field ${field} (attribute ${attribute}) has the same name as the ` +
          `attribute of field ${owner}, so \`${field}\` in a statement would be ambiguous; ` +
          'rename one of them.',
      )
    }
  }

  const attribute = (what: string, value: unknown, required: boolean): string | undefined => {
    if (value === undefined && !required) return undefined
    if (typeof value !== 'string' || value === '') {
      throw invalid(`Table ${name}: ${what} is missing; give its attribute name.`)
    }
    return fields.get(value) ?? value
  }
  const partitionKey = attribute('the partition key (partitionKey)', options.partitionKey, true)!
  const sortKey = attribute('the sort key (sortKey)', options.sortKey, false)
  if (sortKey === partitionKey) {
    throw invalid(`Table ${name}: the sort key cannot be the partition key (${partitionKey}).`)
  }

  const indexes: IndexDefinition[] = []
  const physical = new Map<string, string>()
  for (const [indexKey, index] of Object.entries(options.indexes ?? {})) {
    const where = `Table ${name}, index ${indexKey}`
    if (index === null || typeof index !== 'object') {
      throw invalid(`${where}: an index is an object such as { type: 'global', partitionKey }.`)
    }
    if (index.type !== 'global' && index.type !== 'local') {
      throw invalid(
        `${where}: type must be 'global' or 'local', not ${JSON.stringify(index.type)}.`,
      )
    }
    const indexName = index.indexName ?? indexKey
    if (typeof indexName !== 'string' || !INDEX_NAME.test(indexName)) {
      throw invalid(
        `${where}: ${JSON.stringify(indexName)} is not a DynamoDB index name ` +
          '(3 to 255 of the characters a-z A-Z 0-9 _ . -); set indexName.',
      )
    }
    // USE INDEX takes either name, so no name of one index may be a name of another.
    for (const taken of new Set([indexKey, indexName])) {
      const clash = physical.get(taken)
      if (clash !== undefined) {
        throw invalid(`${where}: indexes ${clash} and ${indexKey} are both named ${taken}.`)
      }
    }
    physical.set(indexKey, indexKey)
    physical.set(indexName, indexKey)
    let indexPartition: string
    let indexSort: string | undefined
    if (index.type === 'local') {
      if (sortKey === undefined) {
        throw invalid(`${where}: a local index needs a table with a sort key.`)
      }
      indexPartition = attribute(
        `the partition key of ${indexKey}`,
        index.partitionKey ?? partitionKey,
        true,
      )!
      if (indexPartition !== partitionKey) {
        throw invalid(
          `${where}: a local index shares the table's partition key (${partitionKey}), ` +
            `not ${indexPartition}; use a global index for another partition key.`,
        )
      }
      indexSort = attribute(`the sort key of local index ${indexKey}`, index.sortKey, true)
      if (indexSort === partitionKey) {
        throw invalid(`${where}: its sort key cannot be the partition key (${partitionKey}).`)
      }
    } else {
      indexPartition = attribute(
        `the partition key of global index ${indexKey}`,
        index.partitionKey,
        true,
      )!
      indexSort = attribute(`the sort key of ${indexKey}`, index.sortKey, false)
      if (indexSort === indexPartition) {
        throw invalid(`${where}: its sort key cannot be its partition key (${indexPartition}).`)
      }
    }
    const projection = index.projection ?? 'ALL'
    let projected: Set<string> | null = null
    if (projection !== 'ALL') {
      const keys = [partitionKey, sortKey, indexPartition, indexSort]
      projected = new Set(keys.filter((key): key is string => key !== undefined))
      if (projection !== 'KEYS_ONLY') {
        if (!Array.isArray(projection) || projection.length === 0) {
          throw invalid(
            `${where}: projection is 'ALL', 'KEYS_ONLY' or a non-empty list of attribute names.`,
          )
        }
        for (const item of projection) {
          if (typeof item !== 'string' || item === '') {
            throw invalid(`${where}: the projection list holds attribute names (strings).`)
          }
          projected.add(fields.get(item) ?? item)
        }
      }
    }
    const duplicate = indexes.find(
      (other) =>
        other.type === index.type &&
        other.partitionKey === indexPartition &&
        other.sortKey === indexSort &&
        sameProjection(other.projection, projection),
    )
    if (duplicate) {
      throw invalid(
        `${where}: it duplicates index ${duplicate.name} (same type, keys and projection).`,
      )
    }
    indexes.push(
      Object.freeze({
        name: indexKey,
        indexName,
        type: index.type,
        partitionKey: indexPartition,
        sortKey: indexSort,
        projection: Array.isArray(projection) ? Object.freeze([...projection]) : projection,
        projected: projected && frozenSet(projected),
        sparse: sparseOf(index.sparse, where),
      }),
    )
  }
  const globals = indexes.filter((index) => index.type === 'global').length
  if (globals > MAX_GLOBAL || indexes.length - globals > MAX_LOCAL) {
    throw invalid(
      `Table ${name}: DynamoDB allows at most ${MAX_GLOBAL} global and ${MAX_LOCAL} local indexes.`,
    )
  }

  const table: TableDefinition<Item> = {
    kind: 'table',
    name,
    tableName,
    partitionKey,
    sortKey,
    fields: frozenMap(fields),
    fieldOf: frozenMap(fieldOf),
    indexes: Object.freeze(indexes),
  }
  made.add(table)
  return Object.freeze(table)
}

/** True when `name` can be a DynamoDB table name: 3 to 255 of a-z A-Z 0-9 _ . - */
export function isTableName(name: string): boolean {
  return TABLE_NAME.test(name)
}

function sparseOf(sparse: unknown, where: string): boolean {
  if (sparse === undefined) return true
  if (typeof sparse !== 'boolean') {
    throw invalid(`${where}: sparse is true or false (false: every item has the index's keys).`)
  }
  return sparse
}

/**
 * True when `value` is a table definition made by `defineTable` (or read from DynamoDB) in
 * this module: a copy, or an object built to look like one, is not.
 */
export function isTableDefinition(value: unknown): value is TableDefinition {
  return typeof value === 'object' && value !== null && made.has(value)
}

/** The attribute a statement's top-level name refers to: a field's attribute, or itself. */
export function attributeOf(table: TableDefinition, name: string): string {
  return table.fields.get(name) ?? name
}

/** Names a user may have meant: fields and key attributes close to `name`. */
export function suggestNames(table: TableDefinition, name: string): string[] {
  const known = new Set<string>([table.partitionKey, ...table.fields.keys()])
  if (table.sortKey) known.add(table.sortKey)
  for (const index of table.indexes) {
    known.add(index.partitionKey)
    if (index.sortKey) known.add(index.sortKey)
  }
  return didYouMean(name, known)
}

function sameProjection(a: IndexProjection, b: IndexProjection): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b
  return a.length === b.length && a.every((item, i) => item === b[i])
}

function invalid(reason: string): DqlError {
  return new DqlError('schema.invalid', reason)
}
