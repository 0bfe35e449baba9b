/**
 * Writes src/language/grammar-tables.ts: the grammar's structure and the lookahead paths of
 * every decision, computed by Chevrotain's full analysis of the grammar (recording and LL(k)),
 * so that the parser of the process is built from data instead (src/language/grammar-data.ts).
 * `npm run grammar-tables` runs it; test/language/grammar-tables.test.ts fails when the
 * checked-in file differs from a fresh computation.
 */
import { existsSync, realpathSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  Alternation,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Terminal,
  getLookaheadPaths,
  type IProduction,
  type LookaheadProductionType,
  type Rule,
} from 'chevrotain'
import {
  decisionKey,
  type LookaheadData,
  type PathData,
  type ProductionData,
  type RuleData,
} from '../src/language/grammar-data.js'
import { DqlParser } from '../src/language/parser.js'
import { MAX_LOOKAHEAD } from '../src/language/statement-rules.js'

export interface GrammarTables {
  readonly rules: RuleData[]
  readonly lookahead: Record<string, PathData[][]>
}

/** The tables, from a parser that runs Chevrotain's whole self-analysis and validations. */
export function computeGrammarTables(): GrammarTables {
  const rules = Object.values(new DqlParser({ validate: true }).getGAstProductions())
  const lookahead: Record<string, PathData[][]> = {}
  for (const rule of rules) {
    for (const [type, idx] of decisions(rule.definition)) {
      const paths = getLookaheadPaths({
        occurrence: idx,
        rule,
        prodType: type,
        maxLookahead: MAX_LOOKAHEAD,
      })
      const names = paths.map((alternative) => alternative.map((path) => path.map((t) => t.name)))
      // An OPTION or a repetition is entered on its first element's paths (what follows is
      // the second, which Chevrotain's LL(k) functions do not use).
      lookahead[decisionKey(rule.name, type, idx)] =
        type === 'Alternation' ? names : names.slice(0, 1)
    }
  }
  return { rules: rules.map((rule) => [rule.name, rule.definition.map(production)]), lookahead }
}

function production(node: IProduction): ProductionData {
  if (node instanceof Terminal) {
    refuse(node.label !== undefined, 'a LABEL')
    return ['T', node.terminalType.name, node.idx]
  }
  if (node instanceof NonTerminal) {
    refuse(node.label !== undefined, 'a LABEL')
    return ['N', node.nonTerminalName, node.idx]
  }
  refuse('maxLookahead' in node, 'a MAX_LOOKAHEAD')
  if (node instanceof Alternation) {
    refuse('ignoreAmbiguities' in node && node.ignoreAmbiguities === true, 'IGNORE_AMBIGUITIES')
    return [
      'OR',
      node.idx,
      'hasPredicates' in node && node.hasPredicates === true,
      node.definition.map((alternative) => {
        const gated = 'ignoreAmbiguities' in alternative && alternative.ignoreAmbiguities === true
        return [gated, children(alternative)]
      }),
    ]
  }
  if (node instanceof Option) return ['O', node.idx, children(node)]
  if (node instanceof Repetition) return ['M', node.idx, children(node)]
  if (node instanceof RepetitionMandatory) return ['A', node.idx, children(node)]
  if (node instanceof RepetitionWithSeparator) {
    return ['MS', node.idx, node.separator.name, children(node)]
  }
  if (node instanceof RepetitionMandatoryWithSeparator) {
    return ['AS', node.idx, node.separator.name, children(node)]
  }
  throw new Error(`The grammar tables cannot hold a ${node.constructor.name}.`)
}

function children(node: IProduction): ProductionData[] {
  return definitionOf(node).map(production)
}

/** The productions inside a production (none in a token; a rule reference is not entered). */
function definitionOf(node: IProduction): IProduction[] {
  if (node instanceof NonTerminal) return []
  return 'definition' in node && Array.isArray(node.definition) ? node.definition : []
}

/** A grammar feature the tables do not carry yet: better to stop than to drop it silently. */
function refuse(present: boolean, what: string): void {
  if (present) throw new Error(`The grammar tables do not carry ${what}: extend grammar-data.ts.`)
}

/** Every decision of a rule's body (not of the rules it calls): its type and occurrence. */
function decisions(definition: readonly IProduction[]): [LookaheadProductionType, number][] {
  const found: [LookaheadProductionType, number][] = []
  const visit = (node: IProduction) => {
    if (node instanceof Alternation) found.push(['Alternation', node.idx])
    else if (node instanceof Option) found.push(['Option', node.idx])
    else if (node instanceof Repetition) found.push(['Repetition', node.idx])
    else if (node instanceof RepetitionMandatory) found.push(['RepetitionMandatory', node.idx])
    else if (node instanceof RepetitionWithSeparator) {
      found.push(['RepetitionWithSeparator', node.idx])
    } else if (node instanceof RepetitionMandatoryWithSeparator) {
      found.push(['RepetitionMandatoryWithSeparator', node.idx])
    }
    definitionOf(node).forEach(visit)
  }
  definition.forEach(visit)
  return found
}

/**
 * The module's text: one rule or one decision a line, so a grammar change shows as a readable
 * diff. The file is data, left out of Prettier (.prettierignore) so it stays that way.
 */
export function renderGrammarTables(tables: GrammarTables): string {
  const rules = tables.rules.map((rule) => `  ${JSON.stringify(rule)},`)
  const lookahead = Object.entries(tables.lookahead).map(
    ([key, paths]) => `  ${JSON.stringify(key)}: ${JSON.stringify(paths)},`,
  )
  return `/**
 * Generated by scripts/grammar-tables.ts (\`npm run grammar-tables\`) from the grammar in this
 * folder: do not edit. The parser of the process is built from these tables (grammar-data.ts);
 * test/language/grammar-tables.test.ts fails when they differ from the grammar.
 */
import type { LookaheadData, RuleData } from './grammar-data.js'

export const GRAMMAR_RULES: readonly RuleData[] = [
${rules.join('\n')}
]

export const LOOKAHEAD_PATHS: LookaheadData = {
${lookahead.join('\n')}
}
`
}

function main(): void {
  const here = dirname(fileURLToPath(import.meta.url))
  // From scripts/ or dist-scripts/scripts/: the package root is where package.json is.
  const root = existsSync(join(here, '..', 'package.json'))
    ? join(here, '..')
    : join(here, '..', '..')
  const target = join(root, 'src', 'language', 'grammar-tables.ts')
  const text = renderGrammarTables(computeGrammarTables())
  writeFileSync(target, text)
  console.log(`Wrote ${relative(process.cwd(), target)} (${text.length} characters).`)
}

function isMain(): boolean {
  const entry = process.argv[1]
  return (
    entry !== undefined &&
    existsSync(entry) &&
    import.meta.url === pathToFileURL(realpathSync(entry)).href
  )
}

if (isMain()) main()
