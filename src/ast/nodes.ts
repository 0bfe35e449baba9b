/**
 * The DQL syntax tree. Every node is readonly and carries a `kind` tag; `at` is the offset of
 * the node's first character in the statement text (template holes shown as `${…}`), so any
 * later stage can point at the spot with a line, column and caret. The nodes of writes are in
 * write-nodes.ts, exported from here too.
 */
import type { WriteStatement } from './write-nodes.js'

/** A whole statement: a read (`SELECT … FROM …` or just `FROM …`), a `SCAN`, or a write. */
export type Statement = ReadStatement | ScanStatement | WriteStatement

export type * from './write-nodes.js'

/** The statements that read: what first/all/iterate/count/page run. */
export type ReadOrScan = ReadStatement | ScanStatement

/** `[EXPLAIN] [SELECT projection] FROM table [USE INDEX (name)] [WHERE …] [ORDER BY …] [LIMIT n] [CONSISTENT]` */
export interface ReadStatement {
  readonly kind: 'read'
  readonly explain: boolean
  readonly projection: Projection
  readonly table: TableRef
  readonly index: NameNode | undefined
  readonly where: Condition | undefined
  readonly orderBy: OrderBy | undefined
  readonly limit: LimitNode | undefined
  readonly consistent: boolean
  /** Where CONSISTENT is written, when it is. */
  readonly consistentAt?: number
  readonly at: number
}

/**
 * `[EXPLAIN] SCAN [projection] FROM table [USE INDEX (name)] [WHERE …] [LIMIT n] [CONSISTENT]
 * [SEGMENTS n]`
 */
export interface ScanStatement {
  readonly kind: 'scan'
  readonly explain: boolean
  readonly projection: Projection
  readonly table: TableRef
  readonly index: NameNode | undefined
  readonly where: Condition | undefined
  readonly limit: LimitNode | undefined
  readonly consistent: boolean
  /** Where CONSISTENT is written, when it is. */
  readonly consistentAt?: number
  /** `SEGMENTS n`, when written: a parallel Scan in n segments. */
  readonly segments?: SegmentsNode
  readonly at: number
}

export type Projection = AllProjection | CountProjection | PathsProjection

/** `*`, and what a statement with no SELECT reads. */
export interface AllProjection {
  readonly kind: 'all'
  readonly at: number
}

/** `COUNT(*)` */
export interface CountProjection {
  readonly kind: 'count'
  readonly at: number
}

/** `a, b.c, d[0]` */
export interface PathsProjection {
  readonly kind: 'paths'
  readonly paths: readonly PathNode[]
  readonly at: number
}

export type TableRef = NameNode | TableHole

/** A plain name: a table, an index, or one segment where only a name fits. */
export interface NameNode {
  readonly kind: 'name'
  readonly name: string
  readonly at: number
}

/** `FROM ${table}`: a hole holding a table definition. */
export interface TableHole {
  readonly kind: 'table-hole'
  readonly hole: number
  readonly at: number
}

export interface OrderBy {
  readonly path: PathNode
  readonly descending: boolean
  readonly at: number
}

export interface LimitNode {
  readonly value: number
  readonly at: number
}

/** `SEGMENTS n`: the number of segments of a parallel Scan; `at` is the word SEGMENTS. */
export interface SegmentsNode {
  readonly value: number
  readonly at: number
}

/** `a.b[2].c`: segments are attribute names (strings) and list indexes (numbers). */
export interface PathNode {
  readonly kind: 'path'
  readonly segments: readonly (string | number)[]
  readonly at: number
}

export type Value = StringValue | NumberValue | BooleanValue | NullValue | HoleValue | ParamValue

export interface StringValue {
  readonly kind: 'string'
  readonly value: string
  readonly at: number
}

/** A number literal, kept as written so that no precision is lost before DynamoDB sees it. */
export interface NumberValue {
  readonly kind: 'number'
  readonly text: string
  readonly at: number
}

export interface BooleanValue {
  readonly kind: 'boolean'
  readonly value: boolean
  readonly at: number
}

export interface NullValue {
  readonly kind: 'null'
  readonly at: number
}

/** `${…}` in a tagged template: the value at `hole` in the call's values. */
export interface HoleValue {
  readonly kind: 'hole'
  readonly hole: number
  readonly at: number
}

/** `:name` in a text statement: bound from the named parameters of the call. */
export interface ParamValue {
  readonly kind: 'param'
  readonly name: string
  readonly at: number
}

/** `size(path)`: usable wherever an operand is. */
export interface SizeNode {
  readonly kind: 'size'
  readonly path: PathNode
  readonly at: number
}

export type Operand = PathNode | Value | SizeNode

export type Condition =
  | AndCondition
  | OrCondition
  | NotCondition
  | CompareCondition
  | BetweenCondition
  | InCondition
  | BeginsWithCondition
  | ContainsCondition
  | AttributeExistsCondition
  | AttributeNotExistsCondition
  | AttributeTypeCondition

/** Two or more conditions joined by AND, flattened: `a AND b AND c` is one node. */
export interface AndCondition {
  readonly kind: 'and'
  readonly operands: readonly Condition[]
  readonly at: number
}

/** Two or more conditions joined by OR, flattened. */
export interface OrCondition {
  readonly kind: 'or'
  readonly operands: readonly Condition[]
  readonly at: number
}

export interface NotCondition {
  readonly kind: 'not'
  readonly operand: Condition
  readonly at: number
}

export type CompareOperator = '=' | '<>' | '<' | '<=' | '>' | '>='

export interface CompareCondition {
  readonly kind: 'compare'
  readonly operator: CompareOperator
  readonly left: Operand
  readonly right: Operand
  readonly at: number
}

export interface BetweenCondition {
  readonly kind: 'between'
  readonly operand: Operand
  readonly low: Operand
  readonly high: Operand
  readonly at: number
}

/** `x IN (a, b, c)`, or `x IN ${array}` / `x IN :list`, where one value holds the whole list. */
export interface InCondition {
  readonly kind: 'in'
  readonly operand: Operand
  readonly list: InList
  readonly at: number
}

/** The list of an IN: written out, or one value (a hole or a parameter) holding it all. */
export type InList = WrittenList | HoleValue | ParamValue

/** `(a, b, c)` after IN. */
export interface WrittenList {
  readonly kind: 'items'
  readonly items: readonly Operand[]
  readonly at: number
}

export interface BeginsWithCondition {
  readonly kind: 'begins-with'
  readonly path: PathNode
  readonly prefix: Operand
  readonly at: number
}

export interface ContainsCondition {
  readonly kind: 'contains'
  readonly path: PathNode
  readonly operand: Operand
  readonly at: number
}

export interface AttributeExistsCondition {
  readonly kind: 'attribute-exists'
  readonly path: PathNode
  readonly at: number
}

export interface AttributeNotExistsCondition {
  readonly kind: 'attribute-not-exists'
  readonly path: PathNode
  readonly at: number
}

export interface AttributeTypeCondition {
  readonly kind: 'attribute-type'
  readonly path: PathNode
  readonly type: Operand
  readonly at: number
}
