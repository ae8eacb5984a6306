import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the module schemas and committed; they are never pushed.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
  casing: 'snake_case',
});
