import type { Consumer } from '../../platform/consumers';
import { generatePickingListsFlow } from '../../flows/fulfilment.flow';
import { voidPickupCode } from './services/pickup-codes';

/**
 * When a campaign closes as a success, its paid pickup orders go onto picking lists per pickup
 * point. An order refunded in full, or completed some other way, no longer has a pickup code to show.
 */
export const fulfilmentConsumer: Consumer = {
  name: 'fulfilment',
  types: ['campaign.succeeded', 'order.refunded', 'order.completed'],
  async handle(ctx, event) {
    switch (event.type) {
      case 'campaign.succeeded':
        await generatePickingListsFlow(ctx, (event.payload as { campaignId: string }).campaignId);
        return;
      case 'order.refunded':
        if ((event.payload as { full: boolean }).full) await voidPickupCode(ctx, (event.payload as { orderId: string }).orderId, 'refunded');
        return;
      case 'order.completed':
        await voidPickupCode(ctx, (event.payload as { orderId: string }).orderId, 'completed');
        return;
    }
  },
};
