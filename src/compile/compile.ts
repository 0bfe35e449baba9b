/**
 * Plan → PreparedCommand, once per statement and table; PreparedCommand + values →
 * BoundCommand, once per call. Each operation has its own file; this one dispatches.
 */
import type { Plan } from '../plan/plan.js'
import { bindBatchGetItem, compileBatchGetItem } from './batch-get-item.js'
import { bindGetItem, compileGetItem } from './get-item.js'
import type { BindArgs, BoundCommand, PreparedCommand } from './prepared.js'
import { bindQuery, compileQuery } from './query.js'
import { scanSupport, type ScanSupport } from '../execute/scan-support.js'
import { leftOut } from '../runtime/left-out.js'

/** Compiles a plan. `text` is the statement, for the positions of bind errors. */
export function compile(plan: Plan, text: string): PreparedCommand {
  switch (plan.operation) {
    case 'GetItem':
      return compileGetItem(plan, text)
    case 'BatchGetItem':
      return compileBatchGetItem(plan, text)
    case 'Query':
      return compileQuery(plan, text)
    case 'Scan':
      return scans().compileScan(plan, text)
  }
}

/** One call's SDK input(s): the prepared command with these values. */
export function bind(prepared: PreparedCommand, args: BindArgs): BoundCommand {
  switch (prepared.operation) {
    case 'GetItem':
      return bindGetItem(prepared, args)
    case 'BatchGetItem':
      return bindBatchGetItem(prepared, args)
    case 'Query':
      return bindQuery(prepared, args)
    case 'Scan':
      return scans().bindScan(prepared, args)
  }
}

/** The scan support, or its error where dqlPrecompile left it out of the bundle. */
export function scans(): ScanSupport {
  if (scanSupport === undefined) throw leftOut('SCAN statements are')
  return scanSupport
}
