/**
 * The types of table definitions: what `defineTable` takes and returns. A definition made by
 * the curried form, `defineTable<Item>()({ … })`, also carries its literal name, keys and
 * fields in its type (its `TableShape`), which typed text statements look tables up by.
 */

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

/**
 * What the type of a definition knows of it besides its item type: its names, its key
 * attributes and its fields. The one-call `defineTable<Item>({ … })` knows only strings; the
 * curried `defineTable<Item>()({ … })` knows the literals.
 */
export interface TableShape {
  readonly name: string
  readonly tableName: string
  readonly partitionKey: string
  readonly sortKey: string | undefined
  /** Field name → attribute name. */
  readonly fields: { readonly [field: string]: string }
}

/** A checked, frozen table definition: what `defineTable` returns. */
export interface TableDefinition<
  Item = Record<string, unknown>,
  Shape extends TableShape = TableShape,
> {
  readonly kind: 'table'
  readonly name: Shape['name']
  readonly tableName: Shape['tableName']
  /** The partition key's attribute name. */
  readonly partitionKey: Shape['partitionKey']
  /** The sort key's attribute name, if the table has one. */
  readonly sortKey: Shape['sortKey']
  /** Field name → attribute name, for every declared field. */
  readonly fields: ReadonlyMap<string, string>
  /** Attribute name → field name, the reverse of `fields`. */
  readonly fieldOf: ReadonlyMap<string, string>
  readonly indexes: readonly IndexDefinition[]
  /** Only carries `Item` for the type checker. */
  readonly __item?: Item
  /** Only carries the fields, field name → attribute name, for the type checker. */
  readonly __fields?: Shape['fields']
}

/**
 * The shape of a definition made from `Options` by the curried form: its literal names, its
 * keys as attribute names (a key given by field name is that field's attribute, as at run
 * time) and its fields.
 */
export interface ShapeOf<Options extends TableOptions<unknown>> {
  readonly name: Options['name']
  readonly tableName: Options extends { readonly tableName: infer Name extends string }
    ? Name
    : Options['name']
  readonly partitionKey: AttributeIn<FieldsOf<Options>, Options['partitionKey']>
  readonly sortKey: Options extends { readonly sortKey: infer Key extends string }
    ? AttributeIn<FieldsOf<Options>, Key>
    : undefined
  readonly fields: FieldsOf<Options>
}

type FieldsOf<Options> = Options extends {
  readonly fields: infer Fields extends { readonly [field: string]: string }
}
  ? Fields
  : {}

type AttributeIn<Fields, Name extends string> = Name extends keyof Fields
  ? Fields[Name] & string
  : Name

/**
 * Refuses, in the curried form, a `fields` entry whose field name is not a property of the
 * item type (the const type parameter that keeps the literals would otherwise take any name).
 */
export type KnownFields<Item, Options> = Options extends {
  readonly fields: infer Fields extends object
}
  ? {
      readonly fields: {
        readonly [Field in keyof Fields]: Field extends keyof Item ? string : never
      }
    }
  : unknown
