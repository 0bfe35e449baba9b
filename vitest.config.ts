import { defineConfig } from 'vitest/config'

/** Settings every project shares (projects do not inherit the root's test options). */
const shared = {
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  // A hung test is a failure, not a stuck CI run; fault tests wait out the SDK's backoff.
  testTimeout: 60_000,
  hookTimeout: 180_000,
}

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
    ],
  },
})
