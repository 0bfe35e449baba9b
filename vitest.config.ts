import { defineConfig } from 'vitest/config'

const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }

export default defineConfig({
  test: {
    // A hung test is a failure, not a stuck CI run.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/conformance/**'],
          globalSetup: ['test/global-build.ts'],
          env,
        },
      },
      {
        test: {
          name: 'conformance',
          include: ['test/conformance/**/*.test.ts'],
          globalSetup: ['test/conformance/global-setup.ts'],
          env,
        },
      },
    ],
  },
})
