/**
 * The syntax tree of writes (DQL v2): INSERT, REPLACE, UPDATE, UPSERT, DELETE and CHECK, their
 * items, update actions and RETURNING. Readonly nodes with a `kind` and an offset `at`, as in
 * nodes.ts, which exports these too.
 */
import type { Condition, HoleValue, ParamValue, PathNode, TableRef, Value } from './nodes.js'

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
