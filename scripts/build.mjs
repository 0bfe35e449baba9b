/**
 * Bundles dist/src with esbuild, after `tsc -p tsconfig.build.json` has written the .d.ts
 * files (the `build` script in package.json). Plain JavaScript: it runs before anything is
 * compiled.
 *
 * - dql/lean: the library once more, without the SDK transport.
 * - The entries (the library, dql/embedded, the CLI, the demo tables, the ESLint and esbuild plugins) with
 *   their shared chunks; the SDK, dynalite and oxc-parser stay the consumer's packages.
 * - The grammar (src/parse/grammar.ts: the lexer, the parser, Chevrotain) in a file of its
 *   own, dist/src/parse/grammar.js, which the entries never import directly: their import of
 *   src/parse/load-grammar.ts becomes the package import `#dql/grammar`, which Node resolves
 *   to load-grammar-node.js (the grammar required on first use) and a bundler (the `module`
 *   condition) to load-grammar.js (the grammar imported). See docs/bundling.md.
 */
import { join } from 'node:path'
import { build } from 'esbuild'

const common = {
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outbase: 'src',
  outdir: 'dist/src',
  logLevel: 'warning',
}

/** The entries' import of the grammar's loader, left to the package's `#dql/grammar`. */
const grammarSeam = {
  name: 'grammar-seam',
  setup(build) {
    build.onResolve({ filter: /\/load-grammar\.js$/ }, () => ({
      path: '#dql/grammar',
      external: true,
    }))
  },
}

/**
 * The entries' imports of the modules that dqlPrecompile may replace (docs/bundling.md), left to
 * the package's own imports: the SDK's loader (`#dql/sdk`), and the lean transport's loader,
 * the writes, the page cursors, the scans and the planner of reads, each an entry of its own
 * that shares dql's chunks.
 */
const SEAMS = [
  [/\/load-sdk\.js$/, '#dql/sdk'],
  [/\/load-lean\.js$/, '#dql/lean-transport'],
  [/\/write-support\.js$/, '#dql/writes'],
  [/\/cursor-support\.js$/, '#dql/cursors'],
  [/\/scan-support\.js$/, '#dql/scans'],
  [/\/planner-support\.js$/, '#dql/planner'],
]
const seams = {
  name: 'seams',
  setup(build) {
    for (const [filter, path] of SEAMS) {
      build.onResolve({ filter }, () => ({ path, external: true }))
    }
  },
}

await build({
  ...common,
  entryPoints: [
    'src/index.ts',
    'src/execute/embedded.ts',
    'src/repl/cli.ts',
    'src/repl/demo.ts',
    'src/check/eslint-plugin.ts',
    'src/check/esbuild-plugin.ts',
    'src/execute/lean/index.ts',
    'src/runtime/write-support.ts',
    'src/execute/cursor-support.ts',
    'src/execute/scan-support.ts',
    'src/runtime/planner-support.ts',
  ],
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  external: ['@aws-sdk/*', 'dynalite', 'oxc-parser', 'esbuild'],
  plugins: [grammarSeam, seams],
})

// dql/lean: the library again, without the SDK transport (src/runtime/sdk-support.ts), so that
// an application on the lean transport bundles no SDK code.
const withoutSdk = {
  name: 'without-sdk',
  setup(build) {
    build.onResolve({ filter: /\/sdk-support\.js$/ }, () => ({
      path: 'sdk-support',
      namespace: 'empty',
    }))
    build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: '', loader: 'js' }))
    // createClient (exported by dql/lean too) requires the SDK when called, never imports it.
    // Its senders are never loaded here (no SDK transport): no chunk for them.
    build.onResolve({ filter: /\/load-sdk\.js$/ }, (args) => ({
      path: join(args.resolveDir, 'load-sdk-node.ts'),
    }))
    build.onResolve({ filter: /\/sdk-senders\.js$/ }, (args) => ({
      path: args.path,
      external: true,
    }))
  },
}
await build({
  ...common,
  entryPoints: ['src/lean.ts'],
  bundle: true,
  // The lean transport's own code stays a chunk loaded by the first request, as in `dql`.
  splitting: true,
  chunkNames: 'chunks/lean-[name]-[hash]',
  external: ['@aws-sdk/*'],
  plugins: [grammarSeam, withoutSdk],
})

// The grammar with Chevrotain inside, one file, minified: the first statement of a process
// requires it, and Node compiles the whole file then (180 KB minified against 403 KB: the
// require and the first read took 0.87 × and 0.75 × as long in two runs of 15 fresh pairs).
await build({ ...common, entryPoints: ['src/parse/grammar.ts'], bundle: true, minify: true })

// The loaders, as written: each imports only ./grammar.js, the SDK's senders (which import only
// the SDK) or node:module; Node's loaders of the writes, the cursors and the scans
// (`*-support-node.js`) require their part, which shares dql's chunks, on its first use.
await build({
  ...common,
  entryPoints: [
    'src/parse/load-grammar.ts',
    'src/parse/load-grammar-node.ts',
    'src/execute/load-sdk.ts',
    'src/execute/load-sdk-node.ts',
    'src/execute/sdk-senders.ts',
    'src/execute/lean/load-lean.ts',
    'src/runtime/lazy-support.ts',
    'src/runtime/write-support-node.ts',
    'src/execute/cursor-support-node.ts',
    'src/execute/scan-support-node.ts',
  ],
  bundle: false,
})
