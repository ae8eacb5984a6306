import type { Consumer } from '../../platform/consumers';
import { generatePickingListsFlow } from '../../flows/fulfilment.flow';

/** When a campaign closes as a success, its paid pickup orders go onto picking lists per pickup point. */
export const fulfilmentConsumer: Consumer = {
  name: 'fulfilment',
  types: ['campaign.succeeded'],
  async handle(ctx, event) {
    await generatePickingListsFlow(ctx, (event.payload as { campaignId: string }).campaignId);
  },
};
