import type { Ctx } from './context';
import { newId } from './ids';
import { outboxEvents } from './platform.schema';

/** Typed domain events; modules add theirs here as they land. */
export interface DomainEvents {
  'product.created': { productId: string };
  'product.updated': { productId: string; changes: string[] };
  'sku.created': { skuId: string; productId: string };
  'sku.updated': { skuId: string; productId: string };
  'stock.adjusted': { warehouseId: string; skuId: string; delta: number; quantityAfter: number };
  'member.registered': { memberId: string; phone: string; source: string };
  'user.created': { userId: string; role: string };
}

/**
 * Writes a domain event to the outbox in the caller's transaction: the event exists if and only if
 * the change it reports committed. Subscribers read the outbox after commit.
 */
export async function emit<K extends keyof DomainEvents>(ctx: Ctx, type: K, payload: DomainEvents[K]): Promise<string> {
  const id = newId('event');
  await ctx.tx.insert(outboxEvents).values({ tenantId: ctx.tenantId, id, type, payload: payload as Record<string, unknown> });
  return id;
}
