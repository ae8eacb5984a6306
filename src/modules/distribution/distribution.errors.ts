import { defineErrors } from '../../platform/errors';

export const DistributionErrors = defineErrors('distribution', {
  too_many_levels: { status: 400, zh: '分销最多两级：不允许第三级及以上的佣金', en: 'Distribution has at most two referral levels: a third level is not allowed' },
  rates_over_total: { status: 400, zh: '各级佣金比例合计 {total}% 超过 100%', en: 'The commission rates add up to {total}%, over 100%' },
  scope_not_found: { status: 404, zh: '佣金规则的对象不存在：{scope} {id}', en: 'The policy scope does not exist: {scope} {id}' },
  already_distributor: { status: 409, zh: '已是分销员或申请正在审核（{status}）', en: 'Already a distributor or an application is under review ({status})' },
  invalid_decision: { status: 409, zh: '分销员当前状态（{status}）不能执行「{action}」', en: 'A distributor who is {status} cannot be {action}' },
  nothing_to_pay: { status: 409, zh: '没有达到最低金额 ¥{minimum} 的可提现余额', en: 'No available balance reaches the minimum of ¥{minimum}' },
  batch_not_open: { status: 409, zh: '打款批次已{status}，不能再{action}', en: 'The payout batch is already {status} and cannot be {action}' },
  unknown_referral_code: { status: 400, zh: '推荐码不存在：{code}', en: 'No one has the referral code {code}' },
  not_a_beneficiary: { status: 404, zh: '没有这个佣金受益人', en: 'No such commission beneficiary' },
});

export const DISTRIBUTOR_ENTITY = { zh: '分销员', en: 'Distributor' };
export const PAYOUT_BATCH_ENTITY = { zh: '打款批次', en: 'Payout batch' };
export const CAMPAIGN_SCOPE_ENTITY = { zh: '团购', en: 'Campaign' };
