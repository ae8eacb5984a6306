import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** A random secret for a session or token: 32 bytes, URL-safe. */
export function newSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Session and token secrets are high-entropy, so a fast hash is enough; only the hash is stored. */
export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** A credential names its tenant and row so lookups hit the (tenant_id, id) key: `tenant.id.secret`. */
export function formatCredential(tenantId: string, id: string, secret: string): string {
  return `${tenantId}.${id}.${secret}`;
}

export function parseCredential(value: string): { tenantId: string; id: string; secret: string } | null {
  const parts = value.split('.');
  if (parts.length !== 3 || parts.some((p) => p.length === 0 || p.length > 100)) return null;
  return { tenantId: parts[0]!, id: parts[1]!, secret: parts[2]! };
}

export const API_TOKEN_PREFIX = 'tuan_';

// algorithm 2 is Argon2id (the package's const enum cannot be imported under isolatedModules).
const ARGON = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** argon2id, with OWASP's minimum parameters. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

let dummyHash: Promise<string> | undefined;
/** Verifying against a throwaway hash makes an unknown email cost as much time as a wrong password. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password');
  await verifyPassword(await dummyHash, password);
}

/** Hash of a one-time code, bound to its tenant and phone. */
export function hashOtp(tenantId: string, phone: string, code: string): string {
  return crypto.createHash('sha256').update(`${tenantId}:${phone}:${code}`).digest('hex');
}

/** 138****0001: what leaders and logs see of a phone number. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}
