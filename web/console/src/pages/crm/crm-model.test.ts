import { describe, expect, it } from 'vitest';
import { fitWidth, isStage, isThresholdOrderMessage, knownEventType, knownSource, propertyParts, shortId, subjectLink, tagColor } from './crm-model';

describe('names and links', () => {
  it('knows the stages, sources and event types it has names for', () => {
    expect(isStage('at_risk')).toBe(true);
    expect(isStage('vip')).toBe(false);
    expect(isStage(null)).toBe(false);
    expect(knownSource('member_referral')).toBe('member_referral');
    expect(knownSource('self_signup')).toBe('self_signup');
    expect(knownSource('wechat_ads')).toBeNull();
    expect(knownEventType('order_paid')).toBe('order_paid');
    expect(knownEventType('watched_live')).toBeNull();
  });

  it('opens a timeline subject by its id prefix', () => {
    expect(subjectLink('grp_01')).toEqual({ kind: 'group', id: 'grp_01', to: '/groups/grp_01' });
    expect(subjectLink('cmp_01').to).toBe('/campaigns/cmp_01');
    expect(subjectLink('ord_01').to).toBe('/orders?order=ord_01');
    expect(subjectLink('mbr_01').to).toBe('/crm/profiles/mbr_01');
    expect(subjectLink('tag_01').to).toBe('/crm/profiles?tagId=tag_01');
    expect(subjectLink('SKU-77')).toEqual({ kind: 'other', id: 'SKU-77', to: null });
  });

  it('shortens long prefixed ids and leaves short ones', () => {
    expect(shortId('cmp_01M826K2V3Y8VQAXBDAJDFPN4D')).toBe('cmp_…DFPN4D');
    expect(shortId('grp_1')).toBe('grp_1');
    expect(shortId('review-123456789')).toBe('review-123456789');
  });

  it('shows the API’s gray as antd’s default colour', () => {
    expect(tagColor('gray')).toBe('default');
    expect(tagColor('gold')).toBe('gold');
  });
});

describe('select widths', () => {
  it('fits the longest label, counting CJK characters double, with a floor', () => {
    expect(fitWidth(['≥', '≤'])).toBe(72);
    expect(fitWidth(['在最近', '不在最近', '从未下单'])).toBe(8 * 8 + 48);
    expect(fitWidth(['in the last', 'not in the last'])).toBe(15 * 8 + 48);
    expect(fitWidth(['≥', '介于'])).toBe(80);
  });
});

describe('timeline properties', () => {
  it('formats known properties, known ones first, and skips empty values and false flags', () => {
    const parts = propertyParts({
      type: 'joined_group',
      properties: { referrerId: null, rejoined: false, eventName: '草莓品鉴会', source: 'offline_event', note: { a: 1 } },
    });
    expect(parts).toEqual([
      { known: true, label: 'source', value: 'offline_event', format: 'joinSource' },
      { known: true, label: 'eventName', value: '草莓品鉴会', format: 'text' },
      { known: false, label: 'note', value: '{"a":1}', format: 'text' },
    ]);
  });

  it('reads money in fen, roster moves and profile sources', () => {
    expect(propertyParts({ type: 'order_refunded', properties: { amountFen: 1990, full: true } })).toEqual([
      { known: true, label: 'amountFen', value: 1990, format: 'fen' },
      { known: true, label: 'full', value: true, format: 'bool' },
    ]);
    expect(propertyParts({ type: 'left_group', properties: { from: 'active', to: 'left' } }).map((p) => p.format)).toEqual(['rosterStatus', 'rosterStatus']);
    expect(propertyParts({ type: 'registered', properties: { source: 'import' } })[0]).toMatchObject({ format: 'joinSource' });
    expect(propertyParts({ type: 'registered', properties: { source: 'self_signup' } })[0]).toMatchObject({ format: 'source' });
  });

  it('leaves out what the subject shows, and cuts long unknown values', () => {
    const parts = propertyParts({ type: 'merged', properties: { from: 'mbr_2', fromName: '王芳', by: '林老板', blob: 'x'.repeat(200) } });
    expect(parts.map((p) => p.label)).toEqual(['by', 'blob']);
    expect(String(parts[1]!.value)).toHaveLength(80);
    expect(propertyParts({ type: 'tag_applied', properties: { tag: '宝妈', by: '林老板' } }).map((p) => p.label)).toEqual(['by']);
  });
});

describe('the lifecycle settings', () => {
  it('recognises the server’s message for thresholds out of order', () => {
    expect(isThresholdOrderMessage('activeDays < dormantDays < churnedDays')).toBe(true);
    expect(isThresholdOrderMessage('数值过大')).toBe(false);
  });
});
