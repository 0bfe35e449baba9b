/**
 * `dql check` over files and directories: which files, each parsed with oxc-parser (loaded
 * only here, so neither the library nor the shell ever loads it), each statement found and
 * checked. Results come back per file, in path order, each file's statements in source order.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { extname, join, relative, resolve } from 'node:path'
import { parseSync } from 'oxc-parser'
import { locate } from '../errors.js'
import { checkStatement, type CheckTables, type Checked } from './check-statement.js'
import { findStatements } from './find.js'

/** The file extensions searched. */
export const EXTENSIONS: ReadonlySet<string> = new Set([
  '.ts',
  '.tsx',
  '.mts',
  '.cts',
  '.js',
  '.mjs',
  '.cjs',
])

/** Directories never entered: installed packages, build output, version control. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', 'dist', '.git'])

/** One checked statement with its place in the file. */
export interface CheckedAt {
  readonly checked: Checked
  readonly line: number
  readonly column: number
  /** For an error: where its spot is, and the source line with a caret under it. */
  readonly spot?: { readonly line: number; readonly column: number; readonly excerpt: string }
}

export interface FileResult {
  /** The path as given or found, relative to the working directory. */
  readonly file: string
  readonly statements: readonly CheckedAt[]
}

/** A path that is neither a file nor a directory that can be read. */
export class MissingPathError extends Error {}

/** Every file to check under `paths`, sorted, each once. */
export async function listFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const files = new Set<string>()
  const visit = async (path: string, given: boolean): Promise<void> => {
    const info = await stat(path).catch(() => undefined)
    if (info === undefined) {
      if (given) throw new MissingPathError(`${path}: no such file or directory`)
      return
    }
    if (info.isDirectory()) {
      const entries = await readdir(path, { withFileTypes: true })
      for (const entry of entries) {
        if (entry.isDirectory() && SKIPPED_DIRECTORIES.has(entry.name)) continue
        if (entry.isDirectory() || EXTENSIONS.has(extname(entry.name))) {
          await visit(join(path, entry.name), false)
        }
      }
    } else if (given || EXTENSIONS.has(extname(path))) {
      files.add(relative(cwd, resolve(cwd, path)) || path)
    }
  }
  for (const path of paths) await visit(path, true)
  return [...files].sort()
}

/** Finds and checks the statements of one file's `source`. */
export function checkSource(file: string, source: string, tables: CheckTables): FileResult {
  // CommonJS by its extension; anything else is a module (top-level await, import, export).
  const commonJs = file.endsWith('.cjs') || file.endsWith('.cts')
  const sourceType = commonJs ? 'commonjs' : 'module'
  const parsed = parseSync(file, source, { preserveParens: false, sourceType })
  const problem = parsed.errors[0]
  if (problem !== undefined) {
    const at = problem.labels[0]?.start ?? 0
    const checked: Checked = {
      kind: 'skipped',
      at,
      reason: `the file does not parse as JavaScript or TypeScript: ${problem.message}`,
    }
    return { file, statements: [place(checked, source)] }
  }
  const statements = findStatements(parsed.program, source).map((found) =>
    place(checkStatement(found, source, tables), source),
  )
  return { file, statements }
}

/** Reads and checks `files`, telling `progress` after each one. */
export async function checkFiles(
  files: readonly string[],
  tables: CheckTables,
  progress?: (done: number, total: number) => void,
): Promise<FileResult[]> {
  const results: FileResult[] = []
  for (const file of files) {
    results.push(checkSource(file, await readFile(file, 'utf8'), tables))
    progress?.(results.length, files.length)
  }
  return results
}

function place(checked: Checked, source: string): CheckedAt {
  const { line, column } = locate({ text: source, offset: checked.at })
  if (checked.kind !== 'error') return { checked, line, column }
  return { checked, line, column, spot: locate({ text: source, offset: checked.start }) }
}
