/**
 * Finds the dql statements in a JavaScript or TypeScript syntax tree (ESTree, as oxc-parser
 * and ESLint's parsers give it): tagged templates whose tag is `dql` or a read or write call,
 * `db.prepare('literal')` texts and the statements written in `db.transact([...])`. What it
 * cannot read statically is returned as skipped, with the reason.
 */
import { endOf, get, isNode, isType, nodes, startOf, str, walk, type EsNode } from './estree.js'
import type { SourceHole, SourcePart } from './source-map.js'

export type { EsNode } from './estree.js'

/** The calls a statement can be written for; `dql` is a bound statement whose call is unknown. */
export type StatementCall =
  | 'first'
  | 'all'
  | 'iterate'
  | 'count'
  | 'page'
  | 'explain'
  | 'run'
  | 'dql'
  | 'prepare'
  | 'transact'

const TAG_CALLS: ReadonlySet<string> = new Set([
  'first',
  'all',
  'iterate',
  'count',
  'page',
  'explain',
  'run',
])

/** What a `FROM ${x}` hole's identifier is bound to in the file. */
export type TableBinding =
  | { readonly kind: 'import'; readonly name: string; readonly from: string }
  | { readonly kind: 'local'; readonly name: string }

export interface FoundHole extends SourceHole {
  /** The hole's expression as written, e.g. `bins`. */
  readonly expression: string
  /** What the hole names, when it is an identifier bound to an import or a local definition. */
  readonly binding: TableBinding | undefined
}

export type Found =
  | {
      readonly kind: 'template'
      readonly call: StatementCall
      /** Source offset of the opening back-quote. */
      readonly at: number
      /** Each part's cooked text; undefined for a part with an invalid escape. */
      readonly cooked: readonly (string | undefined)[]
      readonly parts: readonly SourcePart[]
      readonly holes: readonly FoundHole[]
    }
  | {
      readonly kind: 'text'
      readonly call: 'prepare'
      readonly at: number
      readonly text: string
      readonly part: SourcePart
    }
  | { readonly kind: 'skipped'; readonly at: number; readonly reason: string }

/** Every statement in `program`, in source order. `source` is the file's text. */
export function findStatements(program: EsNode, source: string): Found[] {
  const found: Found[] = []
  const calls = new Map<EsNode, StatementCall>()
  const imports = new Map<string, { name: string; from: string }>()
  const locals = new Map<string, string>()
  const holes: { hole: Omit<FoundHole, 'binding'>; identifier: string | undefined }[][] = []
  const text = (node: EsNode) => source.slice(startOf(node), endOf(node))

  const isDqlTag = (tag: unknown) => {
    if (!isType(tag, 'Identifier')) return false
    const name = str(tag, 'name')
    const imported = imports.get(name)
    return imported === undefined ? name === 'dql' : imported.name === 'dql'
  }

  walk(program, (node) => {
    switch (node.type) {
      case 'ImportDeclaration': {
        const from = str(get(node, 'source'), 'value')
        for (const specifier of nodes(get(node, 'specifiers'))) {
          const local = str(get(specifier, 'local'), 'name')
          const imported = get(specifier, 'imported')
          const name =
            specifier.type === 'ImportSpecifier'
              ? str(imported, 'name') || str(imported, 'value')
              : 'default'
          imports.set(local, { name, from })
        }
        return
      }
      case 'VariableDeclarator': {
        const id = get(node, 'id')
        const name = definedName(get(node, 'init'))
        if (isType(id, 'Identifier') && name !== undefined) locals.set(str(id, 'name'), name)
        return
      }
      case 'CallExpression': {
        const callee = get(node, 'callee')
        const method = memberName(callee)
        const [first] = nodes(get(node, 'arguments'))
        if (method === undefined || first === undefined) return
        if (method === 'prepare') {
          const literal = literalText(first)
          if (literal === undefined) {
            found.push(
              skipped(
                first,
                `db.prepare(${clip(text(first))}): the statement text is not a literal`,
              ),
            )
          } else {
            found.push({ kind: 'text', call: 'prepare', at: startOf(first), ...literal })
          }
        } else if (method === 'transact') {
          if (!isType(first, 'ArrayExpression')) {
            found.push(
              skipped(
                first,
                `db.transact(${clip(text(first))}): the statements are not an array literal`,
              ),
            )
            return
          }
          for (const element of nodes(get(first, 'elements'))) {
            if (isType(element, 'TaggedTemplateExpression')) calls.set(element, 'transact')
            else {
              found.push(
                skipped(
                  element,
                  `db.transact([… ${clip(text(element))} …]): this element is not a statement written in place`,
                ),
              )
            }
          }
        } else if (isTagCall(method) && isType(first, 'TaggedTemplateExpression')) {
          if (isDqlTag(get(first, 'tag')) && !calls.has(first)) calls.set(first, method)
        }
        return
      }
      case 'TaggedTemplateExpression': {
        const tag = get(node, 'tag')
        const method = memberName(tag)
        // Whatever its tag, a template written in db.transact([...]) is a statement there.
        const call: StatementCall | undefined =
          calls.get(node) === 'transact'
            ? 'transact'
            : isDqlTag(tag)
              ? (calls.get(node) ?? 'dql')
              : isTagCall(method)
                ? method
                : undefined
        if (call === undefined) {
          if (method === undefined && isComputedMember(tag) && isNode(tag)) {
            found.push(
              skipped(
                node,
                `${clip(text(tag))}\`…\`: the call is computed, so which one runs it is unknown`,
              ),
            )
          }
          return
        }
        const quasi = get(node, 'quasi')
        if (!isType(quasi, 'TemplateLiteral')) return
        const elements = nodes(get(quasi, 'quasis'))
        const expressions = nodes(get(quasi, 'expressions'))
        const parts = elements.map((element) => ({
          start: startOf(element) + 1,
          end: endOf(element) - (get(element, 'tail') === true ? 1 : 2),
        }))
        const cooked = elements.map((element) => {
          const value = get(get(element, 'value'), 'cooked')
          return typeof value === 'string' ? value : undefined
        })
        const entry = expressions.map((expression, i) => ({
          hole: {
            start: parts[i]?.end ?? startOf(expression),
            end: parts[i + 1]?.start ?? endOf(expression),
            expression: text(expression),
          },
          identifier: isType(expression, 'Identifier') ? str(expression, 'name') : undefined,
        }))
        holes.push(entry)
        found.push({ kind: 'template', call, at: startOf(quasi), cooked, parts, holes: [] })
        return
      }
    }
  })

  // Bindings are known once the whole file is read: a definition may follow its first use.
  let template = 0
  const statements = found.map((item): Found => {
    if (item.kind !== 'template') return item
    const entry = holes[template++] ?? []
    return {
      ...item,
      holes: entry.map(({ hole, identifier }) => ({
        ...hole,
        binding: bindingOf(identifier, imports, locals),
      })),
    }
  })
  // A transact element that is not a statement is found before the statements around it.
  return statements.sort((a, b) => a.at - b.at)
}

function bindingOf(
  identifier: string | undefined,
  imports: ReadonlyMap<string, { name: string; from: string }>,
  locals: ReadonlyMap<string, string>,
): TableBinding | undefined {
  if (identifier === undefined) return undefined
  const local = locals.get(identifier)
  if (local !== undefined) return { kind: 'local', name: local }
  const imported = imports.get(identifier)
  return imported && { kind: 'import', ...imported }
}

type TagCall = 'first' | 'all' | 'iterate' | 'count' | 'page' | 'explain' | 'run'

function isTagCall(method: string | undefined): method is TagCall {
  return method !== undefined && TAG_CALLS.has(method)
}

/** `name` of `defineTable({ name: 'literal', … })` or `defineTable<T>()({ … })`, if so. */
function definedName(init: unknown): string | undefined {
  if (!isType(init, 'CallExpression')) return undefined
  let callee = get(init, 'callee')
  if (isType(callee, 'CallExpression')) callee = get(callee, 'callee')
  const name = isType(callee, 'Identifier') ? str(callee, 'name') : memberName(callee)
  if (name !== 'defineTable') return undefined
  const [options] = nodes(get(init, 'arguments'))
  if (!isType(options, 'ObjectExpression')) return undefined
  for (const property of nodes(get(options, 'properties'))) {
    const key = get(property, 'key')
    if ((str(key, 'name') || str(key, 'value')) !== 'name') continue
    const value = literalText(get(property, 'value'))
    return value?.text
  }
  return undefined
}

/** The text of a string literal or a template without holes, and where it is. */
function literalText(node: unknown): { text: string; part: SourcePart } | undefined {
  if (!isNode(node)) return undefined
  const part = { start: startOf(node) + 1, end: endOf(node) - 1 }
  if (node.type === 'Literal' || node.type === 'StringLiteral') {
    const value = get(node, 'value')
    return typeof value === 'string' ? { text: value, part } : undefined
  }
  if (node.type !== 'TemplateLiteral' || nodes(get(node, 'expressions')).length > 0) {
    return undefined
  }
  const cooked = get(get(nodes(get(node, 'quasis'))[0], 'value'), 'cooked')
  return typeof cooked === 'string' ? { text: cooked, part } : undefined
}

/** `first` of `db.first` or `db['first']`; undefined for anything else. */
function memberName(node: unknown): string | undefined {
  if (!isType(node, 'MemberExpression')) return undefined
  const property = get(node, 'property')
  if (get(node, 'computed') !== true) return str(property, 'name') || undefined
  const value = get(property, 'value')
  return isType(property, 'Literal') && typeof value === 'string' ? value : undefined
}

function isComputedMember(node: unknown): boolean {
  return isType(node, 'MemberExpression') && get(node, 'computed') === true
}

function skipped(node: EsNode, reason: string): Found {
  return { kind: 'skipped', at: startOf(node), reason }
}

/** An expression as written, shortened for a one-line reason. */
function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ')
  return line.length > 40 ? `${line.slice(0, 39)}…` : line
}
