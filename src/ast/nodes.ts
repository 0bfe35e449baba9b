/**
 * The DQL syntax tree. Every node is readonly and carries a `kind` tag; `at` is the offset of
 * the node's first character in the statement text (template holes shown as `${…}`), so any
 * later stage can point at the spot with a line, column and caret.
 */

/** A whole statement: a read (`SELECT … FROM …` or just `FROM …`), a `SCAN`, or a write. */
export type Statement = ReadStatement | ScanStatement | WriteStatement

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

/** `[EXPLAIN] SCAN [projection] FROM table [USE INDEX (name)] [WHERE …] [LIMIT n] [CONSISTENT]` */
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

/** A write statement (DQL v2): INSERT, REPLACE, UPDATE, UPSERT, DELETE or CHECK. */
export type WriteStatement = PutStatement | UpdateStatement | DeleteStatement | CheckStatement

/** `INSERT INTO t VALUE item`, `REPLACE INTO t VALUES item, … [WHERE …]`. */
export interface PutStatement {
  readonly kind: 'put'
  /** INSERT refuses an existing key; REPLACE overwrites it. */
  readonly mode: 'insert' | 'replace'
  readonly explain: boolean
  readonly table: TableRef
  /** VALUE (exactly one item) or VALUES (a list, or one value holding the list). */
  readonly values: ItemsNode
  readonly where: Condition | undefined
  readonly at: number
}

/** What follows VALUE or VALUES. */
export interface ItemsNode {
  /** `true` for VALUES, `false` for VALUE. */
  readonly plural: boolean
  readonly items: readonly ItemNode[]
  readonly at: number
}

/**
 * An item: written out as `{ 'name': literal, … }`, or one value (a hole or a parameter)
 * holding a plain object — or, as the only item after VALUES, an array of them.
 */
export type ItemNode = MapLiteral | HoleValue | ParamValue

/** `{ 'a': 1, 'b': { 'c': [true, null] } }` */
export interface MapLiteral {
  readonly kind: 'map'
  readonly entries: readonly MapEntry[]
  readonly at: number
}

export interface MapEntry {
  readonly name: string
  readonly value: Literal
  readonly at: number
}

/** `[1, 'two', { 'three': 3 }]` */
export interface ListLiteral {
  readonly kind: 'list'
  readonly items: readonly Literal[]
  readonly at: number
}

/** A value as an item holds it: a scalar, a hole, a parameter, or a nested map or list. */
export type Literal = Value | MapLiteral | ListLiteral

/** `UPDATE t SET … WHERE …` (the item must exist) or `UPSERT t …` (DynamoDB's create-or-update). */
export interface UpdateStatement {
  readonly kind: 'update'
  readonly upsert: boolean
  readonly explain: boolean
  readonly table: TableRef
  readonly actions: readonly UpdateAction[]
  readonly where: Condition
  readonly returning: ReturningNode | undefined
  readonly at: number
}

export type UpdateAction = SetAction | RemoveAction | AddAction | DeleteAction

/** `SET path = expression` */
export interface SetAction {
  readonly kind: 'set'
  readonly path: PathNode
  readonly value: SetExpression
  readonly at: number
}

/** `REMOVE path` */
export interface RemoveAction {
  readonly kind: 'remove'
  readonly path: PathNode
  readonly at: number
}

/** `ADD path value`: adds to a number or a set. */
export interface AddAction {
  readonly kind: 'add'
  readonly path: PathNode
  readonly value: Value
  readonly at: number
}

/** `DELETE path value`: removes elements from a set. */
export interface DeleteAction {
  readonly kind: 'delete'
  readonly path: PathNode
  readonly value: Value
  readonly at: number
}

/** The right side of `SET path = …`. */
export type SetExpression = SetOperand | ArithmeticNode

/** What SET reads: a path, a value (maps and lists included), or a function of them. */
export type SetOperand = PathNode | Literal | IfNotExistsNode | ListAppendNode

/** `a + b`, `a - b` */
export interface ArithmeticNode {
  readonly kind: 'arithmetic'
  readonly operator: '+' | '-'
  readonly left: SetOperand
  readonly right: SetOperand
  readonly at: number
}

/** `if_not_exists(path, operand)`: the value at path, or operand when there is none. */
export interface IfNotExistsNode {
  readonly kind: 'if-not-exists'
  readonly path: PathNode
  readonly fallback: SetOperand
  readonly at: number
}

/** `list_append(a, b)`: the list a followed by the list b. */
export interface ListAppendNode {
  readonly kind: 'list-append'
  readonly left: SetOperand
  readonly right: SetOperand
  readonly at: number
}

/** `RETURNING ALL NEW`, as DynamoDB's ReturnValues spells it. */
export interface ReturningNode {
  readonly value: 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW'
  readonly at: number
}

/** `DELETE FROM t WHERE … [RETURNING ALL OLD]` */
export interface DeleteStatement {
  readonly kind: 'delete'
  readonly explain: boolean
  readonly table: TableRef
  readonly where: Condition
  readonly returning: ReturningNode | undefined
  readonly at: number
}

/** `CHECK t WHERE …`: a condition on one item, only inside a transaction. */
export interface CheckStatement {
  readonly kind: 'check'
  readonly explain: boolean
  readonly table: TableRef
  readonly where: Condition
  readonly at: number
}
