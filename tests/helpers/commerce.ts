import crypto from 'node:crypto';
import type { Ctx } from '../../src/platform/context';
import { createProduct } from '../../src/modules/catalog';
import { createCampaign, publishCampaign, type CampaignView } from '../../src/modules/campaigns';
import { ensureMember } from '../../src/modules/identity';
import { adjustStock, createWarehouse } from '../../src/modules/inventory';
import type { TestTenant } from './factories';

export interface LiveCampaign {
  campaign: CampaignView;
  warehouseId: string;
  skuIds: string[];
}

/**
 * A published, live campaign over fresh SKUs with the given stock, caps, prices and limits.
 * `sharedSku` puts the first two items on one SKU (two listings of the same goods).
 */
export async function createLiveCampaign(
  t: TestTenant,
  opts: {
    items: Array<{ stock: number; cap: number; priceFen?: number; perMemberLimit?: number | null }>;
    sharedSku?: boolean;
    threshold?: { kind: 'none' } | { kind: 'participants' | 'units'; value: number };
    fulfilment?: 'pickup' | 'delivery' | 'both';
    endsInMs?: number;
    startsInMs?: number;
  },
): Promise<LiveCampaign> {
  const tag = crypto.randomBytes(3).toString('hex').toUpperCase();
  const skuCount = opts.sharedSku ? Math.max(1, opts.items.length - 1) : opts.items.length;
  const product = await createProduct(t.sys, {
    title: `团购商品 ${tag}`,
    description: '',
    images: [],
    category: '',
    status: 'active',
    inSelectionLibrary: true,
    skus: Array.from({ length: skuCount }, (_, i) => ({ code: `C${tag}-${i}`, specs: { 规格: `${i + 1}` }, basePriceFen: 1000, tierPrices: [] })),
  });
  const wh = await createWarehouse(t.sys, { name: `仓 ${tag}`, code: `W${tag}`, address: '' });
  const skuIds = opts.items.map((_, i) => product.skus[opts.sharedSku ? Math.max(0, i - 1) : i]!.id);
  const stockBySku = new Map<string, number>();
  opts.items.forEach((it, i) => stockBySku.set(skuIds[i]!, Math.max(stockBySku.get(skuIds[i]!) ?? 0, it.stock)));
  for (const [skuId, stock] of stockBySku) if (stock > 0) await adjustStock(t.sys, { warehouseId: wh.id, skuId, delta: stock, reason: 'test stock' });
  const now = Date.now();
  const campaign = await createCampaign(t.sys, {
    title: `测试团 ${tag}`,
    description: '',
    coverImages: [],
    startsAt: new Date(now + (opts.startsInMs ?? -60_000)).toISOString(),
    endsAt: new Date(now + (opts.endsInMs ?? 3_600_000)).toISOString(),
    threshold: opts.threshold ?? { kind: 'none' },
    fulfilment: opts.fulfilment ?? 'both',
    warehouseId: wh.id,
    items: opts.items.map((it, i) => ({ skuId: skuIds[i]!, priceFen: it.priceFen ?? 1990, perMemberLimit: it.perMemberLimit ?? null, cap: it.cap })),
  });
  return { campaign: await publishCampaign(t.sys, campaign.id), warehouseId: wh.id, skuIds };
}

let phoneSeq = Math.floor(Math.random() * 1_000_000);
/** A fresh member's context (a unique phone per call). */
export async function newMember(t: TestTenant, name = ''): Promise<Ctx> {
  const phone = `139${String(phoneSeq++ % 100_000_000).padStart(8, '0')}`;
  const m = await ensureMember(t.sys, { phone, name, source: 'test' });
  return { ...t.sys, actor: { type: 'member', id: m.id, name: m.name, role: 'member' } };
}

export const key = () => crypto.randomUUID();
