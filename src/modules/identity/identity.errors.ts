import { defineErrors } from '../../platform/errors';

export const IdentityErrors = defineErrors('identity', {
  invalid_credentials: { status: 401, zh: '租户、邮箱或密码不正确', en: 'Tenant, email or password is incorrect' },
  account_locked: { status: 429, zh: '登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试', en: 'Too many failed logins; the account is locked for {minutes} more minutes' },
  account_disabled: { status: 403, zh: '账号已停用', en: 'This account is disabled' },
  tenant_not_found: { status: 404, zh: '找不到租户 {slug}', en: 'Tenant {slug} not found' },
  tenant_slug_taken: { status: 409, zh: '租户标识 {slug} 已被使用', en: 'Tenant slug {slug} is already taken' },
  email_taken: { status: 409, zh: '邮箱 {email} 已被使用', en: 'Email {email} is already in use' },
  org_unit_name_taken: { status: 409, zh: '同一上级下已有名为「{name}」的组织', en: 'A sibling org unit is already named "{name}"' },
  invalid_org_unit_parent: { status: 400, zh: '{kind} 不能建在 {parentKind} 之下', en: 'A {kind} cannot sit under a {parentKind}' },
  scope_required: { status: 400, zh: '运营和团长必须分配至少一个组织', en: 'Operators and leaders need at least one org unit' },
  code_invalid: { status: 400, zh: '验证码不正确或已过期', en: 'The code is wrong or has expired' },
  code_too_many_attempts: { status: 429, zh: '验证码错误次数过多，请重新获取', en: 'Too many wrong codes; request a new one' },
  code_resend_too_soon: { status: 429, zh: '请 {seconds} 秒后再获取验证码', en: 'Wait {seconds} seconds before requesting another code' },
  member_blocked: { status: 403, zh: '该手机号已被停用', en: 'This phone number is blocked' },
});
