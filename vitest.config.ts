import { defineConfig } from 'vitest/config';

const everyTest = [
  'src/**/*.test.ts',
  'connectors/**/*.test.ts',
  'test/**/*.test.ts',
  'mappings/**/*.test.ts',
];
/** Tests that measure the gateway as a whole (time, memory): run alone, after everything else. */
const sequential = ['test/**/*.sequential.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites that share PostgreSQL/Redis isolate themselves by schema/prefix, so files may run in parallel.
    pool: 'forks',
    // Most suites wait on real servers and gateway processes more than they compute: three at a time on CI's
    // two cores took the suite project from about 1,900 s (vitest's default here: cores − 1, one file at a
    // time) to 890 s, and still passed (the sequential project runs alone after it, as before).
    maxWorkers: 3,
    // lists, at the end of the run, the suites that ran without PostgreSQL + Redis (or sshd)
    globalSetup: ['test/support/embedded-only-report.ts', 'test/support/database-templates.ts'],
    setupFiles: ['test/support/openapi-first.ts'],
    projects: [
      { extends: true, test: { name: 'suite', include: everyTest, exclude: sequential } },
      {
        extends: true,
        test: {
          name: 'sequential',
          include: sequential,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
