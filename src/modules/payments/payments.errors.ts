import { defineErrors } from '../../platform/errors';

export const PaymentErrors = defineErrors('payments', {
  invalid_signature: { status: 401, zh: '支付通知签名无效', en: 'The payment notification signature is invalid' },
  stale_notification: { status: 401, zh: '支付通知已过期（时间戳超出 {tolerance} 秒）', en: 'The payment notification is stale (timestamp outside {tolerance} s)' },
  provider_disabled: { status: 409, zh: '支付渠道 {provider} 未启用', en: 'The payment provider {provider} is not enabled here' },
  unknown_provider: { status: 404, zh: '未知的支付渠道 {provider}', en: 'Unknown payment provider {provider}' },
  amount_mismatch: { status: 409, zh: '通知金额与支付单不符', en: 'The notified amount does not match the payment' },
  refund_failed: { status: 502, zh: '支付渠道退款失败', en: 'The payment provider refused the refund' },
});

export const PAYMENT_ENTITY = { zh: '支付单', en: 'Payment' };
