/**
 * What a typed text statement returns and takes, from what its text says (parse-text.ts) and
 * the definition of the table it names: the item type, or `Pick` of it by field name for a
 * SELECT list, and an object of exactly its `:name` parameters.
 */
import type { TableDefinition } from '../schema/table-types.js'
import type { Projection } from './parse-text.js'

/**
 * A value a parameter can take: what dql maps to a DynamoDB type (string S, number or bigint
 * N, boolean BOOL, null NULL, Uint8Array B, array L, plain object M, Set SS/NS/BS). Not
 * `undefined`, a Date or a class instance, which no DynamoDB type holds.
 */
export type ParamValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | Uint8Array
  | ReadonlySet<string>
  | ReadonlySet<number | bigint>
  | ReadonlySet<Uint8Array>
  | readonly ParamValue[]
  | { readonly [key: string]: ParamValue }

/** The parameters of a text statement that uses none. */
export type NoParams = { readonly [name: string]: never }

/** The parameters object of a statement that uses the `:name`s `Names`: exactly those. */
export type ParamsOf<Names extends string> = [Names] extends [never]
  ? NoParams
  : { readonly [Name in Names]: ParamValue }

/**
 * The definition among `Tables` that a statement names: by its name, else by its DynamoDB
 * name, as the handle looks tables up. `never` when no definition's type says that name (a
 * one-call definition's name is only a string), and when a definition whose name the type does
 * not know could hold it before a DynamoDB name would be tried.
 */
export type TableNamed<Tables, Name extends string> = [
  Extract<Tables, { readonly name: Name }>,
] extends [never]
  ? string extends NameOf<Tables>
    ? never
    : Extract<Tables, { readonly tableName: Name }>
  : Extract<Tables, { readonly name: Name }>

type NameOf<Tables> = Tables extends { readonly name: infer Name } ? Name : never

/** The item a read of `Table` returns for projection `P`; `never` for a count. */
export type ResultItem<Table, P extends Projection> =
  Table extends TableDefinition<infer Item, infer Shape>
    ? P extends { readonly kind: 'star' }
      ? Item
      : P extends { readonly kind: 'list'; readonly whole: infer Whole extends string }
        ? Picked<
            Item,
            FieldNames<Shape['fields'], Whole>,
            FieldNames<Shape['fields'], Extract<P, { kind: 'list' }>['partial']>
          >
        : never
    : never

/**
 * `Pick` of the item by the field names of the whole paths; the first names of partial paths,
 * and names the item type does not have, as `unknown`.
 */
type Picked<Item, Whole extends string, Partial extends string> = Picks<
  Item,
  Exclude<Extract<Whole, keyof Item>, Partial>,
  Exclude<Whole, keyof Item> | Partial
>

type Picks<Item, Known extends keyof Item, Unknown extends string> = [Unknown] extends [never]
  ? Pick<Item, Known>
  : [Known] extends [never]
    ? { [Name in Unknown]: unknown }
    : Pick<Item, Known> & { [Name in Unknown]: unknown }

/** The name a result gives each of `Names`: its field name when it has one, else itself. */
type FieldNames<Fields, Names extends string> = Names extends keyof Fields
  ? Names
  : FieldOf<Fields, Names> extends infer Field extends string
    ? [Field] extends [never]
      ? Names
      : Field
    : Names

type FieldOf<Fields, Attribute extends string> = {
  [Field in keyof Fields]: Fields[Field] extends Attribute ? Field : never
}[keyof Fields]
