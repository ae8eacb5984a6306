import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { campaignErrorPath, createBody, updateBody, type CampaignFormValues } from './campaign-form-model';
import { editableFields } from './campaign-model';

const values = (over: Partial<CampaignFormValues> = {}): CampaignFormValues => ({
  title: '周末鲜果团',
  description: '',
  coverImages: [],
  startsAt: dayjs('2026-05-01T10:00:00Z'),
  endsAt: dayjs('2026-05-03T12:00:00Z'),
  thresholdKind: 'participants',
  thresholdValue: 10,
  fulfilment: 'both',
  warehouseId: 'wh_1',
  orgUnitId: null,
  items: [
    { itemId: 'cmi_1', skuId: 'sku_1', title: '黄桃', basePriceFen: 2990, price: '19.9', perMemberLimit: 2, cap: 100, reserved: 3, sold: 5 },
  ],
  ...over,
});

describe('campaign form model', () => {
  it('builds the create body with exact fen and ISO times', () => {
    const body = createBody(values({ coverImages: [' https://img.example/a.jpg ', ''] }));
    expect(body.items).toEqual([{ skuId: 'sku_1', priceFen: 1990, perMemberLimit: 2, cap: 100 }]);
    expect(body.threshold).toEqual({ kind: 'participants', value: 10 });
    expect(body.startsAt).toBe('2026-05-01T10:00:00.000Z');
    expect(body.coverImages).toEqual(['https://img.example/a.jpg']);
    expect(body.description).toBeUndefined();
    expect(createBody(values({ thresholdKind: 'none' })).threshold).toEqual({ kind: 'none' });
  });

  it('sends a live campaign only what changed and what it may change', () => {
    const before = values();
    const after = values({
      title: '周末鲜果团（加量）',
      endsAt: dayjs('2026-05-04T12:00:00Z'),
      fulfilment: 'pickup', // not editable while live: never sent
      items: [{ ...before.items[0]!, cap: 150, price: '9.9' }],
    });
    expect(updateBody(after, before, editableFields('live'))).toEqual({
      title: '周末鲜果团（加量）',
      endsAt: '2026-05-04T12:00:00.000Z',
      caps: [{ itemId: 'cmi_1', cap: 150 }],
    });
    expect(updateBody(before, before, editableFields('live'))).toEqual({});
  });

  it('replaces a draft’s items when any of them changed', () => {
    const before = values();
    const after = values({ items: [{ ...before.items[0]!, price: '18' }] });
    expect(updateBody(after, before, editableFields('draft')).items).toEqual([{ skuId: 'sku_1', priceFen: 1800, perMemberLimit: 2, cap: 100 }]);
  });

  it('puts server errors on the right fields', () => {
    const rows = values().items;
    expect(campaignErrorPath(['threshold', 'value'], {}, rows)).toEqual(['thresholdValue']);
    expect(campaignErrorPath(['items', 0, 'priceFen'], {}, rows)).toEqual(['items', 0, 'price']);
    expect(campaignErrorPath(['items', 0, 'skuId'], {}, rows)).toEqual(['items', 0, 'skuId']);
    expect(campaignErrorPath(['caps', 0, 'cap'], { caps: [{ itemId: 'cmi_1', cap: 1 }] }, rows)).toEqual(['items', 0, 'cap']);
    expect(campaignErrorPath(['coverImages', 1], {}, rows)).toEqual(['coverImages']);
    expect(campaignErrorPath(['headers', 'x'], {}, rows)).toBeNull();
  });
});
