import { defineErrors } from '../../platform/errors';

export const CatalogErrors = defineErrors('catalog', {
  sku_code_taken: { status: 409, zh: 'SKU 编码 {code} 已存在', en: 'SKU code {code} is already in use' },
  duplicate_sku_code_in_request: { status: 400, zh: '请求中 SKU 编码 {code} 重复', en: 'SKU code {code} appears twice in the request' },
  unknown_tier: { status: 404, zh: '找不到会员等级 {tierId}', en: 'Member tier {tierId} not found' },
  tier_name_taken: { status: 409, zh: '会员等级「{name}」已存在', en: 'Member tier "{name}" already exists' },
});

export const PRODUCT_ENTITY = { zh: '商品', en: 'Product' };
export const SKU_ENTITY = { zh: 'SKU', en: 'SKU' };
