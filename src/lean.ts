/**
 * `dql/lean`: the same API as `dql`, built without the SDK transport (scripts/build.mjs leaves
 * src/runtime/sdk-support.ts out of it), so that a bundle of an application on the lean
 * transport holds no code of the AWS SDK. Its `createDql` sends with the lean transport by
 * default (`transport: 'sdk'` is refused); docs/execution.md, "Transports".
 */
export * from './index.js'
