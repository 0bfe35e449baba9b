/**
 * The lean transport as createDql builds it: its code (node:http and node:https, node:crypto,
 * node:zlib) is loaded on the first request, so that importing dql loads no Node built-in and
 * a process that never sends pays nothing for them. After that first request the transport's
 * own `send` takes this one's place: later calls go straight to it.
 */
import type { Transport } from '../transport.js'
import { checkCredentials } from './identity.js'
import type { LeanTransportOptions } from './index.js'

export function lazyLeanTransport(options: LeanTransportOptions): Transport {
  // Checked at createDql, as createLeanTransport would, rather than at the first request.
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
