import type { TFunction } from 'i18next';
import type { Actor, CampaignStatus, CampaignSummary, CampaignThreshold } from '../../api/types';

/** Tabs of the campaign list, in the order a campaign lives through them. */
export const CAMPAIGN_STATUSES: CampaignStatus[] = ['draft', 'scheduled', 'live', 'ended', 'succeeded', 'failed', 'canceled'];

/** What PATCH /campaigns/:id accepts in each state (the server enforces the same). */
export type EditableField =
  | 'title'
  | 'description'
  | 'coverImages'
  | 'startsAt'
  | 'endsAt'
  | 'threshold'
  | 'fulfilment'
  | 'warehouseId'
  | 'items'
  | 'caps';

const EDITABLE: Partial<Record<CampaignStatus, EditableField[]>> = {
  draft: ['title', 'description', 'coverImages', 'startsAt', 'endsAt', 'threshold', 'fulfilment', 'warehouseId', 'items', 'caps'],
  scheduled: ['title', 'description', 'coverImages', 'startsAt', 'endsAt', 'caps'],
  live: ['title', 'description', 'coverImages', 'endsAt', 'caps'],
};

export function editableFields(status: CampaignStatus | undefined): EditableField[] {
  return status ? (EDITABLE[status] ?? []) : EDITABLE.draft!;
}

export function isEditable(status: CampaignStatus): boolean {
  return editableFields(status).length > 0;
}

export function isCancelable(status: CampaignStatus): boolean {
  return status === 'draft' || status === 'scheduled' || status === 'live';
}

/**
 * Whether the signed-in staff member may change a campaign: owners any, leaders their own,
 * operators those of their org units' subtrees — approximated here as "has an org unit", since the
 * subtree is the server's business. The server decides; this only hides buttons.
 */
export function canManageCampaign(actor: Actor, campaign: Pick<CampaignSummary, 'createdBy' | 'orgUnitId'>): boolean {
  if (actor.role === 'owner') return true;
  if (actor.role === 'leader') return campaign.createdBy === actor.id;
  if (actor.role === 'operator') return campaign.orgUnitId !== null;
  return false;
}

/** "满 10 人成团" / "No minimum". */
export function thresholdText(t: TFunction, threshold: CampaignThreshold): string {
  if (threshold.kind === 'none') return t('campaigns.threshold.noneShort');
  return t(`campaigns.threshold.${threshold.kind}Short`, { value: threshold.value });
}

/** Progress towards the threshold in percent (100 when there is none). */
export function thresholdPercent(c: Pick<CampaignSummary, 'threshold' | 'figures'>): number {
  const { threshold, figures } = c;
  if (threshold.kind === 'none' || threshold.value <= 0) return 100;
  const reached = threshold.kind === 'participants' ? figures.participants : figures.unitsSold;
  return Math.min(100, Math.round((reached / threshold.value) * 100));
}

/** The public page of a campaign, as members open it. */
export function campaignShareUrl(tenantSlug: string, campaignId: string): string {
  return `${window.location.origin}/m/${encodeURIComponent(tenantSlug)}/c/${encodeURIComponent(campaignId)}`;
}
