import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { getSkuSummaries } from '../../catalog';
import { warehousesById } from '../../inventory';
import { CampaignErrors } from '../campaigns.errors';
import { campaignItems, campaigns } from '../campaigns.schema';
import type { CreateCampaignRequest } from '../campaigns.validators';
import { assertOrgUnitInScope, defaultOrgUnit } from './campaign-access';
import { campaignDto, loadItems, type CampaignView } from './campaign-dto';

type ItemInput = CreateCampaignRequest['items'][number];

/**
 * Checks the SKUs may be sold here (active products; for leaders, in the selection library) and
 * writes the items with a snapshot of their titles and specs, in the caller's transaction.
 */
export async function writeItems(ctx: Ctx, campaignId: string, items: ItemInput[]): Promise<void> {
  const info = await getSkuSummaries(ctx, items.map((i) => i.skuId));
  const rows = items.map((item, position) => {
    const s = info.get(item.skuId);
    const sellable = s && s.productStatus === 'active' && s.skuStatus === 'active' && (ctx.actor.role !== 'leader' || s.inSelectionLibrary);
    if (!sellable) {
      throw new AppError(CampaignErrors.sku_not_sellable, { params: { sku: s?.code ?? item.skuId }, errors: [{ path: `items.${position}.skuId`, message: 'not sellable' }] });
    }
    const specText = Object.values(s.specs).join(' ');
    return {
      tenantId: ctx.tenantId,
      id: newId('campaignItem'),
      campaignId,
      skuId: item.skuId,
      productId: s.productId,
      title: specText && !s.productTitle.includes(specText) ? `${s.productTitle} ${specText}` : s.productTitle,
      specs: s.specs,
      priceFen: item.priceFen,
      perMemberLimit: item.perMemberLimit,
      cap: item.cap,
      position,
    };
  });
  await ctx.tx.insert(campaignItems).values(rows);
}

export async function assertWarehouse(ctx: Ctx, warehouseId: string): Promise<void> {
  if (!(await warehousesById(ctx, [warehouseId])).has(warehouseId)) throw notFound({ zh: '仓库', en: 'Warehouse' });
}

/** Creates a draft campaign. Owners and operators anywhere in scope; leaders for their own groups from the selection library. */
export async function createCampaign(ctx: Ctx, input: CreateCampaignRequest): Promise<CampaignView> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  const orgUnitId = input.orgUnitId ?? defaultOrgUnit(ctx);
  assertOrgUnitInScope(ctx, orgUnitId);
  return inTransaction(ctx, async (ctx) => {
    await assertWarehouse(ctx, input.warehouseId);
    const id = newId('campaign');
    const now = new Date();
    const [row] = await ctx.tx
      .insert(campaigns)
      .values({
        tenantId: ctx.tenantId,
        id,
        title: input.title,
        description: input.description,
        coverImages: input.coverImages,
        startsAt: new Date(input.startsAt),
        endsAt: new Date(input.endsAt),
        thresholdKind: input.threshold.kind,
        thresholdValue: input.threshold.kind === 'none' ? 0 : input.threshold.value,
        fulfilment: input.fulfilment,
        warehouseId: input.warehouseId,
        orgUnitId,
        createdBy: ctx.actor.id,
        createdByRole: ctx.actor.role,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await writeItems(ctx, id, input.items);
    await audit(ctx, { action: 'campaign.created', entityType: 'campaign', entityId: id, data: { title: input.title, items: input.items.length } });
    return campaignDto(row!, (await loadItems(ctx, [id])).get(id) ?? []);
  });
}
