/** What an identity is, known without loading the transport's code (lazy.ts checks it at createDql). */
import { DqlError } from '../../errors.js'
import type { Identity } from './sign.js'

export function isIdentity(value: unknown): value is Identity {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'accessKeyId') === 'string' &&
    typeof Reflect.get(value, 'secretAccessKey') === 'string'
  )
}

/** `credentials` as given to the lean transport: none, a provider, or an identity. */
export function checkCredentials(given: unknown): void {
  if (given === undefined || typeof given === 'function' || isIdentity(given)) return
  throw new DqlError(
    'usage.bad-argument',
    'credentials is { accessKeyId, secretAccessKey, sessionToken? } or a function that returns a promise of one.',
  )
}
