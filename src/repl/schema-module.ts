/**
 * `--schema FILE`, for the shell and `dql check`: a JavaScript module whose exports (or arrays
 * among them) are table definitions.
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { isTableDefinition, type TableDefinition } from '../schema/define-table.js'

/** A schema module that could not be loaded: exit 1 with this message, not the usage. */
export class SchemaError extends Error {}

/** A schema module with no definitions: a usage mistake (exit 2, with the usage). */
export class EmptySchemaError extends Error {}

export interface SchemaModule {
  /** Every definition it exports, each once. */
  readonly tables: TableDefinition[]
  /** Export name → definition, for the exports that are one definition. */
  readonly exported: ReadonlyMap<string, TableDefinition>
}

export async function loadSchema(file: string): Promise<SchemaModule> {
  // A top-level await that never settles empties the event loop, and Node then exits with the
  // exit code as it is: make that 1, with a message, until the module has loaded.
  const hung = () => {
    process.stderr.write(
      `dql: ${file} never finished loading: a top-level await in it never settles\n`,
    )
  }
  process.exitCode = 1
  process.once('exit', hung)
  let module: unknown
  try {
    module = await import(pathToFileURL(resolve(file)).href)
  } catch (error) {
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    throw new SchemaError(`${file} failed to load: it threw ${what}`)
  } finally {
    process.off('exit', hung)
    process.exitCode = undefined
  }
  const found: TableDefinition[] = []
  const exported = new Map<string, TableDefinition>()
  const visit = (value: unknown) => {
    if (isTableDefinition(value)) found.push(value)
    else if (Array.isArray(value)) value.forEach(visit)
  }
  if (typeof module === 'object' && module !== null) {
    for (const [name, value] of Object.entries(module)) {
      if (isTableDefinition(value)) exported.set(name, value)
      visit(value)
    }
  }
  if (found.length === 0) {
    throw new EmptySchemaError(`${file} exports no table definitions (defineTable results)`)
  }
  return { tables: [...new Set(found)], exported }
}
