import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A hung test is a failure, not a stuck CI run.
    testTimeout: 30_000,
  },
})
