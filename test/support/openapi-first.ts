/**
 * Loaded before every test file (vitest `setupFiles`). The API's route modules call `.openapi()` on schemas that
 * services and core define with plain zod; zod 4 gives a schema that method only when `@hono/zod-openapi` was
 * loaded before the schema was made. The gateway loads its API first (src/gateway.ts imports src/api/app.ts
 * before anything that defines a schema); a test may import a service or the console first, so this goes first.
 */
import '@hono/zod-openapi';
