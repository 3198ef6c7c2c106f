/**
 * Where the run's migrated template databases are (test/support/database-templates.ts): the embedded one's
 * `pgdata` folder, and the PostgreSQL one's name on the DATABASE_URL server. Unset outside a vitest run
 * (benchmarks, scripts), where databases are created and migrated as a gateway does.
 */
export const PGLITE_TEMPLATE = 'ORDERGATE_TEST_PGLITE_TEMPLATE';
export const POSTGRES_TEMPLATE = 'ORDERGATE_TEST_POSTGRES_TEMPLATE';
