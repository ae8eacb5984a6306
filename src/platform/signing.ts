import crypto from 'node:crypto';

/**
 * Signed webhooks, one scheme for all of them (payments in, chat events in, webhooks out): the
 * header `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. The timestamp is inside the MAC, so a
 * captured call cannot be replayed after the tolerance.
 */
export function signBody(secret: string, rawBody: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const mac = crypto.createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/** Checks a signature header against the raw body: 'ok', 'bad' (wrong key or malformed) or 'stale'. */
export function checkSignature(secret: string, header: string | undefined, rawBody: string, toleranceSeconds: number, nowSeconds = Math.floor(Date.now() / 1000)): 'ok' | 'bad' | 'stale' {
  const parts = Object.fromEntries((header ?? '').split(',').map((kv) => kv.trim().split('=', 2) as [string, string]));
  const t = Number(parts.t);
  const v1 = parts.v1 ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return 'bad';
  const expected = crypto.createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  if (!crypto.timingSafeEqual(expected, Buffer.from(v1, 'hex'))) return 'bad';
  return Math.abs(nowSeconds - t) > toleranceSeconds ? 'stale' : 'ok';
}
