import crypto from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../platform/config';
import type { BaseCtx } from '../platform/context';
import { migrateDatabase, openDatabase } from '../platform/db';
import { AppError, toProblem } from '../platform/errors';
import { resetDemo, DEMO_PASSWORD, DEMO_SLUG } from '../demo/seed';
import { createTenant } from '../modules/identity';

const USAGE = `Tuan operations CLI

  npm run tuan -- create-tenant --slug <slug> --name <name> --owner-email <email> [--owner-name <name>] [--password <pw> | --generate-password]
      Creates a tenant, its brand and its first owner. Without --password it asks for one
      (or, with --generate-password or when not on a terminal, generates one and shows it once).

  npm run demo:reset
      Deletes the demo tenant "${DEMO_SLUG}" and creates it again (works on a server database too,
      but only when you run it: a server never gets demo passwords by itself).

Uses DATABASE_URL when set, otherwise the embedded database in TUAN_DATA_DIR (default ./data).`;

async function withDatabase<T>(fn: (base: BaseCtx) => Promise<T>, overrides: Partial<ReturnType<typeof loadConfig>> = {}): Promise<T> {
  const config = { ...loadConfig(), ...overrides };
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite') });
  try {
    await migrateDatabase(database);
    return await fn({ db: database.db, tx: database.db, inTx: false, lang: 'en', requestId: 'cli', config });
  } finally {
    await database.close();
  }
}

async function askPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const pw = await rl.question('Password for the first owner (at least 8 characters): ');
    return pw.trim();
  } finally {
    rl.close();
  }
}

const CreateTenantArgs = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'slug: 2–40 lowercase letters, digits or hyphens'),
  name: z.string().min(1).max(100),
  'owner-email': z.email(),
  'owner-name': z.string().min(1).max(100).default('Owner'),
  password: z.string().min(8, 'password: at least 8 characters').optional(),
  'generate-password': z.boolean().optional(),
});

async function createTenantCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      slug: { type: 'string' },
      name: { type: 'string' },
      'owner-email': { type: 'string' },
      'owner-name': { type: 'string' },
      password: { type: 'string' },
      'generate-password': { type: 'boolean' },
    },
  });
  const parsed = CreateTenantArgs.safeParse(values);
  if (!parsed.success) {
    for (const i of parsed.error.issues) process.stderr.write(`  --${i.path.join('.')}: ${i.message}\n`);
    process.exitCode = 2;
    return;
  }
  const args = parsed.data;
  let password = args.password;
  let generated = false;
  if (!password && !args['generate-password'] && process.stdin.isTTY) password = await askPassword();
  if (!password) {
    password = crypto.randomBytes(12).toString('base64url');
    generated = true;
  }
  if (password.length < 8) throw new Error('the password needs at least 8 characters');
  const result = await withDatabase((base) =>
    createTenant(base, { slug: args.slug, name: args.name, owner: { email: args['owner-email'], name: args['owner-name'], password } }),
  );
  process.stdout.write(`Created tenant ${args.slug} (${result.tenantId}) with owner ${args['owner-email']}.\n`);
  if (generated) process.stdout.write(`Generated password (shown once, store it now): ${password}\n`);
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  switch (command) {
    case 'create-tenant':
      await createTenantCommand(rest);
      break;
    case 'demo-reset':
      // The demo's orders are paid through the sandbox, which is the demo's whole point.
      await withDatabase((base) => resetDemo(base), { sandboxPayments: true });
      process.stdout.write(`Demo tenant "${DEMO_SLUG}" recreated; every demo login uses the password ${DEMO_PASSWORD}.\n`);
      break;
    default:
      process.stdout.write(USAGE + '\n');
      if (command && command !== 'help' && command !== '--help') process.exitCode = 2;
  }
}

main().catch((err: unknown) => {
  if (err instanceof AppError) process.stderr.write(`error: ${toProblem(err, 'en').detail} (${err.code})\n`);
  else process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
