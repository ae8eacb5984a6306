import type { KocBreakdown } from '../../../../shared/crm-extra-types';
import { DISTRIBUTOR_STATUSES, type DistributorStatus } from '../../api/distribution-types';

/** The parts of a KOC score, in the order the console shows them. */
export const KOC_PARTS = ['gmv1', 'gmv2', 'buyers', 'shareOrders', 'helpfulReviews'] as const;
export type KocPart = (typeof KOC_PARTS)[number];

/**
 * Points per unit of each part, as the server scores them (src/modules/crm/services/koc.ts):
 * per yuan of GMV one and two levels down, per buyer, per share-link order, per helpful review.
 */
export const KOC_POINTS: Record<KocPart, number> = { gmv1: 1, gmv2: 0.5, buyers: 50, shareOrders: 20, helpfulReviews: 10 };

/** The GMV parts are fen; the others are counts. */
export function isMoneyPart(part: KocPart): boolean {
  return part === 'gmv1' || part === 'gmv2';
}

export interface KocPartView {
  part: KocPart;
  /** Fen for the GMV parts, a count otherwise. */
  value: number;
  /** The points this part adds, rounded to a whole point. */
  points: number;
}

/** What each part adds to the score, biggest first; parts worth nothing are left out. */
export function kocParts(b: KocBreakdown): KocPartView[] {
  return KOC_PARTS.map((part) => {
    const value = Number(b[part]) || 0;
    const units = isMoneyPart(part) ? value / 100 : value;
    return { part, value, points: Math.round(units * KOC_POINTS[part]) };
  })
    .filter((p) => p.value > 0)
    .sort((a, b) => b.points - a.points || KOC_PARTS.indexOf(a.part) - KOC_PARTS.indexOf(b.part));
}

export function isDistributorStatus(status: string | null | undefined): status is DistributorStatus {
  return (DISTRIBUTOR_STATUSES as readonly string[]).includes(status ?? '');
}

/**
 * Whether "invite as distributor" applies: not to someone already approved or with an application
 * waiting (the server refuses both); a rejected or suspended distributor is approved again.
 */
export function distributorInvite(status: string | null): { allowed: true; reinstates: boolean } | { allowed: false; reason: 'approved' | 'applied' } {
  if (status === 'approved' || status === 'applied') return { allowed: false, reason: status };
  return { allowed: true, reinstates: status === 'rejected' || status === 'suspended' };
}
