/**
 * Reading an ESTree syntax tree as oxc-parser and ESLint's parsers give it, without depending
 * on either one's types: nodes are objects with a string `type`, positions are `range` (ESLint)
 * or `start`/`end` (oxc-parser), UTF-16 offsets into the source in both.
 */

/** A syntax-tree node. */
export interface EsNode {
  readonly type: string
}

/** Visits every node, parents before children, in source order; no recursion. */
export function walk(root: EsNode, visit: (node: EsNode) => void): void {
  const stack: EsNode[] = [root]
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    visit(node)
    const children: EsNode[] = []
    for (const key in node) {
      if (key === 'parent') continue
      const value: unknown = get(node, key)
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) children.push(item)
      } else if (isNode(value)) children.push(value)
    }
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i]
      if (child !== undefined) stack.push(child)
    }
  }
}

/** Source offset where `node` starts. */
export function startOf(node: EsNode): number {
  const range = get(node, 'range')
  if (Array.isArray(range) && typeof range[0] === 'number') return range[0]
  const start = get(node, 'start')
  return typeof start === 'number' ? start : 0
}

/** Source offset just after `node`. */
export function endOf(node: EsNode): number {
  const range = get(node, 'range')
  if (Array.isArray(range) && typeof range[1] === 'number') return range[1]
  const end = get(node, 'end')
  return typeof end === 'number' ? end : 0
}

export function isNode(value: unknown): value is EsNode {
  return typeof value === 'object' && value !== null && typeof get(value, 'type') === 'string'
}

export function isType(value: unknown, type: string): value is EsNode {
  return isNode(value) && value.type === type
}

export function get(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined
}

export function str(value: unknown, key: string): string {
  const found = get(value, key)
  return typeof found === 'string' ? found : ''
}

export function nodes(value: unknown): EsNode[] {
  return Array.isArray(value) ? value.filter(isNode) : []
}
