import { describe, expect, it } from 'vitest';
import {
  badgeText,
  campaignPath,
  checkoutIssueKeys,
  checkoutIssueOf,
  formatPickupCode,
  groupCampaignState,
  groupCampaignTone,
  groupIdFromLink,
  isGroupIssue,
  lastPickupPoint,
  mayHavePickupCode,
  NOTICE_KINDS,
  noticeAction,
  noticeKind,
  preselectPickupPoint,
  qrImageSrc,
  rememberPickupPoint,
  visiblePickupPoints,
  type CheckoutIssue,
  type KeyValueStore,
} from './fulfilment';
import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('the group a share link came from', () => {
  it('takes a group id from ?g= and nothing else', () => {
    expect(groupIdFromLink('grp_01M81YY3NT1E6FWYEKJ1ZTK7WF')).toBe('grp_01M81YY3NT1E6FWYEKJ1ZTK7WF');
    expect(groupIdFromLink(' grp_1 ')).toBe('grp_1');
    expect(groupIdFromLink(null)).toBeNull();
    expect(groupIdFromLink('')).toBeNull();
    expect(groupIdFromLink('grp 1')).toBeNull();
    expect(groupIdFromLink('<script>')).toBeNull();
    expect(groupIdFromLink('x'.repeat(41))).toBeNull();
  });
  it('keeps the group on the way to checkout and back', () => {
    expect(campaignPath('demo', 'cmp_1', 'grp_1')).toBe('/demo/c/cmp_1?g=grp_1');
    expect(campaignPath('demo', 'cmp_1', 'grp_1', 'checkout')).toBe('/demo/c/cmp_1/checkout?g=grp_1');
    expect(campaignPath('demo', 'cmp_1', null, 'checkout')).toBe('/demo/c/cmp_1/checkout');
    expect(campaignPath('demo', 'cmp_1', undefined)).toBe('/demo/c/cmp_1');
  });
});

describe('remembering the pickup point', () => {
  const points = [{ id: 'pkp_a' }, { id: 'pkp_b' }, { id: 'pkp_c' }];

  it('remembers the last choice per brand', () => {
    const store = memoryStore();
    expect(lastPickupPoint('demo', store)).toBeNull();
    rememberPickupPoint('demo', 'pkp_b', store);
    expect(lastPickupPoint('demo', store)).toBe('pkp_b');
    expect(lastPickupPoint('other', store)).toBeNull();
    rememberPickupPoint('demo', 'pkp_c', store);
    expect(lastPickupPoint('demo', store)).toBe('pkp_c');
  });
  it('ignores what is not an id, and storage that refuses', () => {
    const store = memoryStore();
    store.data.set('tuan.pickup.demo', '"><img>');
    expect(lastPickupPoint('demo', store)).toBeNull();
    const broken: KeyValueStore = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
    };
    expect(lastPickupPoint('demo', broken)).toBeNull();
    expect(() => rememberPickupPoint('demo', 'pkp_a', broken)).not.toThrow();
    expect(lastPickupPoint('demo', null)).toBeNull();
  });
  it('ticks the current choice, else last time’s, else the only point; else the member chooses', () => {
    expect(preselectPickupPoint(points, 'pkp_a', 'pkp_b')).toBe('pkp_a');
    expect(preselectPickupPoint(points, null, 'pkp_b')).toBe('pkp_b');
    expect(preselectPickupPoint(points, 'pkp_gone', 'pkp_c')).toBe('pkp_c');
    expect(preselectPickupPoint(points, null, 'pkp_closed')).toBeNull();
    expect(preselectPickupPoint(points, null, null)).toBeNull();
    expect(preselectPickupPoint([{ id: 'pkp_only' }], null, 'pkp_closed')).toBe('pkp_only');
    expect(preselectPickupPoint([], 'pkp_a', 'pkp_a')).toBeNull();
  });
  it('lists a few points first and always the ticked one', () => {
    const many = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id }));
    expect(visiblePickupPoints(many, null, 4, false).map((p) => p.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(visiblePickupPoints(many, 'b', 4, false).map((p) => p.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(visiblePickupPoints(many, 'f', 4, false).map((p) => p.id)).toEqual(['a', 'b', 'c', 'f']);
    expect(visiblePickupPoints(many, 'f', 4, true)).toHaveLength(6);
    expect(visiblePickupPoints(many.slice(0, 3), null, 4, false)).toHaveLength(3);
  });
});

describe('why checkout refused the order', () => {
  const err = (status: number, code?: string, message = 'server says') => ({ status, code, message });
  it('maps the group and pickup point refusals of POST /orders', () => {
    expect(checkoutIssueOf(err(400, 'community.order_not_in_group'))).toEqual({ kind: 'notInGroup' });
    expect(checkoutIssueOf(err(400, 'community.campaign_not_in_group'))).toEqual({ kind: 'campaignNotInGroup' });
    expect(checkoutIssueOf(err(400, 'community.pickup_point_unavailable'))).toEqual({ kind: 'pickupUnavailable' });
  });
  it('keeps stock problems with the server’s words, and the rest', () => {
    expect(checkoutIssueOf(err(409, 'SOLD_OUT', '「脐橙」库存不足，仅剩 2 件'))).toEqual({ kind: 'stock', message: '「脐橙」库存不足，仅剩 2 件' });
    expect(checkoutIssueOf(err(409, 'LIMIT_EXCEEDED')).kind).toBe('stock');
    expect(checkoutIssueOf(err(409, 'CAMPAIGN_NOT_LIVE')).kind).toBe('stock');
    expect(checkoutIssueOf(err(401, 'common.unauthenticated'))).toEqual({ kind: 'signIn' });
    expect(checkoutIssueOf(err(0, 'network'))).toEqual({ kind: 'network' });
    expect(checkoutIssueOf(err(400, 'common.validation_failed', '请求参数有误'))).toEqual({ kind: 'other', message: '请求参数有误' });
  });
  it('offers My groups and ordering without the group only for group refusals', () => {
    expect(isGroupIssue({ kind: 'notInGroup' })).toBe(true);
    expect(isGroupIssue({ kind: 'campaignNotInGroup' })).toBe(true);
    expect(isGroupIssue({ kind: 'pickupUnavailable' })).toBe(false);
    expect(isGroupIssue(null)).toBe(false);
  });
  it('names a message for each refusal, in both languages', () => {
    const issues: CheckoutIssue[] = [
      { kind: 'notInGroup' },
      { kind: 'campaignNotInGroup' },
      { kind: 'pickupUnavailable' },
      { kind: 'stock', message: 'x' },
      { kind: 'signIn' },
      { kind: 'network' },
      { kind: 'other', message: 'x' },
    ];
    const lookup = (messages: typeof zhCN, key: string): unknown =>
      key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages.checkout.issue);
    for (const issue of issues) {
      const keys = checkoutIssueKeys(issue);
      for (const messages of [zhCN, en]) {
        expect(typeof lookup(messages, keys.title), keys.title).toBe('string');
        if (keys.hint) expect(typeof lookup(messages, keys.hint), keys.hint).toBe('string');
      }
    }
    expect(zhCN.checkout.issue.notInGroup.title).toBe('你还不在这个群里');
    expect(zhCN.checkout.issue.pickupUnavailable.hint).toContain('请重新选择');
  });
});

describe('pickup codes', () => {
  it('reads a code in threes', () => {
    expect(formatPickupCode('483920')).toBe('483 920');
    expect(formatPickupCode('000123')).toBe('000 123');
    expect(formatPickupCode('48392')).toBe('483 92');
    expect(formatPickupCode(' 48-39 20 ')).toBe('483 920');
    expect(formatPickupCode('')).toBe('');
  });
  it('draws only an SVG document as the QR image', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29"><path d="M0 0h7"/></svg>\n';
    const src = qrImageSrc(svg);
    expect(src).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    expect(decodeURIComponent(src!.split(',')[1]!)).toBe(svg.trim());
    // Quotes and # are escaped, so the address cannot end early or lose its tail.
    expect(src).not.toMatch(/["#<>]/);
    expect(qrImageSrc('<?xml version="1.0"?>\n<svg viewBox="0 0 1 1"></svg>')).toMatch(/^data:image\/svg\+xml/);
    expect(qrImageSrc('<img src=x onerror=alert(1)>')).toBeNull();
    expect(qrImageSrc('javascript:alert(1)')).toBeNull();
    expect(qrImageSrc('<svg><script>')).toBeNull();
    expect(qrImageSrc('')).toBeNull();
    expect(qrImageSrc(null)).toBeNull();
  });
  it('looks for a code only on pickup orders waiting or collected', () => {
    expect(mayHavePickupCode({ status: 'ready_for_pickup', fulfilment: 'pickup' })).toBe(true);
    expect(mayHavePickupCode({ status: 'completed', fulfilment: 'pickup' })).toBe(true);
    expect(mayHavePickupCode({ status: 'fulfilling', fulfilment: 'pickup' })).toBe(false);
    expect(mayHavePickupCode({ status: 'completed', fulfilment: 'delivery' })).toBe(false);
  });
});

describe('campaigns in a group and notices', () => {
  it('names each campaign status, an unknown one as ended', () => {
    expect(groupCampaignState('live')).toBe('live');
    expect(groupCampaignState('scheduled')).toBe('scheduled');
    expect(groupCampaignState('succeeded')).toBe('succeeded');
    expect(groupCampaignState('draft')).toBe('ended');
    expect(groupCampaignTone('live')).toBe('ok');
    expect(groupCampaignTone('ended')).toBe('muted');
    for (const state of ['live', 'scheduled', 'ended', 'succeeded', 'failed'] as const) {
      expect(typeof zhCN.groups.campaigns.status[state]).toBe('string');
      expect(typeof en.groups.campaigns.status[state]).toBe('string');
    }
  });
  it('knows the notice kinds the server writes', () => {
    expect(noticeKind('pickup_ready')).toBe('pickup_ready');
    expect(noticeKind('shortage_refunded')).toBe('shortage_refunded');
    expect(noticeKind('shipped')).toBe('shipped');
    expect(noticeKind('marketing')).toBe('marketing');
    expect(noticeKind('invitation')).toBe('invitation');
    expect(noticeKind('something_new')).toBe('other');
    for (const kind of NOTICE_KINDS) {
      expect(typeof zhCN.notices.kinds[kind]).toBe('string');
      expect(typeof en.notices.kinds[kind]).toBe('string');
    }
  });
  it('links each notice to where it leads', () => {
    expect(noticeAction({ kind: 'pickup_ready', orderId: 'ord_1' }, 'demo')).toEqual({ to: '/demo/orders/ord_1', label: 'viewCode' });
    expect(noticeAction({ kind: 'shipped', orderId: 'ord_2' }, 'demo')).toEqual({ to: '/demo/orders/ord_2', label: 'viewOrder' });
    expect(noticeAction({ kind: 'invitation', orderId: null }, 'demo')).toEqual({ to: '/demo/leader/apply', label: 'applyLeader' });
    expect(noticeAction({ kind: 'marketing', orderId: null }, 'demo')).toEqual({ to: '/demo/privacy', label: 'manageMarketing' });
    expect(noticeAction({ kind: 'something_new', orderId: null }, 'demo')).toBeNull();
    expect(noticeAction({ kind: 'something_new', orderId: 'ord 3' }, 'demo')).toEqual({ to: '/demo/orders/ord%203', label: 'viewOrder' });
  });
  it('shows the unread count on the bell, never 0', () => {
    expect(badgeText(0)).toBeNull();
    expect(badgeText(-1)).toBeNull();
    expect(badgeText(3)).toBe('3');
    expect(badgeText(120)).toBe('99+');
  });
});
