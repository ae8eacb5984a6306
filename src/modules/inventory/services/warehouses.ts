import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { listOrgUnits } from '../../identity';
import { InventoryErrors, WAREHOUSE_ENTITY } from '../inventory.errors';
import { warehouses } from '../inventory.schema';
import type { z } from 'zod';
import type { ZWarehouse } from '../inventory.validators';

export type WarehouseDto = z.infer<typeof ZWarehouse>;

export function warehouseDto(r: typeof warehouses.$inferSelect): WarehouseDto {
  return { id: r.id, name: r.name, code: r.code, address: r.address, orgUnitId: r.orgUnitId, createdAt: r.createdAt.toISOString() };
}

/** Adds one of the brand's own warehouses. Owners only. */
export async function createWarehouse(ctx: Ctx, input: { name: string; code: string; address: string; orgUnitId?: string | undefined }): Promise<WarehouseDto> {
  requireRole(ctx, 'owner', 'system');
  return inTransaction(ctx, async (ctx) => {
    if (input.orgUnitId && !(await listOrgUnits(ctx)).some((o) => o.id === input.orgUnitId)) throw notFound({ zh: '组织', en: 'Org unit' });
    const id = newId('warehouse');
    const [row] = await ctx.tx
      .insert(warehouses)
      .values({ tenantId: ctx.tenantId, id, name: input.name, code: input.code, address: input.address, orgUnitId: input.orgUnitId ?? null })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError(InventoryErrors.warehouse_code_taken, { params: { code: input.code }, errors: [{ path: 'code', message: 'already in use' }] });
    await audit(ctx, { action: 'warehouse.created', entityType: 'warehouse', entityId: id, data: { name: input.name, code: input.code } });
    return warehouseDto(row);
  });
}

/** Warehouses, newest first. Owners and operators; leaders too, to choose one for their group-buys. */
export async function listWarehouses(ctx: Ctx, q: { limit: number; cursor?: string | undefined }): Promise<Page<WarehouseDto>> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  const conds = [eq(warehouses.tenantId, ctx.tenantId)];
  if (q.cursor) conds.push(lt(warehouses.id, String(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(warehouses).where(and(...conds)).orderBy(desc(warehouses.id)).limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => [r.id], warehouseDto);
}

/** Warehouse rows by id, for labelling lists. */
export async function warehousesById(ctx: Ctx, ids: string[]): Promise<Map<string, typeof warehouses.$inferSelect>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.tx
    .select()
    .from(warehouses)
    .where(and(eq(warehouses.tenantId, ctx.tenantId), sql`${warehouses.id} = any(${sql.param([...new Set(ids)])}::text[])`));
  return new Map(rows.map((r) => [r.id, r]));
}
