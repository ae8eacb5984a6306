import { defineErrors } from '../../platform/errors';

export const CampaignErrors = defineErrors('campaigns', {
  not_live: { code: 'CAMPAIGN_NOT_LIVE', status: 409, zh: '团购「{title}」当前不在进行中（{status}）', en: 'Campaign "{title}" is not live ({status})' },
  sold_out: { code: 'SOLD_OUT', status: 409, zh: '「{item}」库存不足，仅剩 {remaining} 件', en: 'Not enough "{item}" left: {remaining} remaining' },
  limit_exceeded: { code: 'LIMIT_EXCEEDED', status: 409, zh: '「{item}」每人限购 {limit} 件，您还可买 {remaining} 件', en: '"{item}" is limited to {limit} per member; you can buy {remaining} more' },
  not_editable: { status: 409, zh: '团购当前状态（{status}）下不能修改 {fields}', en: 'A {status} campaign cannot change {fields}' },
  cap_below_taken: { status: 409, zh: '「{item}」的上限不能低于已售和已占用的 {taken} 件', en: 'The cap of "{item}" cannot go below the {taken} units sold or held' },
  invalid_transition: { status: 409, zh: '团购不能从「{from}」变为「{to}」', en: 'A campaign cannot go from {from} to {to}' },
  no_items: { status: 400, zh: '团购至少需要一个商品', en: 'A campaign needs at least one item' },
  ends_in_past: { status: 400, zh: '结束时间必须晚于现在', en: 'The end time must be in the future' },
  sku_not_sellable: { status: 400, zh: 'SKU {sku} 不可售（商品未上架或不在选品库）', en: 'SKU {sku} cannot be sold here (product not active, or not in the selection library)' },
  out_of_scope: { status: 403, zh: '该组织不在您的管理范围内', en: 'That org unit is outside your scope' },
  item_not_in_campaign: { status: 400, zh: '商品 {item} 不属于这个团购', en: 'Item {item} is not part of this campaign' },
  fulfilment_not_offered: { status: 400, zh: '这个团购不支持{mode}', en: 'This campaign does not offer {mode}' },
});

export const CAMPAIGN_ENTITY = { zh: '团购', en: 'Campaign' };
