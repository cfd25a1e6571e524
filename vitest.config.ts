// Unit and integration tests (`npm run test:unit`); browser tests have their own config: vitest.e2e.config.ts.
// Built on vite.config.ts so .test.tsx files get the same React transform as the app.
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
      exclude: ['e2e/**', '**/node_modules/**', 'dist/**'],
      globalSetup: ['test/global-setup.ts'],
      // Child processes rather than threads: native addons (better-sqlite3, node-llama-cpp) are not thread-safe to load.
      pool: 'forks',
      maxWorkers: 2,
      testTimeout: 30_000,
      hookTimeout: 60_000,
      teardownTimeout: 30_000,
    },
  }),
);
