import path from 'node:path';
import { z } from 'zod';

const EnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  TUAN_DATA_DIR: z.string().default('./data'),
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: z.enum(['0', '1']).optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(24 * 7),
  SESSION_CACHE_SECONDS: z.coerce.number().min(0).max(300).default(10),
  MEMBER_SESSION_TTL_HOURS: z.coerce.number().positive().default(24 * 30),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().positive().default(30),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  COOKIE_SECURE: z.enum(['0', '1']).optional(),
  ORDER_PAYMENT_MINUTES: z.coerce.number().positive().default(15),
  SANDBOX_PAYMENT_SECRET: z.string().min(16).default('tuan-sandbox-payment-secret'),
  SANDBOX_PAYMENTS: z.enum(['0', '1']).optional(),
  JOBS: z.enum(['0', '1']).default('1'),
  CRM_FULL_REFRESH_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  SEGMENT_INDEX_MIN_PROFILES: z.coerce.number().int().min(0).default(50_000),
  ANALYZE_GROWING_TABLES: z.enum(['0', '1']).default('1'),
});

export interface Config {
  databaseUrl: string | undefined;
  /** Connections in the pool when on a PostgreSQL server. */
  databasePoolSize: number;
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string | undefined;
  logLevel: string;
  logPretty: boolean;
  sessionTtlMs: number;
  /** How long a process may reuse a resolved session without asking the database (0: never). */
  sessionCacheMs: number;
  memberSessionTtlMs: number;
  loginMaxFailures: number;
  loginLockMs: number;
  /** Login and code requests per IP per minute. */
  loginRatePerMinute: number;
  bodyLimit: number;
  cookieSecure: boolean;
  /** Unpaid orders expire, releasing what they hold, after this long. */
  orderPaymentMs: number;
  /** Whether the sandbox payment provider (pay without money) is on: by default only on the embedded database. */
  sandboxPayments: boolean;
  /** HMAC key of the sandbox payment provider's notifications. */
  sandboxPaymentSecret: string;
  /** Run the background jobs (closing campaigns, expiring orders) in this process. */
  jobs: boolean;
  /** Saved segments and rule tags are recomputed from scratch this often (time-only changes: "in the last 7 days"). */
  crmFullRefreshMinutes: number;
  /** From how many profiles a tenant's segment previews count in memory (profile-index.ts); 0 turns the index off. */
  segmentIndexMinProfiles: number;
  /** Whether each process analyzes the tables it grows fast (checkout's) as they double: see table-stats.ts. */
  analyzeGrowingTables: boolean;
}

/** Reads configuration from the environment, failing fast with every bad variable named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable counts as unset (DATABASE_URL= npm start uses the embedded database).
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.TUAN_DATA_DIR),
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    logPretty: e.LOG_PRETTY ? e.LOG_PRETTY === '1' : Boolean(process.stdout.isTTY),
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    sessionCacheMs: e.SESSION_CACHE_SECONDS * 1000,
    memberSessionTtlMs: e.MEMBER_SESSION_TTL_HOURS * 3_600_000,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockMs: e.LOGIN_LOCK_MINUTES * 60_000,
    loginRatePerMinute: e.LOGIN_RATE_PER_MINUTE,
    bodyLimit: e.BODY_LIMIT_BYTES,
    cookieSecure: e.COOKIE_SECURE === '1',
    orderPaymentMs: e.ORDER_PAYMENT_MINUTES * 60_000,
    sandboxPaymentSecret: e.SANDBOX_PAYMENT_SECRET,
    sandboxPayments: e.SANDBOX_PAYMENTS ? e.SANDBOX_PAYMENTS === '1' : !e.DATABASE_URL,
    jobs: e.JOBS === '1',
    crmFullRefreshMinutes: e.CRM_FULL_REFRESH_MINUTES,
    segmentIndexMinProfiles: e.SEGMENT_INDEX_MIN_PROFILES,
    analyzeGrowingTables: e.ANALYZE_GROWING_TABLES === '1',
  };
}
