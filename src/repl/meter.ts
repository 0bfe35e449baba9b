/**
 * What the shell measures of the statement it runs: requests, items read and the capacity
 * consumed, which it asks of reads and writes (ReturnConsumedCapacity) through the client.
 */

/** The requests whose consumed capacity the shell asks for and shows. */
export const READS = ['GetItem', 'Query', 'Scan', 'BatchGetItem']
export const WRITES = [
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]

/** Requests, pages and capacity of the statement being run, gathered from the client. */
export interface Meter {
  operations: string[]
  capacity: number
  /** Write capacity units consumed, asked of writes the same way. */
  writeCapacity: number
  items: number
}
