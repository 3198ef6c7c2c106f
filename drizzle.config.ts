import { defineConfig } from 'drizzle-kit';

// drizzle-kit only generates SQL from the schema here; migrations are applied by `ordergate migrate`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './migrations',
});
