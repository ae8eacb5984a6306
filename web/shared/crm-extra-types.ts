// The social CRM's super users (KOC), tiers, consent, personal data and campaign audiences, as the
// API answers them (src/modules/crm/crm.validators.ts, services/tiers.ts, crm.routes.ts), and a
// typed client over any `HttpClient`. Money is integer fen. The rest of the CRM is in crm-types.ts.
import type { HttpClient, Page } from './http';

/** marketing: marketing messages; share_contact: sharing contact details with group leaders. */
export const CONSENT_PURPOSES = ['marketing', 'share_contact'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** The member's own consents now (GET/POST /me/consents). */
export type MyConsents = Record<ConsentPurpose, boolean>;

/** One grant or withdrawal; the latest per purpose counts. */
export interface ConsentEntry {
  purpose: ConsentPurpose;
  granted: boolean;
  /** Where it was given: `member_page`, a store form, a call… */
  source: string;
  note: string;
  /** `member:<id>`, `user:<id>`, `token:<id>` or `system:<id>`. */
  recordedBy: string;
  at: string;
}

/** What the KOC score is made of: GMV in fen one and two levels down, counts for the rest. */
export interface KocBreakdown {
  gmv1: number;
  gmv2: number;
  buyers: number;
  shareOrders: number;
  helpfulReviews: number;
}

export interface KocEntry {
  rank: number;
  id: string;
  name: string;
  phone: string | null;
  score: number;
  breakdown: KocBreakdown;
  invitedCount: number;
  orderCount: number;
  spendFen: number;
  stage: string;
  /** Their distributor status (applied, approved, rejected, suspended), or null. */
  distributor: string | null;
}

export type InviteRole = 'distributor' | 'leader';

export interface TierRules {
  basis: 'spend' | 'points';
  windowDays: number;
  graceDays: number;
  points: { perYuan: number; events: Record<string, number> };
  /** threshold: fen for spend, points for points. */
  levels: Array<{ tierId: string; threshold: number; perks: string }>;
}

export interface TierRow {
  id: string;
  name: string;
  rank: number;
  /** From the rules (fen or points), null when the rules do not name the tier. */
  threshold: number | null;
  perks: string;
  /** People holding the tier now. */
  profiles: number;
}

export interface TierList {
  /** null while tiers are set by hand. */
  rules: TierRules | null;
  tiers: TierRow[];
  withoutTier: number;
}

export interface TierChange {
  from: string | null;
  to: string | null;
  reason: string;
  metric: number;
  at: string;
}

/** The fields of GET /crm/profiles/:id about tiers, consent and the KOC score. */
export interface ProfileCrmExtras {
  tierName: string | null;
  tierSince: string | null;
  /** Spend in fen (or points) in the tier window, as the tier rules count it. */
  tierMetric: number;
  tierHistory: TierChange[];
  consents: { marketing: boolean; shareContact: boolean };
  kocScore: number;
  koc: KocBreakdown;
}

export interface AudienceSegment {
  id: string;
  name: string;
  memberCount: number;
}

export interface CampaignAudience {
  campaignId: string;
  segments: AudienceSegment[];
}

export interface MarketingResult {
  sent: number;
  /** Members of the segment not messaged: no marketing consent. */
  withoutConsent: number;
}

export interface EraseResult {
  profileId: string;
  members: number;
  cellsScrubbed: number;
}

/** A live campaign aimed at a segment the member is in (为你推荐). */
export interface ForYouCampaign {
  id: string;
  title: string;
  coverImages: string[];
  status: string;
  startsAt: string;
  endsAt: string;
  minPriceFen: number;
  maxPriceFen: number;
  itemCount: number;
}

const enc = encodeURIComponent;

/**
 * The staff endpoints of this part of the CRM (owners and operators; tier rules and erasure: owners).
 * @example const x = crmExtraClient(api); const page = await x.koc({ limit: 30 });
 */
export function crmExtraClient(http: HttpClient) {
  return {
    koc: (q: { limit?: number; cursor?: string | null } = {}) => http.get<Page<KocEntry>>('/crm/koc', q),
    invite: (profileId: string, body: { role: InviteRole; message: string }) => http.post<{ role: InviteRole; status: string }>(`/crm/profiles/${enc(profileId)}/invite`, body),
    tiers: () => http.get<TierList>('/crm/tiers'),
    setTierRules: (rules: TierRules) => http.put<TierRules>('/crm/tiers/rules', rules),
    consents: (profileId: string) => http.get<{ items: ConsentEntry[] }>(`/crm/profiles/${enc(profileId)}/consents`),
    grantConsent: (profileId: string, body: { purpose: ConsentPurpose; source: string; note: string }) => http.post<{ items: ConsentEntry[] }>(`/crm/profiles/${enc(profileId)}/consents`, body),
    withdrawConsent: (profileId: string, body: { purpose: ConsentPurpose; source: string; note: string }) =>
      http.post<{ items: ConsentEntry[] }>(`/crm/profiles/${enc(profileId)}/consents/withdraw`, body),
    /** A link (not a call): the browser downloads the file with the session cookie. */
    exportUrl: (profileId: string, format: 'json' | 'xlsx') => `/api/v1/crm/profiles/${enc(profileId)}/export?format=${format}`,
    erase: (profileId: string, body: { reason: string; confirm: 'erase' }) => http.post<EraseResult>(`/crm/profiles/${enc(profileId)}/erase`, body),
    audience: (campaignId: string) => http.get<CampaignAudience>(`/crm/campaigns/${enc(campaignId)}/audience`),
    setAudience: (campaignId: string, segmentIds: string[]) => http.put<CampaignAudience>(`/crm/campaigns/${enc(campaignId)}/audience`, { segmentIds }),
    sendSegmentMessage: (segmentId: string, body: { title: string; body: string }) => http.post<MarketingResult>(`/crm/segments/${enc(segmentId)}/messages`, body),
  };
}

export type CrmExtraClient = ReturnType<typeof crmExtraClient>;
