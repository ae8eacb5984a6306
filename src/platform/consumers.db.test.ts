import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseCtx, testDatabase } from '../../tests/helpers/db';
import { createTestTenant, type TestTenant } from '../../tests/helpers/factories';
import { deliver, dispatchRound, type Consumer } from './consumers';
import type { BaseCtx } from './context';
import type { Database } from './db';
import { emit } from './events';
import { inTransaction } from './context';

let database: Database;
let base: BaseCtx;
let t: TestTenant;
const since = new Date();

beforeAll(async () => {
  database = await testDatabase();
  base = baseCtx(database);
  t = await createTestTenant(base);
});
afterAll(() => database.close());

describe('outbox consumers', () => {
  it('deliver each event once per consumer, whatever the redelivery', async () => {
    const seen: string[] = [];
    const consumer: Consumer = { name: `test-${Date.now()}`, types: ['product.created'], handle: async (_ctx, e) => void seen.push(e.id) };
    const ids = await inTransaction(t.sys, async (ctx) => [await emit(ctx, 'product.created', { productId: 'p1' }), await emit(ctx, 'product.created', { productId: 'p2' })]);
    expect(await dispatchRound(base, [consumer], 100, since)).toBeGreaterThanOrEqual(2);
    expect(await dispatchRound(base, [consumer], 100, since)).toBe(0);
    expect(seen.filter((id) => ids.includes(id))).toEqual(ids);
    // Delivering an already consumed event again does nothing.
    const event = { id: ids[0]!, tenantId: t.tenantId, type: 'product.created' as const, payload: { productId: 'p1' }, createdAt: new Date() };
    expect(await deliver(base, consumer, event)).toBe(false);
    expect(seen.filter((id) => id === ids[0])).toHaveLength(1);
  });

  it('redeliver an event whose handler failed, because its consumption rolled back with it', async () => {
    let fail = true;
    const handled: string[] = [];
    const consumer: Consumer = {
      name: `flaky-${Date.now()}`,
      types: ['user.created'],
      handle: async (_ctx, e) => {
        if (fail) throw new Error('handler down');
        handled.push(e.id);
      },
    };
    const id = await inTransaction(t.sys, (ctx) => emit(ctx, 'user.created', { userId: 'u1', role: 'operator' }));
    await expect(dispatchRound(base, [consumer], 100, since)).rejects.toThrow('handler down');
    fail = false;
    await dispatchRound(base, [consumer], 100, since);
    expect(handled).toContain(id);
  });
});
