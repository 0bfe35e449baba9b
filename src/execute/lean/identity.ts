/** What an identity is, known without loading the transport's code (lazy.ts checks it at createDql). */
import type { Identity } from './sign.js'

export function isIdentity(value: unknown): value is Identity {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'accessKeyId') === 'string' &&
    typeof Reflect.get(value, 'secretAccessKey') === 'string'
  )
}
