import { defineConfig } from 'vitest/config';

export default defineConfig(({ mode }) => ({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // two cores: two test files at a time
    maxWorkers: 2,
    // `npm run screenshots` (vitest --mode screenshots): the end-to-end test writes docs/screenshots/;
    // otherwise its screenshots go to a temp folder, so `npm test` never rewrites tracked files
    env: mode === 'screenshots' ? { SMART_ALBUM_SCREENSHOTS: '1' } : {},
  },
}));
