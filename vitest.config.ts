import { svelte } from '@sveltejs/vite-plugin-svelte';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig(({ mode }) => {
  const common = {
    pool: 'forks' as const,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits up to 15 s (vitest's 1 s is short for a browser or a server under a loaded CI machine)
    expect: { poll: { timeout: 15_000 } },
    // `npm run screenshots` (vitest --mode screenshots): the end-to-end tests write docs/screenshots/;
    // otherwise their screenshots go to a temp folder, so `npm test` never rewrites tracked files
    env: mode === 'screenshots' ? { SMART_ALBUM_SCREENSHOTS: '1' } : {},
  };
  return {
    test: {
      // two cores: two test files at a time
      maxWorkers: 2,
      projects: [
        {
          test: {
            name: 'node',
            include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
            exclude: ['test/unit/renderer/**'],
            ...common,
          },
        },
        {
          // the renderer's state classes: Svelte runes compiled for the browser, run in node
          plugins: [svelte()],
          resolve: { conditions: ['browser'], alias: { $shared: path.resolve(import.meta.dirname, 'electron/shared') } },
          test: { name: 'renderer', include: ['test/unit/renderer/**/*.test.ts'], ...common },
        },
      ],
    },
  };
});
