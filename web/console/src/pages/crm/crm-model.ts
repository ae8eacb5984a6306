import { LIFECYCLE_STAGES, type LifecycleStage, type TimelineEntry } from '../../api/crm-types';
import { JOIN_SOURCES, ROSTER_STATUSES } from '../../api/community-types';

/** Colours of the lifecycle stages: an antd preset for tags, and the same hue for the chart. */
export const STAGE_COLORS: Record<LifecycleStage, { tag: string; hex: string }> = {
  new: { tag: 'blue', hex: '#1677ff' },
  active: { tag: 'green', hex: '#52c41a' },
  repeat: { tag: 'cyan', hex: '#13c2c2' },
  at_risk: { tag: 'orange', hex: '#fa8c16' },
  dormant: { tag: 'purple', hex: '#722ed1' },
  churned: { tag: 'default', hex: '#8c8c8c' },
  won_back: { tag: 'magenta', hex: '#eb2f96' },
};

export function isStage(value: string | null | undefined): value is LifecycleStage {
  return (LIFECYCLE_STAGES as readonly string[]).includes(value ?? '');
}

/** A tag's colour as an antd Tag colour (the API's "gray" is antd's default). */
export function tagColor(color: string): string {
  return color === 'gray' ? 'default' : color;
}

const TAG_HEX: Record<string, string> = {
  blue: '#1677ff',
  green: '#52c41a',
  gold: '#faad14',
  orange: '#fa8c16',
  red: '#f5222d',
  purple: '#722ed1',
  cyan: '#13c2c2',
  magenta: '#eb2f96',
  gray: '#8c8c8c',
};

/** A tag's colour as a dot beside its name in a select. */
export function tagHex(color: string): string {
  return TAG_HEX[color] ?? TAG_HEX.gray!;
}

/** Where a profile came from, as the console names it: a key under `crm.sources`, or null to show it as is. */
export const KNOWN_SOURCES = ['self_signup', 'import', 'chat', 'api', 'distributor_invitation', 'demo', ...JOIN_SOURCES] as const;
export type KnownSource = (typeof KNOWN_SOURCES)[number];
export function knownSource(source: string): KnownSource | null {
  return (KNOWN_SOURCES as readonly string[]).includes(source) ? (source as KnownSource) : null;
}

/** Event types the console has names for (`crm.eventTypes`); any other is shown by its own name. */
export const KNOWN_EVENT_TYPES = [
  'registered',
  'order_paid',
  'order_refunded',
  'order_completed',
  'pickup_collected',
  'joined_group',
  'left_group',
  'group_status_changed',
  'tag_applied',
  'tag_removed',
  'merged',
  'consent_granted',
  'consent_withdrawn',
  'marketing_sent',
  'viewed_campaign',
  'shared',
  'liked',
  'commented',
  'reviewed',
  'review_helpful',
] as const;
export type KnownEventType = (typeof KNOWN_EVENT_TYPES)[number];
export function knownEventType(type: string): KnownEventType | null {
  return (KNOWN_EVENT_TYPES as readonly string[]).includes(type) ? (type as KnownEventType) : null;
}
/** The event types an integration sends (and segment conditions usually ask about). */
export const SOCIAL_EVENT_TYPES: readonly KnownEventType[] = ['viewed_campaign', 'shared', 'liked', 'commented', 'reviewed', 'review_helpful', 'joined_group', 'left_group', 'order_paid', 'pickup_collected'];

/** Where a timeline subject can be opened in the console, read from its id prefix. */
export type SubjectLink = { kind: 'group' | 'campaign' | 'profile' | 'order' | 'tag' | 'other'; id: string; to: string | null };

export function subjectLink(subjectId: string): SubjectLink {
  const id = encodeURIComponent(subjectId);
  if (subjectId.startsWith('grp_')) return { kind: 'group', id: subjectId, to: `/groups/${id}` };
  if (subjectId.startsWith('cmp_')) return { kind: 'campaign', id: subjectId, to: `/campaigns/${id}` };
  if (subjectId.startsWith('mbr_')) return { kind: 'profile', id: subjectId, to: `/crm/profiles/${id}` };
  if (subjectId.startsWith('tag_')) return { kind: 'tag', id: subjectId, to: `/crm/profiles?tagId=${id}` };
  // Orders have no page of their own: the order list opens one in its drawer.
  if (subjectId.startsWith('ord_')) return { kind: 'order', id: subjectId, to: `/orders?order=${id}` };
  return { kind: 'other', id: subjectId, to: null };
}

/** A long prefixed id made short enough for a line of text. @example shortId('cmp_01M826K2V3Y8VQAXBDAJDFPN4D') // "cmp_…DFPN4D" */
export function shortId(id: string): string {
  const m = /^([a-z]+_)(.+)$/.exec(id);
  if (!m || m[2]!.length <= 8) return id;
  return `${m[1]}…${m[2]!.slice(-6)}`;
}

/** Properties the timeline has names for (`crm.timeline.props`). */
export const PROPERTY_KEYS = ['paidFen', 'amountFen', 'full', 'rejoined', 'source', 'eventName', 'campaignId', 'referrerId', 'pickupPointId', 'importId', 'from', 'to', 'reason', 'tag', 'fromName', 'by'] as const;
export type PropertyKey = (typeof PROPERTY_KEYS)[number];
export type PropertyFormat = 'text' | 'fen' | 'joinSource' | 'rosterStatus' | 'source' | 'bool' | 'id';

/** One part of an event's properties, as the timeline shows it. */
export type PropertyPart = { known: true; label: PropertyKey; value: string | number | boolean; format: PropertyFormat } | { known: false; label: string; value: string; format: 'text' };

const PROP_FORMATS: Record<PropertyKey, PropertyFormat> = {
  paidFen: 'fen',
  amountFen: 'fen',
  full: 'bool',
  rejoined: 'bool',
  source: 'source',
  eventName: 'text',
  campaignId: 'id',
  referrerId: 'id',
  pickupPointId: 'id',
  importId: 'id',
  from: 'text',
  to: 'text',
  reason: 'text',
  tag: 'text',
  fromName: 'text',
  by: 'text',
};

const isPropertyKey = (key: string): key is PropertyKey => (PROPERTY_KEYS as readonly string[]).includes(key);

/**
 * The properties worth a line in the timeline: known ones first, in a fixed order and with their
 * format (money in fen, a join source, a roster status), then any others as short text. Empty
 * values, `false` flags and what the entry's subject already shows are left out.
 */
export function propertyParts(entry: Pick<TimelineEntry, 'type' | 'properties'>): PropertyPart[] {
  const known: PropertyPart[] = [];
  const other: PropertyPart[] = [];
  const groupMove = entry.type === 'left_group' || entry.type === 'group_status_changed';
  for (const [key, raw] of Object.entries(entry.properties ?? {})) {
    if (raw === null || raw === undefined || raw === '' || raw === false) continue;
    // The subject already names these: the merged profile, the tag.
    if (entry.type === 'merged' && (key === 'from' || key === 'fromName')) continue;
    if ((entry.type === 'tag_applied' || entry.type === 'tag_removed') && key === 'tag') continue;
    if (isPropertyKey(key) && (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean')) {
      let format = PROP_FORMATS[key];
      if (key === 'source' && (JOIN_SOURCES as readonly string[]).includes(String(raw))) format = 'joinSource';
      if (groupMove && (key === 'from' || key === 'to') && (ROSTER_STATUSES as readonly string[]).includes(String(raw))) format = 'rosterStatus';
      known.push({ known: true, label: key, value: raw, format });
    } else {
      const text = typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
      other.push({ known: false, label: key, value: text.length > 80 ? `${text.slice(0, 79)}…` : text, format: 'text' });
    }
  }
  const order = (p: PropertyPart) => PROPERTY_KEYS.indexOf(p.label as PropertyKey);
  return [...known.sort((a, b) => order(a) - order(b)), ...other];
}

/** The server's English message for thresholds out of order, recognised so it can be shown translated. */
export function isThresholdOrderMessage(message: string): boolean {
  return /activeDays\s*<\s*dormantDays\s*<\s*churnedDays/.test(message);
}

/**
 * A select's width (px) for its longest label, CJK characters counting double: rough, but it keeps
 * short Chinese labels compact and long English ones whole.
 * @example fitWidth(['≥', '介于']) // 80
 */
export function fitWidth(labels: string[], min = 72): number {
  const units = Math.max(...labels.map((l) => [...l].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));
  return Math.max(min, Math.round(units * 8 + 48));
}
