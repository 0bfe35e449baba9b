/**
 * Starts DynamoDB Local once for the conformance suite, and stops it afterwards. Without
 * `java`, the suite is skipped with a printed reason — unless CI=true, where that is a failure.
 */
import type { TestProject } from 'vitest/node'
import { javaMissing, startDynamoLocal } from '../support/dynamo-local.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local's endpoint, or null when the suite is skipped. */
    dynamoLocal: string | null
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const missing = javaMissing()
  if (missing !== undefined) {
    if (process.env.CI === 'true') {
      throw new Error(`The conformance suite needs Java 17 for DynamoDB Local: ${missing}.`)
    }
    console.warn(`\nSkipping the DynamoDB Local conformance suite: ${missing}.\n`)
    project.provide('dynamoLocal', null)
    return async () => {}
  }
  const local = await startDynamoLocal()
  project.provide('dynamoLocal', local.endpoint)
  return () => local.stop()
}
