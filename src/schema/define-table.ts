/**
 * Table definitions: `defineTable` checks a definition once and freezes it, with the lookups
 * every later stage needs (field ⇄ attribute, keys, indexes) computed up front.
 */
import { DqlError } from '../errors.js'
import { didYouMean } from '../text/did-you-mean.js'
import { frozenMap, frozenSet } from './frozen.js'

/** What an index copies from the table: every attribute, only the keys, or the keys and a list. */
export type IndexProjection = 'ALL' | 'KEYS_ONLY' | readonly string[]

/** How an index is declared in `defineTable({ indexes: { name: … } })`. */
export interface IndexOptions {
  /** `global` (GSI: any partition key) or `local` (LSI: the table's partition key). */
  readonly type: 'global' | 'local'
  /** The index's partition key attribute (or field) name; a local index defaults to the table's. */
  readonly partitionKey?: string
  /** The index's sort key attribute (or field) name; required for a local index. */
  readonly sortKey?: string
  /** What the index projects; default `ALL`. */
  readonly projection?: IndexProjection
  /** The index's name in DynamoDB; default: its key in `indexes`. */
  readonly indexName?: string
  /**
   * DynamoDB writes to an index only the items that have all its key attributes. `false`
   * declares that every item has them, so the index holds every item and the planner may read
   * it for any statement that gives its partition key. By default (`true`) it does so only when
   * the statement itself requires the index's keys that are not the table's (see
   * docs/planner.md, "Sparse indexes").
   */
  readonly sparse?: boolean
}

/** How a table is declared: see `defineTable`. */
export interface TableOptions<Item> {
  /** The name used in statements (`FROM bins`); back-quote it there if it is not a plain name. */
  readonly name: string
  /** The physical DynamoDB table name; default `name`. */
  readonly tableName?: string
  /** The partition key's attribute (or field) name. */
  readonly partitionKey: string
  /** The sort key's attribute (or field) name, if the table has one. */
  readonly sortKey?: string
  /** Field name → attribute name, for attributes whose names differ in code and in DynamoDB. */
  readonly fields?: { readonly [K in keyof Item & string]?: string }
  /** Global and local secondary indexes, by the name statements use in USE INDEX. */
  readonly indexes?: Readonly<Record<string, IndexOptions>>
}

/** A checked, frozen index. All key names are attribute names. */
export interface IndexDefinition {
  /** The name statements use (`USE INDEX (byIssuer)`). */
  readonly name: string
  /** The index's name in DynamoDB. */
  readonly indexName: string
  readonly type: 'global' | 'local'
  readonly partitionKey: string
  readonly sortKey: string | undefined
  /** `ALL`, `KEYS_ONLY`, or the INCLUDE list (non-key attributes). */
  readonly projection: IndexProjection
  /** Every attribute the index holds, or `null` when it holds all of them. */
  readonly projected: ReadonlySet<string> | null
  /** Whether some items may lack the index's keys, and so be missing from it. */
  readonly sparse: boolean
}

/** A checked, frozen table definition: what `defineTable` returns. */
export interface TableDefinition<Item = Record<string, unknown>> {
  readonly kind: 'table'
  readonly name: string
  readonly tableName: string
  readonly partitionKey: string
  readonly sortKey: string | undefined
  /** Field name → attribute name, for every declared field. */
  readonly fields: ReadonlyMap<string, string>
  /** Attribute name → field name, the reverse of `fields`. */
  readonly fieldOf: ReadonlyMap<string, string>
  readonly indexes: readonly IndexDefinition[]
  /** Only carries `Item` for the type checker. */
  readonly __item?: Item
}

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
 * const bins = defineTable<BinRecord>({
 *   name: 'bins', tableName: 'bin-lookup',
 *   partitionKey: 'card_bin', sortKey: 'card_bin_extended',
 *   fields: { cardBin: 'card_bin', cardBinExtended: 'card_bin_extended', issuer: 'issuer_name' },
 *   indexes: { byIssuer: { type: 'global', partitionKey: 'issuer_name', sortKey: 'card_bin' } },
 * })
 * ```
 */
export function defineTable<Item = Record<string, unknown>>(
  options: TableOptions<Item>,
): TableDefinition<Item> {
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
