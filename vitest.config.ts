import { defineConfig } from 'vitest/config';

// Tests import workspace packages from their TypeScript sources through the "@tradeloop/source" export
// condition, so no build is needed to test.
export default defineConfig({
  resolve: { conditions: ['@tradeloop/source'] },
  ssr: { resolve: { conditions: ['@tradeloop/source'], externalConditions: ['@tradeloop/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts'],
    globalSetup: ['packages/storage/src/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
