/**
 * The lean transport as createDql builds it: its code (node:http and node:https, node:crypto,
 * node:zlib) is loaded on the first request, so that importing dql loads no Node built-in and
 * a process that never sends pays nothing for them. After that first request the transport's
 * own `send` takes this one's place: later calls go straight to it.
 */
import { DqlError } from '../../errors.js'
import type { Transport } from '../transport.js'
import { isIdentity } from './identity.js'
import type { LeanTransportOptions } from './index.js'

export function lazyLeanTransport(options: LeanTransportOptions): Transport {
  checkCredentials(options.credentials)
  let loading: Promise<Transport> | undefined
  let loaded: Transport | undefined
  const transport: Transport = {
    kind: 'lean',
    send(operation, input, sendOptions) {
      loading ??= import('./index.js').then((lean) => {
        loaded = lean.createLeanTransport(options)
        transport.send = loaded.send
        return loaded
      })
      return loading.then((lean) => lean.send(operation, input, sendOptions))
    },
    destroy: () => loaded?.destroy(),
  }
  return transport
}

/** Checked at createDql, as createLeanTransport would, rather than at the first request. */
function checkCredentials(given: unknown): void {
  if (given === undefined || typeof given === 'function' || isIdentity(given)) return
  throw new DqlError(
    'usage.bad-argument',
    'credentials is { accessKeyId, secretAccessKey, sessionToken? } or a function that returns a promise of one.',
  )
}
