/**
 * The lean transport as createDql builds it: its code (node:http and node:https, node:crypto,
 * node:zlib) is loaded on the first request, so that importing dql loads no Node built-in and
 * a process that never sends pays nothing for them. After that first request the transport's
 * own `send` takes this one's place: later calls go straight to it.
 */
import { DqlError } from '../../errors.js'
import type { Transport } from '../transport.js'
import { checkCredentials } from './identity.js'
import type { LeanTransportOptions } from './index.js'
import { loadLean } from './load-lean.js'

export function lazyLeanTransport(options: LeanTransportOptions): Transport {
  const load = loadLean
  if (load === undefined) {
    throw new DqlError(
      'usage.not-bundled',
      "transport: 'lean' is not in this bundle: dqlPrecompile left the lean transport out, " +
        "seeing no use of it in the application's files. Bundle with " +
        "dqlPrecompile({ leanTransport: 'keep' }), or import createDql from 'dql/lean'.",
    )
  }
  // Checked at createDql, as createLeanTransport would, rather than at the first request.
  checkCredentials(options.credentials)
  let loading: Promise<Transport> | undefined
  let loaded: Transport | undefined
  const transport: Transport = {
    kind: 'lean',
    send(operation, input, sendOptions) {
      loading ??= load().then((lean) => {
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
