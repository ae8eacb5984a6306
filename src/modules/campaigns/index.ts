// The campaigns module's public surface: group-buy campaigns (团购/接龙), their items, caps and limits.
export { createCampaign } from './services/create-campaign';
export { updateCampaign, publishCampaign, endCampaignNow } from './services/update-campaign';
export { getCampaign, listCampaigns, getPublicCampaignView, livePublicCampaignsByIds, loadSaleContext, loadSaleContexts, saleStillValidWrite, campaignTitles, type SaleContext } from './services/read-campaigns';
export { holdMemberUnits, releaseMemberUnits, lockItemsForSale, reserveUnitsWrite, confirmUnits, releaseUnits, type UnitLine } from './services/campaign-units';
export { effectiveStatus } from './services/campaign-dto';
export type { CampaignView, ItemRow } from './services/campaign-dto';
export { CampaignErrors } from './campaigns.errors';
export { dueCampaigns, lockDueCampaign, markSettled, markCanceled, metThreshold } from './services/settle-campaign';
