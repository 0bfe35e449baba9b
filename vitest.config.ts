import { defineConfig } from 'vitest/config'

/** Settings every project shares (projects do not inherit the root's test options). */
const shared = {
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  // A hung test is a failure, not a stuck CI run; fault tests wait out the SDK's backoff.
  testTimeout: 60_000,
  hookTimeout: 180_000,
}

/**
 * The integration suites run again through the lean transport (DQL_TEST_TRANSPORT=lean, read
 * by test/support/create-dql.ts and the fault helpers), on dynalite and on DynamoDB Local. Left
 * out: files that test no transport (options, pure mapping), that are about the SDK transport
 * or the SDK client itself (sdk-transport, timeouts: createClient's handler and dql's deadline
 * on a client of one's own; the lean transport's timeouts are in test/execute/lean-*.test.ts,
 * which run in `unit`), and those that answer in process through an SDK client's request
 * handler (large-page, batch-match), or run the shell (cli-endpoint).
 */
const SDK_ONLY = [
  'test/execute/sdk-transport.test.ts',
  'test/execute/timeouts.test.ts',
  // Its fault plans are by connection, one request per connection (an agent without
  // keep-alive); the lean transport always keeps connections alive. Its socket faults are in
  // lean-timeouts.test.ts and lean/faults.test.ts.
  'test/execute/write-sockets.test.ts',
  'test/execute/large-page.test.ts',
  'test/execute/batch-match.test.ts',
  'test/execute/map-item.test.ts',
  'test/runtime/options.test.ts',
  'test/runtime/transport-options.test.ts',
  'test/conformance/cli-endpoint.test.ts',
  // The lean transport's own tests, which choose their transport themselves.
  'test/execute/lean/**',
  'test/execute/lean-timeouts.test.ts',
  'test/conformance/lean-differential.test.ts',
]
const lean = { env: { ...shared.env, DQL_TEST_TRANSPORT: 'lean' } }

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/conformance/**'],
          globalSetup: ['test/global-build.ts'],
        },
      },
      {
        test: {
          ...shared,
          name: 'conformance',
          include: ['test/conformance/**/*.test.ts'],
          globalSetup: ['test/conformance/global-setup.ts'],
        },
      },
      {
        test: {
          ...shared,
          ...lean,
          name: 'lean',
          include: [
            'test/execute/**/*.test.ts',
            'test/runtime/**/*.test.ts',
            'test/docs/**/*.test.ts',
          ],
          exclude: SDK_ONLY,
        },
      },
      {
        test: {
          ...shared,
          ...lean,
          name: 'conformance-lean',
          include: ['test/conformance/**/*.test.ts'],
          exclude: SDK_ONLY,
          globalSetup: ['test/conformance/global-setup.ts'],
        },
      },
    ],
  },
})
