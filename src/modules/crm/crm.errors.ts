import { defineErrors } from '../../platform/errors';

export const CrmErrors = defineErrors('crm', {
  invalid_rule: { status: 400, zh: '细分规则有误：{detail}', en: 'The segment rule is not valid: {detail}' },
  merge_same_profile: { status: 400, zh: '不能把一个客户合并到自己', en: 'A profile cannot be merged into itself' },
  profile_not_active: { status: 409, zh: '客户档案已{status}，不能再操作', en: 'This profile is {status} and cannot be changed' },
  tag_name_taken: { status: 409, zh: '已有名为“{name}”的标签', en: 'A tag named "{name}" already exists' },
  tag_group_name_taken: { status: 409, zh: '已有名为“{name}”的标签组', en: 'A tag group named "{name}" already exists' },
  rule_tag_manual_only: { status: 409, zh: '规则标签由规则自动维护，不能手动打或去掉', en: 'A rule tag follows its rule: it cannot be applied or removed by hand' },
  segment_name_taken: { status: 409, zh: '已有名为“{name}”的细分', en: 'A segment named "{name}" already exists' },
  apply_target_required: { status: 400, zh: '请指定客户（profileIds）或细分（segmentId）之一', en: 'Name either profiles (profileIds) or a segment (segmentId)' },
  invalid_event: { status: 400, zh: '事件有误：{detail}', en: 'The event is not valid: {detail}' },
  identity_conflict: { status: 409, zh: '这个外部账号已属于另一个客户', en: 'This external id belongs to another person' },
  invalid_tier_rules: { status: 400, zh: '会员等级规则有误：{detail}', en: 'The tier rules are not valid: {detail}' },
  unknown_person: { status: 404, zh: '找不到这个人：{detail}', en: 'No such person: {detail}' },
});

export const PROFILE_ENTITY = { zh: '客户档案', en: 'Profile' };
export const TAG_ENTITY = { zh: '标签', en: 'Tag' };
export const TAG_GROUP_ENTITY = { zh: '标签组', en: 'Tag group' };
export const SEGMENT_ENTITY = { zh: '细分', en: 'Segment' };
