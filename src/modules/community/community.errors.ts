import { defineErrors } from '../../platform/errors';

export const CommunityErrors = defineErrors('community', {
  not_a_leader: { status: 400, zh: '{id} 不是团长账号', en: '{id} is not a leader account' },
  invite_invalid: { status: 410, zh: '邀请链接已失效（{reason}）', en: 'The invite link no longer works ({reason})' },
  banned: { status: 403, zh: '你已被移出本群并禁止再次加入', en: 'You are banned from this group' },
  already_member: { status: 409, zh: '你已在群里', en: 'You are already in this group' },
  group_full: { status: 409, zh: '群已满（{capacity} 人）', en: 'The group is full ({capacity} members)' },
  not_in_group: { status: 403, zh: '只有群成员才能邀请好友', en: 'Only members of the group can invite friends' },
  invalid_member_action: { status: 409, zh: '成员当前状态（{status}）不能{action}', en: 'A member who is {status} cannot be {action}' },
  leader_exists: { status: 409, zh: '已是团长或申请正在审核（{status}）', en: 'Already a leader or an application is under review ({status})' },
  invalid_leader_decision: { status: 409, zh: '团长申请当前状态（{status}）不能{action}', en: 'A leader profile that is {status} cannot be {action}' },
  unknown_org_unit: { status: 400, zh: '组织不存在：{id}', en: 'No such org unit: {id}' },
  external_id_taken: { status: 409, zh: '外部群 ID {externalId} 已关联到另一个群', en: 'The external id {externalId} is linked to another group' },
  invalid_invite_source: { status: 400, zh: '这个来源不能用于你的邀请链接（团长：自有人脉或线下活动；员工：不能用会员转介绍）', en: 'That source is not for your invite links (leaders: own contacts or an offline event; staff: not member referral)' },
  import_no_phone_column: { status: 400, zh: '导入文件第一行需要表头，并包含「手机号」列', en: 'The file needs a header row with a phone column (手机号)' },
  import_unreadable: { status: 400, zh: '无法读取 {format} 文件', en: 'The {format} file could not be read' },
  import_too_large: { status: 413, zh: '文件过大：一次最多导入 {max} 行（解压后的内容也有上限）', en: 'The file is too large: at most {max} rows at once (and its unpacked content is limited too)' },
  pickup_point_unavailable: { status: 400, zh: '自提点不存在或已关闭', en: 'The pickup point does not exist or is closed' },
  pickup_point_for_delivery: { status: 400, zh: '配送订单不需要自提点', en: 'A delivery order has no pickup point' },
  order_not_in_group: { status: 400, zh: '你不在这个群里，不能以群成员身份下单', en: 'You are not in this group' },
  campaign_not_in_group: { status: 400, zh: '这个团购没有发布到该群', en: 'This campaign is not published to that group' },
  campaign_not_open: { status: 409, zh: '团购当前状态（{status}）不能发布到群', en: 'A campaign that is {status} cannot be published to groups' },
  playbook_name_taken: { status: 409, zh: '已有同名预案：{name}', en: 'A playbook named {name} exists' },
  run_already_undone: { status: 409, zh: '这次执行已经撤销过了', en: 'This run was already undone' },
  campaign_paused_in_group: { status: 409, zh: '这个团购在该群暂停中', en: 'This campaign is paused in that group' },
  chat_bad_signature: { status: 401, zh: '聊天平台回调签名无效', en: 'The chat webhook signature is invalid' },
  chat_bad_event: { status: 400, zh: '聊天平台事件格式不对', en: 'The chat event is not valid' },
  unknown_group: { status: 404, zh: '没有这个群：{ref}', en: 'No such group: {ref}' },
});

export const GROUP_ENTITY = { zh: '群', en: 'Group' };
export const INVITE_ENTITY = { zh: '邀请链接', en: 'Invite' };
export const ROSTER_ENTITY = { zh: '群成员', en: 'Group member' };
export const LEADER_ENTITY = { zh: '团长', en: 'Leader' };
export const PICKUP_POINT_ENTITY = { zh: '自提点', en: 'Pickup point' };
