import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['lambda/**/*.test.ts', 'lib/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // The AWS SDK warns, once per process, that its releases after January 2027 need Node 22; this
    // project runs on Node 20 (DESIGN.md §7), as `npm start` and the CLIs do, which opt out the same way.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
