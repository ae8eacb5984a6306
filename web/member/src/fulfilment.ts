/**
 * Pure logic of group-buys in groups and of pickup on the member pages (the group a link came from,
 * the pickup point picker, checkout refusals, pickup codes, notices), free of React and the browser.
 */

// ---- The group a share link came from (`?g=`) ----

const GROUP_ID_RE = /^[A-Za-z0-9_-]{1,40}$/;

/** The group id of a share link's `?g=`, or null when there is none or it is not an id. */
export function groupIdFromLink(value: string | null | undefined): string | null {
  const v = value?.trim() ?? '';
  return GROUP_ID_RE.test(v) ? v : null;
}

/** `/demo/c/cmp_1` or `/demo/c/cmp_1/checkout`, with `?g=` when the member came from a group. */
export function campaignPath(tenant: string, campaignId: string, groupId: string | null | undefined, page: '' | 'checkout' = ''): string {
  const base = `/${encodeURIComponent(tenant)}/c/${encodeURIComponent(campaignId)}${page ? `/${page}` : ''}`;
  return groupId ? `${base}?g=${encodeURIComponent(groupId)}` : base;
}

// ---- Remembering the pickup point ----

/** The little of `Storage` these functions use, so tests can hand in a map. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const pickupKey = (tenant: string) => `tuan.pickup.${tenant}`;

function defaultStore(): KeyValueStore | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The pickup point the member chose last time at this brand, on this device. */
export function lastPickupPoint(tenant: string, store: KeyValueStore | null = defaultStore()): string | null {
  try {
    const id = store?.getItem(pickupKey(tenant)) ?? null;
    return id && GROUP_ID_RE.test(id) ? id : null;
  } catch {
    return null;
  }
}

export function rememberPickupPoint(tenant: string, pointId: string, store: KeyValueStore | null = defaultStore()): void {
  try {
    store?.setItem(pickupKey(tenant), pointId);
  } catch {
    // Storage blocked: the member picks again next time.
  }
}

/**
 * Which point to tick when the picker opens: the one chosen now if still offered, else the one
 * remembered from last time if offered, else the only one there is; none when the member must choose.
 */
export function preselectPickupPoint(points: ReadonlyArray<{ id: string }>, current: string | null, remembered: string | null): string | null {
  if (current && points.some((p) => p.id === current)) return current;
  if (remembered && points.some((p) => p.id === remembered)) return remembered;
  return points.length === 1 ? points[0]!.id : null;
}

/**
 * The points shown before "show all": the first `limit`, and the chosen one too when it is further
 * down (so what is ticked is always on screen).
 */
export function visiblePickupPoints<T extends { id: string }>(points: readonly T[], chosen: string | null, limit: number, expanded: boolean): T[] {
  if (expanded || points.length <= limit) return [...points];
  const head = points.slice(0, limit);
  const picked = chosen ? points.find((p) => p.id === chosen) : undefined;
  return picked && !head.includes(picked) ? [...head.slice(0, limit - 1), picked] : head;
}

// ---- Why an order was refused at checkout ----

/**
 * - `notInGroup`: the member is not (or no longer) in the group the link came from;
 * - `campaignNotInGroup`: the campaign is not (or no longer) published to that group;
 * - `pickupUnavailable`: the chosen pickup point closed or is gone: choose again;
 * - `stock`: sold out, over the per-member limit or no longer live (the server says what remains);
 * - `signIn`: the session ended; `network`: the request did not get through;
 * - `other`: anything else, with the server's message.
 */
export type CheckoutIssue =
  | { kind: 'notInGroup' }
  | { kind: 'campaignNotInGroup' }
  | { kind: 'pickupUnavailable' }
  | { kind: 'stock'; message: string }
  | { kind: 'signIn' }
  | { kind: 'network' }
  | { kind: 'other'; message: string };

const STOCK_CODES = new Set(['SOLD_OUT', 'LIMIT_EXCEEDED', 'CAMPAIGN_NOT_LIVE']);

/** The answer to POST /orders when it is an error. */
export function checkoutIssueOf(err: { status: number; code?: string | undefined; message: string }): CheckoutIssue {
  if (err.status === 0) return { kind: 'network' };
  if (err.status === 401) return { kind: 'signIn' };
  if (err.code === 'community.order_not_in_group') return { kind: 'notInGroup' };
  if (err.code === 'community.campaign_not_in_group') return { kind: 'campaignNotInGroup' };
  if (err.code === 'community.pickup_point_unavailable') return { kind: 'pickupUnavailable' };
  if (err.code && STOCK_CODES.has(err.code)) return { kind: 'stock', message: err.message };
  return { kind: 'other', message: err.message };
}

/** Whether the issue is about the group: the page then offers My groups and ordering without it. */
export function isGroupIssue(issue: CheckoutIssue | null): issue is { kind: 'notInGroup' } | { kind: 'campaignNotInGroup' } {
  return issue?.kind === 'notInGroup' || issue?.kind === 'campaignNotInGroup';
}

/** The locale keys (under `checkout.issue.`) of an issue's title and hint; stock and other show the server's message. */
export function checkoutIssueKeys(issue: CheckoutIssue): { title: `${CheckoutIssue['kind']}.title`; hint: `${'notInGroup' | 'campaignNotInGroup' | 'pickupUnavailable' | 'network' | 'stock'}.hint` | null } {
  switch (issue.kind) {
    case 'notInGroup':
    case 'campaignNotInGroup':
    case 'pickupUnavailable':
    case 'network':
      return { title: `${issue.kind}.title`, hint: `${issue.kind}.hint` };
    case 'stock':
      return { title: 'stock.title', hint: 'stock.hint' };
    case 'signIn':
      return { title: 'signIn.title', hint: null };
    case 'other':
      return { title: 'other.title', hint: null };
  }
}

// ---- Pickup codes ----

/** "483920" → "483 920": read aloud and typed in threes. Anything but digits is left out. */
export function formatPickupCode(code: string): string {
  const digits = code.replace(/\D/g, '');
  return digits.replace(/(\d{3})(?=\d)/g, '$1 ');
}

/**
 * The pickup code's QR code (an SVG document from the server) as an image address. Drawn through
 * <img>, an SVG cannot run scripts or load anything; anything that is not an SVG document is refused.
 */
export function qrImageSrc(svg: string | null | undefined): string | null {
  const text = svg?.trim() ?? '';
  if (!/^(<\?xml[^>]*>\s*)?<svg[\s>]/i.test(text) || !/<\/svg>$/i.test(text)) return null;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
}

/** Orders whose status means a pickup code may exist: waiting at the point, or collected with it. */
export function mayHavePickupCode(order: { status: string; fulfilment: string }): boolean {
  return order.fulfilment === 'pickup' && (order.status === 'ready_for_pickup' || order.status === 'completed');
}

// ---- Campaigns in a group ----

export type GroupCampaignState = 'live' | 'scheduled' | 'ended' | 'succeeded' | 'failed';

/** The status as the group card names it; an unknown one reads as ended. */
export function groupCampaignState(status: string): GroupCampaignState {
  return status === 'live' || status === 'scheduled' || status === 'succeeded' || status === 'failed' ? status : 'ended';
}

/** Pill colour of a campaign's status on the group card. */
export function groupCampaignTone(state: GroupCampaignState): 'ok' | 'info' | 'muted' | 'done' {
  if (state === 'live') return 'ok';
  if (state === 'scheduled') return 'info';
  if (state === 'succeeded') return 'done';
  return 'muted';
}

// ---- Notices ----

/**
 * The kinds the page names: goods arrived, short lines refunded, shipped; a message from the brand
 * (marketing, sent only to members who agreed to it) and an invitation to apply as a group leader.
 */
export const NOTICE_KINDS = ['pickup_ready', 'shortage_refunded', 'shipped', 'marketing', 'invitation', 'other'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export function noticeKind(kind: string): NoticeKind {
  return (NOTICE_KINDS as readonly string[]).includes(kind) ? (kind as NoticeKind) : 'other';
}

/** Where a notice leads, and the words of its link. */
export type NoticeAction = { to: string; label: 'viewOrder' | 'viewCode' | 'applyLeader' | 'manageMarketing' };

/**
 * A notice's link: an order notice opens the order (the pickup code when the goods arrived), an
 * invitation the leader application, a marketing message the privacy page where it can be turned off.
 */
export function noticeAction(notice: { kind: string; orderId: string | null }, tenant: string): NoticeAction | null {
  const base = `/${encodeURIComponent(tenant)}`;
  const kind = noticeKind(notice.kind);
  if (kind === 'invitation') return { to: `${base}/leader/apply`, label: 'applyLeader' };
  if (kind === 'marketing') return { to: `${base}/privacy`, label: 'manageMarketing' };
  if (notice.orderId) return { to: `${base}/orders/${encodeURIComponent(notice.orderId)}`, label: kind === 'pickup_ready' ? 'viewCode' : 'viewOrder' };
  return null;
}

/** The unread count as the badge shows it: nothing at 0, "99+" above 99. */
export function badgeText(count: number): string | null {
  if (!Number.isFinite(count) || count <= 0) return null;
  return count > 99 ? '99+' : String(Math.floor(count));
}
