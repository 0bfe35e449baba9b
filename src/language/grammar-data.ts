/**
 * The grammar's structure and lookahead as data, and how the parser of the process is rebuilt
 * from it. Chevrotain learns a grammar by running every rule once in a recording mode, then
 * computes the lookahead paths of every decision from what it recorded; on a cold start that
 * was most of the first statement's time. scripts/grammar-tables.ts runs that analysis ahead
 * of time and writes its results to grammar-tables.ts; here they become Chevrotain's own
 * grammar objects again (for content assist and error messages) and the lookahead functions
 * of every OR, OPTION, MANY and AT_LEAST_ONE (the same functions Chevrotain's LL(k) strategy
 * builds from the same paths). test/language/grammar-tables.test.ts fails when the tables are
 * stale and compares the two parsers on random statements.
 */
import {
  Alternation,
  Alternative,
  EOF,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Rule,
  Terminal,
  tokenMatcher,
  type ILookaheadStrategy,
  type IOrAlt,
  type IProduction,
  type IToken,
  type OptionalProductionType,
  type TokenType,
} from 'chevrotain'
import { GRAMMAR_RULES, LOOKAHEAD_PATHS } from './grammar-tables.js'
import * as t from './tokens.js'

/** One production of a rule: a token, a rule, or a DSL method with its occurrence index. */
export type ProductionData =
  | readonly ['T', token: string, idx: number]
  | readonly ['N', rule: string, idx: number]
  | readonly ['O' | 'M' | 'A', idx: number, definition: readonly ProductionData[]]
  | readonly ['MS' | 'AS', idx: number, separator: string, definition: readonly ProductionData[]]
  | readonly ['OR', idx: number, hasPredicates: boolean, alternatives: readonly AlternativeData[]]

/** An alternative of an OR; `gated` when it has a GATE (Chevrotain then ignores ambiguities). */
export type AlternativeData = readonly [gated: boolean, definition: readonly ProductionData[]]

export type RuleData = readonly [name: string, definition: readonly ProductionData[]]

/** Token names, a path of the lookahead; the paths of one alternative; of one decision. */
export type PathData = readonly string[]

/**
 * The lookahead of every decision, keyed `rule:type:idx`: for an OR, each alternative's
 * paths; for an OPTION or a repetition, the paths that enter it.
 */
export type LookaheadData = Readonly<Record<string, readonly (readonly PathData[])[]>>

/** The key of a decision in LookaheadData. */
export function decisionKey(rule: string, type: string, idx: number): string {
  return `${rule}:${type}:${idx}`
}

/**
 * One of Chevrotain's grammar objects, made without its constructor: the constructors copy
 * their options through lodash (pickBy, assign), which made the few hundred objects of the
 * grammar cost milliseconds on a cold start. `fields` are the own properties the constructor
 * would have set (`_definition` behind the `definition` accessor); grammar-tables.test.ts
 * compares the result with the grammar Chevrotain records.
 */
function make<T extends object>(prototype: T, fields: object): T {
  return Object.assign(Object.create(prototype), fields)
}

/** The rules as Chevrotain's grammar objects, each rule reference linked to its rule. */
export function rulesFromData(
  data: readonly RuleData[],
  tokenType: (name: string) => TokenType,
): Rule[] {
  const links: NonTerminal[] = []
  const many = (items: readonly ProductionData[]) => items.map(production)
  const production = (item: ProductionData): IProduction => {
    switch (item[0]) {
      case 'T':
        return make(Terminal.prototype, { idx: item[2], terminalType: tokenType(item[1]) })
      case 'N': {
        const reference = make(NonTerminal.prototype, {
          _definition: [],
          idx: item[2],
          nonTerminalName: item[1],
        })
        links.push(reference)
        return reference
      }
      case 'O':
        return make(Option.prototype, { _definition: many(item[2]), idx: item[1] })
      case 'M':
        return make(Repetition.prototype, { _definition: many(item[2]), idx: item[1] })
      case 'A':
        return make(RepetitionMandatory.prototype, { _definition: many(item[2]), idx: item[1] })
      case 'MS':
        return make(RepetitionWithSeparator.prototype, {
          _definition: many(item[3]),
          idx: item[1],
          separator: tokenType(item[2]),
        })
      case 'AS':
        return make(RepetitionMandatoryWithSeparator.prototype, {
          _definition: many(item[3]),
          idx: item[1],
          separator: tokenType(item[2]),
        })
      case 'OR':
        return make(Alternation.prototype, {
          _definition: item[3].map(([gated, definition]) =>
            make(Alternative.prototype, {
              _definition: many(definition),
              ignoreAmbiguities: gated,
            }),
          ),
          idx: item[1],
          ignoreAmbiguities: false,
          hasPredicates: item[2],
        })
    }
  }
  const rules = data.map(([name, definition]) =>
    make(Rule.prototype, { _definition: many(definition), orgText: '', name }),
  )
  const byName = new Map(rules.map((rule) => [rule.name, rule]))
  for (const reference of links) {
    const rule = byName.get(reference.nonTerminalName)
    if (rule === undefined) throw new Error(`unreachable: no rule ${reference.nonTerminalName}`)
    reference.referencedRule = rule
  }
  return rules
}

/** What a lookahead function reads: Chevrotain calls them as methods of the parser. */
interface LookaheadHost {
  LA_FAST(howMuch: number): IToken
}

type TokenPaths = readonly (readonly TokenType[])[]

/**
 * Chevrotain's lookahead strategy, with the paths read from the tables instead of computed
 * from the grammar. The functions mirror Chevrotain's LL(k) ones: one token of lookahead
 * becomes a table from token type to alternative; longer paths are matched in order.
 */
export class PrecomputedLookahead implements ILookaheadStrategy {
  constructor(
    private readonly data: LookaheadData,
    private readonly tokenType: (name: string) => TokenType,
  ) {}

  /** The grammar is validated where the tables are made (see the file comment). */
  validate(): [] {
    return []
  }

  buildLookaheadForAlternation(options: {
    prodOccurrence: number
    rule: Rule
    hasPredicates: boolean
    dynamicTokensEnabled: boolean
  }): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
    const alternatives = this.paths(options.rule, 'Alternation', options.prodOccurrence)
    return alternativesLookahead(alternatives, options.hasPredicates, options.dynamicTokensEnabled)
  }

  buildLookaheadForOptional(options: {
    prodOccurrence: number
    prodType: OptionalProductionType
    rule: Rule
    dynamicTokensEnabled: boolean
  }): () => boolean {
    const [paths = []] = this.paths(options.rule, options.prodType, options.prodOccurrence)
    return enterLookahead(paths, options.dynamicTokensEnabled)
  }

  private paths(rule: Rule, type: string, idx: number): TokenPaths[] {
    const found = this.data[decisionKey(rule.name, type, idx)]
    if (found === undefined) {
      throw new Error(`The grammar tables have no ${type} ${idx} in ${rule.name}: regenerate them.`)
    }
    return found.map((paths) => paths.map((path) => path.map(this.tokenType)))
  }
}

function singleTokens(paths: TokenPaths): boolean {
  return paths.every((path) => path.length === 1)
}

/** Whether LA(1), LA(2), … match one of `paths`. */
function matchesOne(host: LookaheadHost, paths: TokenPaths): boolean {
  for (const path of paths) {
    let i = 0
    while (i < path.length && tokenMatcher(host.LA_FAST(i + 1), path[i] ?? EOF)) i++
    if (i === path.length) return true
  }
  return false
}

function alternativesLookahead(
  alternatives: readonly TokenPaths[],
  hasPredicates: boolean,
  dynamicTokens: boolean,
): (this: LookaheadHost, orAlts?: IOrAlt<unknown>[]) => number | undefined {
  if (hasPredicates) {
    return function (this: LookaheadHost, orAlts?: IOrAlt<unknown>[]) {
      for (let alt = 0; alt < alternatives.length; alt++) {
        const gate = orAlts?.[alt]?.GATE
        if (gate !== undefined && gate.call(this) === false) continue
        if (matchesOne(this, alternatives[alt] ?? [])) return alt
      }
      return undefined
    }
  }
  if (!dynamicTokens && alternatives.every(singleTokens)) {
    // The first alternative a token type (or a type of its category) starts wins.
    const choice: (number | undefined)[] = []
    alternatives.forEach((paths, alt) => {
      for (const [type] of paths) {
        for (const index of [type?.tokenTypeIdx, ...(type?.categoryMatches ?? [])]) {
          if (index !== undefined && choice[index] === undefined) choice[index] = alt
        }
      }
    })
    return function (this: LookaheadHost) {
      return choice[this.LA_FAST(1).tokenTypeIdx]
    }
  }
  return function (this: LookaheadHost) {
    for (let alt = 0; alt < alternatives.length; alt++) {
      if (matchesOne(this, alternatives[alt] ?? [])) return alt
    }
    return undefined
  }
}

function enterLookahead(
  paths: TokenPaths,
  dynamicTokens: boolean,
): (this: LookaheadHost) => boolean {
  if (!dynamicTokens && singleTokens(paths)) {
    const enters: boolean[] = []
    for (const [type] of paths) {
      for (const index of [type?.tokenTypeIdx, ...(type?.categoryMatches ?? [])]) {
        if (index !== undefined) enters[index] = true
      }
    }
    return function (this: LookaheadHost) {
      return enters[this.LA_FAST(1).tokenTypeIdx] === true
    }
  }
  return function (this: LookaheadHost) {
    return matchesOne(this, paths)
  }
}

let byName: Map<string, TokenType> | undefined

/** A token type of the grammar (or EOF) by its name, as the tables spell it. */
function tokenTypeNamed(name: string): TokenType {
  byName ??= new Map([...t.allTokens, EOF].map((type) => [type.name, type]))
  const found = byName.get(name)
  if (found === undefined) throw new Error(`The grammar tables name an unknown token ${name}.`)
  return found
}

/** The lookahead strategy of the parser of the process. */
export function precomputedLookahead(): PrecomputedLookahead {
  return new PrecomputedLookahead(LOOKAHEAD_PATHS, tokenTypeNamed)
}

/** The grammar's rules, as Chevrotain would have recorded them. */
export function precomputedRules(): Rule[] {
  return rulesFromData(GRAMMAR_RULES, tokenTypeNamed)
}
