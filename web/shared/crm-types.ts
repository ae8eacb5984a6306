// The social CRM's shapes, as the API answers them (src/modules/crm/crm.validators.ts and
// segment-rule.ts), and a typed client over any `HttpClient`. Money is integer fen.
import type { HttpClient, Page } from './http';

export const LIFECYCLE_STAGES = ['new', 'active', 'repeat', 'at_risk', 'dormant', 'churned', 'won_back'] as const;
/** new 新客, active 活跃, repeat 复购, at_risk 流失风险, dormant 沉睡, churned 已流失, won_back 召回. */
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
export const CHANNELS = ['community', 'ecommerce', 'store'] as const;
export type Channel = (typeof CHANNELS)[number];
/** The order windows (days) a profile keeps counts and spend for. */
export const ORDER_WINDOWS = [30, 90, 180, 365] as const;
export type OrderWindow = (typeof ORDER_WINDOWS)[number];
export type RuleWindow = OrderWindow | 'all';
export const TAG_COLORS = ['blue', 'green', 'gold', 'orange', 'red', 'purple', 'cyan', 'magenta', 'gray'] as const;
export type TagColor = (typeof TAG_COLORS)[number];
export const PROFILE_SORTS = ['recent', 'spend', 'orders', 'last_order'] as const;
export type ProfileSort = (typeof PROFILE_SORTS)[number];
/** Groups nest at most this deep (the root group is depth 1). */
export const MAX_RULE_DEPTH = 4;
/** A rule has at most this many conditions. */
export const MAX_RULE_CONDITIONS = 40;

// ——— the rule language ———
export type Compare = 'gte' | 'lte' | 'eq' | 'between';
export type SetOp = 'in' | 'not_in';
export type MatchOp = 'any' | 'all' | 'none';

export type Condition =
  | { type: 'source'; op: SetOp; values: string[] }
  | { type: 'channel'; op: MatchOp; values: Channel[] }
  | { type: 'org_unit'; op: SetOp; values: string[] }
  | { type: 'group'; op: MatchOp; values: string[] }
  /** Tier ids; "none" for no tier. */
  | { type: 'tier'; op: SetOp; values: string[] }
  | { type: 'tag'; op: MatchOp; values: string[] }
  | { type: 'stage'; op: SetOp; values: LifecycleStage[] }
  | { type: 'last_order'; op: 'within' | 'not_within' | 'never'; days?: number }
  | { type: 'registered'; op: 'within' | 'not_within'; days: number }
  | { type: 'orders'; window: RuleWindow; op: Compare; value: number; max?: number }
  /** value and max in fen. */
  | { type: 'spend'; window: RuleWindow; op: Compare; value: number; max?: number }
  | { type: 'event'; eventType: string; did: boolean; days: number; atLeast: number }
  /** People this person invited who have bought at least once. */
  | { type: 'referrals'; op: Compare; value: number; max?: number };
export type ConditionType = Condition['type'];
export const CONDITION_TYPES: readonly ConditionType[] = ['tag', 'stage', 'last_order', 'orders', 'spend', 'registered', 'group', 'org_unit', 'tier', 'channel', 'source', 'event', 'referrals'];

export interface RuleGroup {
  type: 'all' | 'any';
  rules: RuleNode[];
}
export type RuleNode = RuleGroup | Condition;

// ——— profiles ———
export interface ProfileSummary {
  id: string;
  name: string;
  phone: string | null;
  source: string;
  channels: string[];
  stage: LifecycleStage;
  tierId: string | null;
  tagIds: string[];
  orderCount: number;
  spendFen: number;
  lastOrderAt: string | null;
  registeredAt: string;
}

/** Someone on either side of a referral, with what they bought. */
export interface PersonLink {
  id: string;
  name: string;
  phone: string | null;
  orderCount: number;
  spendFen: number;
}

export interface Profile extends ProfileSummary {
  status: 'active' | 'merged' | 'erased';
  mergedInto: string | null;
  /** Members merged into this profile. */
  mergedMemberIds: string[];
  identities: Array<{ kind: string; value: string; source: string }>;
  orgUnits: Array<{ id: string; name: string }>;
  groups: Array<{ id: string; name: string }>;
  tags: Array<{ id: string; name: string; color: string; kind: string }>;
  stageSince: string;
  /** Newest first (at most 30). */
  stageHistory: Array<{ from: string | null; to: string; at: string }>;
  firstOrderAt: string | null;
  lastEventAt: string | null;
  windows: Array<{ days: number; orders: number; spendFen: number }>;
  averageOrderFen: number;
  referrer: PersonLink | null;
  /** The first 50, biggest spenders first. */
  invited: PersonLink[];
  invitedCount: number;
  invitedBuyers: number;
  invitedSpendFen: number;
  segments: Array<{ id: string; name: string }>;
}

export interface TimelineEntry {
  id: string;
  type: string;
  occurredAt: string;
  origin: string;
  channel: string | null;
  subjectId: string | null;
  memberId: string;
  properties: Record<string, unknown>;
}

export interface MergePreview {
  target: ProfileSummary;
  source: ProfileSummary;
  moves: { events: number; identities: number; orders: number; groups: number; tags: number };
  after: { orderCount: number; spendFen: number; tagIds: string[]; groupIds: string[] };
}

export interface ProfileQuery {
  segmentId?: string;
  tagId?: string;
  stage?: LifecycleStage | '';
  q?: string;
  sort?: ProfileSort;
  limit?: number;
  cursor?: string | null;
}

// ——— tags and segments ———
export interface TagGroup {
  id: string;
  name: string;
  createdAt: string;
}

export interface CrmTag {
  id: string;
  name: string;
  groupId: string | null;
  groupName: string | null;
  color: string;
  kind: 'manual' | 'rule';
  rule: RuleGroup | null;
  profiles: number;
  createdAt: string;
  refreshedAt: string | null;
}

export interface TagInput {
  name: string;
  groupId: string | null;
  color: TagColor;
  kind: 'manual' | 'rule';
  rule?: RuleGroup;
}

export interface Segment {
  id: string;
  name: string;
  description: string;
  rule: RuleGroup;
  memberCount: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  refreshedAt: string | null;
}

export interface SegmentPreview {
  count: number;
  sample: ProfileSummary[];
  tookMs: number;
  /** Where the count was taken: a large tenant's in-memory profile index, or the database. Exact either way. */
  countedBy: 'index' | 'database';
}

// ——— lifecycle ———
export interface LifecycleSettings {
  newDays: number;
  activeDays: number;
  repeatOrders: number;
  dormantDays: number;
  churnedDays: number;
}

export interface LifecycleSummary {
  settings: LifecycleSettings;
  stages: Array<{ stage: LifecycleStage; profiles: number }>;
  /** Each day's counts, oldest first (written by the daily snapshot). */
  series: Array<{ day: string; counts: Record<LifecycleStage, number> }>;
  transitions: Array<{ from: string | null; to: string; profiles: number }>;
}

const enc = encodeURIComponent;

/**
 * The CRM endpoints over an API client (owners and operators).
 * @example const crm = crmClient(api); const page = await crm.profiles({ stage: 'at_risk', sort: 'spend' });
 */
export function crmClient(http: HttpClient) {
  return {
    profiles: (q: ProfileQuery = {}) => http.get<Page<ProfileSummary>>('/crm/profiles', { ...q }),
    profile: (id: string) => http.get<Profile>(`/crm/profiles/${enc(id)}`),
    timeline: (id: string, q: { limit?: number; cursor?: string | null; type?: string } = {}) => http.get<Page<TimelineEntry>>(`/crm/profiles/${enc(id)}/timeline`, q),
    previewMerge: (body: { targetId: string; sourceId: string }) => http.post<MergePreview>('/crm/profiles/merge/preview', body),
    merge: (body: { targetId: string; sourceId: string }) => http.post<Profile>('/crm/profiles/merge', body),
    tags: () => http.get<{ groups: TagGroup[]; items: CrmTag[] }>('/crm/tags'),
    createTagGroup: (name: string) => http.post<TagGroup>('/crm/tag-groups', { name }),
    createTag: (body: TagInput) => http.post<CrmTag>('/crm/tags', body),
    updateTag: (id: string, body: Partial<Omit<TagInput, 'kind'>>) => http.patch<CrmTag>(`/crm/tags/${enc(id)}`, body),
    deleteTag: (id: string) => http.delete(`/crm/tags/${enc(id)}`),
    applyTag: (id: string, target: { profileIds: string[] } | { segmentId: string }) => http.post<{ changed: number }>(`/crm/tags/${enc(id)}/apply`, target),
    removeTag: (id: string, target: { profileIds: string[] } | { segmentId: string }) => http.post<{ changed: number }>(`/crm/tags/${enc(id)}/remove`, target),
    segments: () => http.get<{ items: Segment[] }>('/crm/segments'),
    previewSegment: (rule: RuleGroup, sampleSize = 5) => http.post<SegmentPreview>('/crm/segments/preview', { rule, sampleSize }),
    createSegment: (body: { name: string; description: string; rule: RuleGroup }) => http.post<Segment>('/crm/segments', body),
    segment: (id: string) => http.get<Segment>(`/crm/segments/${enc(id)}`),
    updateSegment: (id: string, body: Partial<{ name: string; description: string; rule: RuleGroup }>) => http.patch<Segment>(`/crm/segments/${enc(id)}`, body),
    deleteSegment: (id: string) => http.delete(`/crm/segments/${enc(id)}`),
    segmentMembers: (id: string, q: Omit<ProfileQuery, 'segmentId'> = {}) => http.get<Page<ProfileSummary>>(`/crm/segments/${enc(id)}/members`, { ...q }),
    /** A link (not a call): the browser downloads the file with the session cookie. */
    segmentExportUrl: (id: string, format: 'csv' | 'xlsx') => `/api/v1/crm/segments/${enc(id)}/export?format=${format}`,
    lifecycle: (days: number) => http.get<LifecycleSummary>('/crm/lifecycle', { days }),
    setLifecycleSettings: (body: LifecycleSettings) => http.put<LifecycleSettings>('/crm/lifecycle/settings', body),
  };
}

export type CrmClient = ReturnType<typeof crmClient>;
