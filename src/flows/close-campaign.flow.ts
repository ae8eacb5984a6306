import { inTransaction, systemCtx, type BaseCtx, type Ctx } from '../platform/context';
import { dueCampaigns, lockDueCampaign, markCanceled, markSettled, metThreshold, getCampaign, type CampaignView } from '../modules/campaigns';
import { campaignSales, lockOrder, orderIdsOfCampaign, PAID_STATUSES } from '../modules/orders';
import { closeUnpaidOrder } from './release-order';
import { refundOrderInTx } from './refund-order.flow';

/** Ends a campaign's unpaid orders and, when it failed or was canceled, refunds every paid one. */
async function unwind(ctx: Ctx, campaignId: string, why: { unpaid: string; refund: string | null }): Promise<void> {
  for (const id of await orderIdsOfCampaign(ctx, campaignId, ['pending_payment'])) {
    // Paid between the list and the lock: it is a paid order now, handled below (or kept).
    const order = await lockOrder(ctx, id);
    if (order.status === 'pending_payment') await closeUnpaidOrder(ctx, order, why.unpaid);
  }
  if (why.refund) for (const id of await orderIdsOfCampaign(ctx, campaignId, PAID_STATUSES)) await refundOrderInTx(ctx, id, { reason: why.refund });
}

/**
 * Closes one campaign past its end: unpaid orders end, the threshold (成团) decides success or
 * failure, and a failed campaign refunds every paid order. One transaction; a campaign already
 * closed (by this or another process) is skipped, so closing twice does nothing more.
 */
export async function closeCampaignFlow(base: BaseCtx, tenantId: string, campaignId: string): Promise<'succeeded' | 'failed' | 'skipped'> {
  const ctx = systemCtx(base, tenantId, 'campaign closer');
  return inTransaction(ctx, async (ctx) => {
    const row = await lockDueCampaign(ctx, campaignId);
    if (!row) return 'skipped';
    await unwind(ctx, campaignId, { unpaid: '团购已结束，订单未支付 (the campaign ended before payment)', refund: null });
    const sales = (await campaignSales(ctx, [campaignId])).get(campaignId)!;
    const figures = { participants: sales.participants, units: sales.unitsSold };
    const outcome = metThreshold(row, figures) ? 'succeeded' : 'failed';
    if (outcome === 'failed') await unwind(ctx, campaignId, { unpaid: '未成团，订单关闭 (the campaign failed)', refund: '未成团，自动退款 (the campaign missed its threshold)' });
    await markSettled(ctx, row, outcome, figures);
    return outcome;
  });
}

/**
 * The closing job: every due campaign, each in its own transaction. One that fails (a provider
 * refusing a refund, say) is reported and left for the next round; the others still close.
 */
export async function closeDueCampaigns(base: BaseCtx, onError: (err: unknown, campaignId: string) => void = () => {}): Promise<number> {
  let closed = 0;
  for (const c of await dueCampaigns(base)) {
    try {
      if ((await closeCampaignFlow(base, c.tenantId, c.id)) !== 'skipped') closed++;
    } catch (err) {
      onError(err, c.id);
    }
  }
  return closed;
}

/** Cancels a campaign: unpaid orders end and paid ones are refunded in full. */
export async function cancelCampaignFlow(ctx: Ctx, campaignId: string): Promise<CampaignView> {
  return inTransaction(ctx, async (ctx) => {
    await markCanceled(ctx, campaignId);
    await unwind(ctx, campaignId, { unpaid: '团购已取消 (the campaign was canceled)', refund: '团购已取消，自动退款 (the campaign was canceled)' });
    return getCampaign(ctx, campaignId);
  });
}
