import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/pagination';
import { PhoneSchema } from '../identity';
import { CHANNELS, CONSENT_PURPOSES, LIFECYCLE_STAGES } from './crm.schema';
import { ZEventType, ZRuleGroup } from './segment-rule';

const Id = z.string().min(1).max(40);
const Name = z.string().trim().min(1, { message: 'required' }).max(40);

// ——— events ———
export const IDENTITY_KINDS = ['chat', 'buyer', 'store_card'] as const;
/** Event types only Tuan itself records (from orders and rosters); an integration cannot send them. */
export const RESERVED_EVENT_TYPES = ['registered', 'order_paid', 'order_refunded', 'order_completed', 'pickup_collected', 'group_status_changed', 'tag_applied', 'tag_removed', 'merged'] as const;

export const ZPersonRef = z
  .object({
    memberId: Id.optional(),
    phone: PhoneSchema.optional(),
    externalId: z.object({ kind: z.enum(IDENTITY_KINDS), value: z.string().trim().min(1).max(100) }).strict().optional(),
  })
  .strict()
  .refine((p) => p.memberId || p.phone || p.externalId, { message: 'name the person by memberId, phone or externalId' })
  .describe('Who did it: a member id, a phone (a new phone registers a member), or an id on another platform (a known one, or linked here when a phone or member id comes with it)');

export const ZIngestEvent = z
  .object({
    clientEventId: z.string().trim().min(1).max(100).optional().describe('Your id for the event: a resent event with the same id is stored once'),
    type: ZEventType.refine((t) => !(RESERVED_EVENT_TYPES as readonly string[]).includes(t), { message: 'this type is recorded by Tuan itself' }).describe(
      'viewed_campaign, shared, liked, commented, reviewed, review_helpful, joined_group, left_group, or your own (2–40 of a–z, 0–9, _ and .)',
    ),
    occurredAt: z.iso.datetime({ offset: true }).optional().describe('When it happened (default: now); not more than 5 minutes ahead'),
    person: ZPersonRef,
    channel: z.enum(CHANNELS).optional(),
    subjectId: z.string().trim().min(1).max(60).optional().describe('What it was about: a campaign, group, product or review id'),
    properties: z
      .record(z.string().max(40), z.unknown())
      .optional()
      .refine((p) => !p || JSON.stringify(p).length <= 4000, { message: 'properties take at most 4,000 characters as JSON' }),
  })
  .strict();
export type IngestEvent = z.infer<typeof ZIngestEvent>;

export const ZIngestRequest = z
  .object({ events: z.array(z.unknown()).min(1).max(1000).describe('Up to 1,000 events, each as in IngestEvent: the valid ones are stored even when others are not') })
  .strict();
export const ZIngestResponse = z.object({
  received: z.number().int(),
  stored: z.number().int(),
  duplicates: z.number().int().describe('Valid events already stored under their clientEventId'),
  rejected: z.array(z.object({ index: z.number().int(), code: z.string(), path: z.string(), message: z.string() })),
});

// ——— tags ———
export const TAG_COLORS = ['blue', 'green', 'gold', 'orange', 'red', 'purple', 'cyan', 'magenta', 'gray'] as const;
export const ZCreateTagGroupRequest = z.object({ name: Name }).strict();
export const ZTagGroup = z.object({ id: z.string(), name: z.string(), createdAt: z.string() });
export const ZDeleteTagGroupResponse = z.object({ ungroupedTags: z.number().int().describe('Tags that were in the group and are now ungrouped') });
export const ZCreateTagRequest = z
  .object({
    name: Name,
    groupId: Id.nullable().default(null),
    color: z.enum(TAG_COLORS).default('blue'),
    kind: z.enum(['manual', 'rule']).default('manual'),
    rule: ZRuleGroup.optional().describe('For a rule tag: the segment rule its members match (it may name manual tags only)'),
  })
  .strict()
  .refine((t) => (t.kind === 'rule') === (t.rule !== undefined), { message: 'a rule tag needs a rule, a manual tag has none', path: ['rule'] });
export const ZUpdateTagRequest = z.object({ name: Name, groupId: Id.nullable(), color: z.enum(TAG_COLORS), rule: ZRuleGroup }).partial().strict();
export const ZTag = z.object({
  id: z.string(),
  name: z.string(),
  groupId: z.string().nullable(),
  groupName: z.string().nullable(),
  color: z.string(),
  kind: z.enum(['manual', 'rule']),
  rule: ZRuleGroup.nullable(),
  profiles: z.number().int(),
  createdAt: z.string(),
  refreshedAt: z.string().nullable(),
});
export const ZTagList = z.object({ groups: z.array(ZTagGroup), items: z.array(ZTag) });
export const ZApplyTagRequest = z
  .object({
    profileIds: z.array(Id).min(1).max(1000).optional(),
    segmentId: Id.optional().describe('Every current member of this saved segment'),
  })
  .strict();
export const ZApplyTagResponse = z.object({ changed: z.number().int().describe('Profiles that gained (or lost) the tag') });

// ——— segments ———
export const ZPreviewSegmentRequest = z.object({ rule: ZRuleGroup, sampleSize: z.number().int().min(0).max(50).default(10) }).strict();
export const ZProfileSummary = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  source: z.string(),
  channels: z.array(z.string()),
  stage: z.enum(LIFECYCLE_STAGES),
  tierId: z.string().nullable(),
  tagIds: z.array(z.string()),
  orderCount: z.number().int(),
  spendFen: z.number().int(),
  lastOrderAt: z.string().nullable(),
  registeredAt: z.string(),
});
export const ZPreviewSegmentResponse = z.object({
  count: z.number().int(),
  sample: z.array(ZProfileSummary),
  tookMs: z.number(),
  countedBy: z.enum(['index', 'database']).describe("Where the count was taken: the tenant's in-memory profile index (large tenants, rules without event conditions) or the database. Exact either way."),
});
export const ZCreateSegmentRequest = z.object({ name: Name, description: z.string().trim().max(200).default(''), rule: ZRuleGroup }).strict();
export const ZUpdateSegmentRequest = z.object({ name: Name, description: z.string().trim().max(200), rule: ZRuleGroup }).partial().strict();
export const ZSegment = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  rule: ZRuleGroup,
  memberCount: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  refreshedAt: z.string().nullable(),
});
export const ZSegmentList = z.object({ items: z.array(ZSegment) });
export const ZExportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') });

// ——— profiles ———
export const PROFILE_SORTS = ['recent', 'spend', 'orders', 'last_order'] as const;
export const ZListProfilesQuery = PageQuery.extend({
  segmentId: Id.optional(),
  tagId: Id.optional(),
  stage: z.enum(LIFECYCLE_STAGES).optional(),
  q: z.string().trim().min(1).max(40).optional().describe('Phone digits or a name'),
  sort: z.enum(PROFILE_SORTS).default('recent').describe('recent (newest member first), spend, orders, last_order (all highest first)'),
});
export const ZProfilePage = pageOf(ZProfileSummary);
export const ZTimelineQuery = PageQuery.extend({ type: z.string().max(40).optional() });
export const ZTimelineEntry = z.object({
  id: z.string(),
  type: z.string(),
  occurredAt: z.string(),
  origin: z.string(),
  channel: z.string().nullable(),
  subjectId: z.string().nullable(),
  memberId: z.string(),
  properties: z.record(z.string(), z.unknown()),
});
export const ZTimelinePage = pageOf(ZTimelineEntry);
const ZPersonLink = z.object({ id: z.string(), name: z.string(), phone: z.string().nullable(), orderCount: z.number().int(), spendFen: z.number().int() });
export const ZProfile = ZProfileSummary.extend({
  status: z.enum(['active', 'merged', 'erased']),
  mergedInto: z.string().nullable(),
  mergedMemberIds: z.array(z.string()).describe('Members merged into this profile'),
  identities: z.array(z.object({ kind: z.string(), value: z.string(), source: z.string() })),
  orgUnits: z.array(z.object({ id: z.string(), name: z.string() })),
  groups: z.array(z.object({ id: z.string(), name: z.string() })),
  tags: z.array(z.object({ id: z.string(), name: z.string(), color: z.string(), kind: z.string() })),
  stageSince: z.string(),
  stageHistory: z.array(z.object({ from: z.string().nullable(), to: z.string(), at: z.string() })),
  firstOrderAt: z.string().nullable(),
  lastEventAt: z.string().nullable(),
  windows: z.array(z.object({ days: z.number().int(), orders: z.number().int(), spendFen: z.number().int() })),
  averageOrderFen: z.number().int(),
  referrer: ZPersonLink.nullable(),
  invited: z.array(ZPersonLink).describe('People this person invited (first 50), with what they bought'),
  invitedCount: z.number().int(),
  invitedBuyers: z.number().int(),
  invitedSpendFen: z.number().int().describe('What the people this person invited have spent'),
  segments: z.array(z.object({ id: z.string(), name: z.string() })),
  tierName: z.string().nullable(),
  tierSince: z.string().nullable(),
  tierMetric: z.number().int().describe('Spend in fen (or points) in the tier window, as the tier rules count it'),
  tierHistory: z.array(z.object({ from: z.string().nullable(), to: z.string().nullable(), reason: z.string(), metric: z.number().int(), at: z.string() })),
  consents: z.object({ marketing: z.boolean(), shareContact: z.boolean() }),
  kocScore: z.number().int(),
  koc: z.object({ gmv1: z.number().int(), gmv2: z.number().int(), buyers: z.number().int(), shareOrders: z.number().int(), helpfulReviews: z.number().int() }),
});
export const ZMergeRequest = z.object({ targetId: Id.describe('The profile that stays'), sourceId: Id.describe('The profile merged into it') }).strict();
export const ZMergePreview = z.object({
  target: ZProfileSummary,
  source: ZProfileSummary,
  moves: z.object({ events: z.number().int(), identities: z.number().int(), orders: z.number().int(), groups: z.number().int(), tags: z.number().int() }),
  after: z.object({ orderCount: z.number().int(), spendFen: z.number().int(), tagIds: z.array(z.string()), groupIds: z.array(z.string()) }),
});

// ——— consent and personal data ———
export const ZConsentPurpose = z.enum(CONSENT_PURPOSES).describe('marketing: marketing messages; share_contact: sharing contact details with leaders');
export const ZRecordConsentRequest = z
  .object({ purpose: ZConsentPurpose, source: z.string().trim().min(1).max(40).describe('Where it was given: store form, phone call, event…'), note: z.string().trim().max(200).default('') })
  .strict();
export const ZConsentEntry = z.object({ purpose: ZConsentPurpose, granted: z.boolean(), source: z.string(), note: z.string(), recordedBy: z.string(), at: z.string() });
export const ZConsentHistory = z.object({ items: z.array(ZConsentEntry) });
export const ZMyConsentRequest = z.object({ purpose: ZConsentPurpose, granted: z.boolean() }).strict();
export const ZMyConsents = z.object({ marketing: z.boolean(), share_contact: z.boolean() });
export const ZMarketingRequest = z.object({ title: z.string().trim().min(1).max(60), body: z.string().trim().min(1).max(1000) }).strict();
export const ZMarketingResult = z.object({ sent: z.number().int(), withoutConsent: z.number().int().describe('Members of the segment not messaged: no marketing consent') });
export const ZEraseRequest = z
  .object({ reason: z.string().trim().min(1).max(200), confirm: z.literal('erase', { message: 'type erase to confirm: erasure cannot be undone' }) })
  .strict();
export const ZEraseResult = z.object({ profileId: z.string(), members: z.number().int(), cellsScrubbed: z.number().int() });
export const ZPersonExportQuery = z.object({ format: z.enum(['json', 'xlsx']).default('json') });

// ——— KOC ———
export const ZKocEntry = z.object({
  rank: z.number().int(),
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  score: z.number().int(),
  breakdown: z.object({ gmv1: z.number().int(), gmv2: z.number().int(), buyers: z.number().int(), shareOrders: z.number().int(), helpfulReviews: z.number().int() }),
  invitedCount: z.number().int(),
  orderCount: z.number().int(),
  spendFen: z.number().int(),
  stage: z.string(),
  distributor: z.string().nullable().describe('Their distributor status, if any'),
});
export const ZKocPage = pageOf(ZKocEntry);
export const ZInviteRoleRequest = z.object({ role: z.enum(['distributor', 'leader']), message: z.string().trim().max(300).default('') }).strict();

// ——— tiers ———
export const ZTierList = z.object({
  rules: z.unknown().nullable().describe('The tier rules (see setTierRules), or null while tiers are set by hand'),
  tiers: z.array(z.object({ id: z.string(), name: z.string(), rank: z.number().int(), threshold: z.number().int().nullable(), perks: z.string(), profiles: z.number().int() })),
  withoutTier: z.number().int(),
});
