import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'connectors/**/*.test.ts', 'test/**/*.test.ts', 'mappings/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites that share PostgreSQL/Redis isolate themselves by schema/prefix, so files may run in parallel.
    pool: 'forks',
  },
});
