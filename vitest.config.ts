import { defineConfig } from 'vitest/config';

// Test tiers (see docs/testing.md):
//   unit     pure logic, beside the code:            src/**/*.test.ts, web/**/*.test.ts
//   db       module tests on a real database:         src/**/*.db.test.ts
//   e2e      the HTTP API through the real routes:    tests/e2e/**/*.e2e.test.ts
//   server   concurrency and locking, server only:    tests/server/**/*.server.test.ts
//   browser  the console and member pages in Chromium: tests/browser/**/*.browser.test.ts
// db and e2e run on PGlite (one migrated database, cloned per file) unless TEST_DATABASE_URL is set.
const unitExclude = ['**/*.db.test.ts', '**/node_modules/**'];

export default defineConfig({
  test: {
    globalSetup: ['./tests/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'web/**/*.test.ts'], exclude: unitExclude } },
      { extends: true, test: { name: 'db', include: ['src/**/*.db.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['tests/e2e/**/*.e2e.test.ts'] } },
      { extends: true, test: { name: 'server', include: ['tests/server/**/*.server.test.ts'], fileParallelism: false } },
      { extends: true, test: { name: 'browser', include: ['tests/browser/**/*.browser.test.ts'], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false } },
    ],
  },
});
