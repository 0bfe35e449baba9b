/**
 * The parser of typed text statements, at the type level: the tokens of a read statement (see
 * lex-text.ts) → what its type needs — the table it names, what it returns (items, a count or
 * a plan), its SELECT list and its `:name` parameters. It follows docs/grammar.ebnf clause by
 * clause, over whole tokens; a condition is taken as a run of tokens up to the next clause,
 * from which only the parameters matter. It takes a word at a time off the front of the token
string, so each step is one template match. Anything else — a write, text out of order, a keyword
 * where a name should be — gives `never`, and the statement is untyped.
 */
import type { Keyword } from '../language/vocabulary.js'
import type { Tokens } from './lex-text.js'

/** What a read statement's SELECT list says. */
export type Projection =
  | { readonly kind: 'star' }
  | { readonly kind: 'count' }
  /** The first names of its paths: alone (`issuer`), or with more after them (`address.city`). */
  | { readonly kind: 'list'; readonly whole: string; readonly partial: string }

/** What a read statement's type is made of. */
export interface ReadText {
  /** The table's name as the statement writes it, back-quotes removed. */
  readonly table: string
  readonly result: 'items' | 'count' | 'explain'
  readonly projection: Projection
  /** The `:name` parameters, as a union of names (`never`: none). */
  readonly params: string
}

/** The read statement `Text` says, or `never` when this parser cannot tell. */
export type ReadStatement<Text extends string> = Statement<Tokens<Text>>

type Star = { readonly kind: 'star' }
type Count = { readonly kind: 'count' }

type Statement<T extends string> = T extends `${infer Word} ${infer Rest}`
  ? Uppercase<Word> extends 'EXPLAIN'
    ? Read<Rest, true>
    : Read<T, false>
  : never

type Read<T extends string, Explain extends boolean> = T extends `${infer Word} ${infer Rest}`
  ? Uppercase<Word> extends 'SELECT'
    ? Select<Rest, '', Explain, true>
    : Uppercase<Word> extends 'SCAN'
      ? Select<Rest, '', Explain, false>
      : Uppercase<Word> extends 'FROM'
        ? From<Rest, Star, Explain>
        : never
  : never

/** The SELECT list runs to FROM; SCAN's may be empty (all of the item). */
type Select<
  T extends string,
  List extends string,
  Explain extends boolean,
  Required extends boolean,
> = T extends `${infer Word} ${infer Rest}`
  ? Uppercase<Word> extends 'FROM'
    ? From<Rest, ProjectionOf<List, Required>, Explain>
    : Select<Rest, `${List}${Word} `, Explain, Required>
  : never

type ProjectionOf<List extends string, Required extends boolean> = List extends ''
  ? Required extends true
    ? never
    : Star
  : List extends '* '
    ? Star
    : List extends `${infer Name} ( * ) `
      ? Uppercase<Name> extends 'COUNT'
        ? Count
        : never
      : Paths<List, never, never>

/** Paths separated by commas; each one's first name, whole or partial. */
type Paths<
  List extends string,
  Whole extends string,
  Partial extends string,
> = List extends `${infer Path} ${infer Rest}`
  ? FirstName<Path> extends infer First extends [string, boolean]
    ? [First] extends [never]
      ? never
      : Rest extends ''
        ? {
            readonly kind: 'list'
            readonly whole: Whole | (First[1] extends true ? First[0] : never)
            readonly partial: Partial | (First[1] extends true ? never : First[0])
          }
        : Rest extends `, ${infer More}`
          ? Paths<
              More,
              Whole | (First[1] extends true ? First[0] : never),
              Partial | (First[1] extends true ? never : First[0])
            >
          : never
    : never
  : never

/** A path's first name, and whether it is the whole path: `[name, true]`, or `never`. */
type FirstName<Path extends string> = Path extends `\`${infer Name}\`${infer Tail}`
  ? Tail extends ''
    ? [Name, true]
    : Tail extends `.${string}` | `[${string}`
      ? [Name, false]
      : never
  : Before<Before<Path, '.'>, '['> extends infer Name extends string
    ? IsName<Name> extends true
      ? [Name, Name extends Path ? true : false]
      : never
    : never

type Before<Text extends string, Char extends string> = Text extends `${infer Head}${Char}${string}`
  ? Head
  : Text

/** A plain name starts with a letter or `_` and is no keyword (checked by its first character). */
type IsName<Word extends string> = Word extends `${infer First}${string}`
  ? Uppercase<First> extends NameStart
    ? Uppercase<Word> extends Keyword
      ? false
      : true
    : false
  : false

type NameStart =
  | 'A'
  | 'B'
  | 'C'
  | 'D'
  | 'E'
  | 'F'
  | 'G'
  | 'H'
  | 'I'
  | 'J'
  | 'K'
  | 'L'
  | 'M'
  | 'N'
  | 'O'
  | 'P'
  | 'Q'
  | 'R'
  | 'S'
  | 'T'
  | 'U'
  | 'V'
  | 'W'
  | 'X'
  | 'Y'
  | 'Z'
  | '_'

/** A table or index name: a plain name or a back-quoted one. */
type NameOf<Word extends string> = Word extends `\`${infer Name}\``
  ? Name
  : IsName<Word> extends true
    ? Word
    : never

type From<T extends string, P extends Projection, Explain extends boolean> = [P] extends [never]
  ? never
  : T extends `${infer Word} ${infer Rest}`
    ? NameOf<Word> extends infer Table extends string
      ? [Table] extends [never]
        ? never
        : UseIndex<Rest> extends infer After extends string
          ? Where<After, { table: Table; projection: P; explain: Explain }>
          : never
      : never
    : never

/** `USE INDEX (name)`, if there: the tokens after it. */
type UseIndex<T extends string> =
  T extends `${infer Use} ${infer Index} ( ${infer Name} ) ${infer Rest}`
    ? [Uppercase<Use>, Uppercase<Index>] extends ['USE', 'INDEX']
      ? [NameOf<Name>] extends [never]
        ? never
        : Rest
      : T
    : T

interface Head {
  readonly table: string
  readonly projection: Projection
  readonly explain: boolean
}

type Where<T extends string, H extends Head> = T extends `${infer Word} ${infer Rest}`
  ? Uppercase<Word> extends 'WHERE'
    ? Condition<Rest, H, never, false>
    : OrderBy<T, H, never>
  : OrderBy<T, H, never>

/** Words a condition never holds: one of them ends it, or makes the text unreadable here. */
type EndsCondition = 'ORDER' | 'LIMIT' | 'CONSISTENT' | ';'
type NotInCondition = 'SELECT' | 'SCAN' | 'FROM' | 'WHERE' | 'USE' | 'INDEX' | 'EXPLAIN' | 'BY'

/** A condition's tokens, to the clause after it: the `:name`s it uses. */
type Condition<
  T extends string,
  H extends Head,
  Params extends string,
  Seen extends boolean,
> = T extends `${infer Word} ${infer Rest}`
  ? Uppercase<Word> extends EndsCondition
    ? Seen extends true
      ? OrderBy<T, H, Params>
      : never
    : Uppercase<Word> extends NotInCondition | 'ASC' | 'DESC'
      ? never
      : Word extends `:${infer Name}`
        ? IsName<Name> extends true
          ? Condition<Rest, H, Params | Name, true>
          : never
        : Condition<Rest, H, Params, true>
  : Seen extends true
    ? Done<H, Params>
    : never

type OrderBy<
  T extends string,
  H extends Head,
  Params extends string,
> = T extends `${infer Order} ${infer By} ${infer Path} ${infer Rest}`
  ? [Uppercase<Order>, Uppercase<By>] extends ['ORDER', 'BY']
    ? [FirstName<Path>] extends [never]
      ? never
      : Rest extends `${infer Way} ${infer After}`
        ? Uppercase<Way> extends 'ASC' | 'DESC'
          ? Limit<After, H, Params>
          : Limit<Rest, H, Params>
        : Limit<Rest, H, Params>
    : Limit<T, H, Params>
  : Limit<T, H, Params>

type Limit<
  T extends string,
  H extends Head,
  Params extends string,
> = T extends `${infer Word} ${infer Count} ${infer Rest}`
  ? Uppercase<Word> extends 'LIMIT'
    ? Count extends `${bigint}`
      ? Consistent<Rest, H, Params>
      : never
    : Consistent<T, H, Params>
  : Consistent<T, H, Params>

type Consistent<
  T extends string,
  H extends Head,
  Params extends string,
> = T extends `${infer Word} ${infer Rest}`
  ? Uppercase<Word> extends 'CONSISTENT'
    ? End<Rest, H, Params>
    : End<T, H, Params>
  : End<T, H, Params>

type End<T extends string, H extends Head, Params extends string> = T extends '' | '; '
  ? Done<H, Params>
  : never

type Done<H extends Head, Params extends string> = {
  readonly table: H['table']
  readonly result: H['explain'] extends true
    ? 'explain'
    : H['projection'] extends Count
      ? 'count'
      : 'items'
  readonly projection: H['projection']
  readonly params: Params
}
