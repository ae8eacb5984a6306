import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/pagination';

/** Mainland mobile numbers, with an optional +86 / 86 prefix and separators, normalised to 11 digits. */
export const PhoneSchema = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, { message: 'must be a mainland China mobile number (11 digits starting 13–19)' }));

const TenantSlug = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, { message: '2–40 lowercase letters, digits or hyphens' });
const Email = z.string().trim().toLowerCase().pipe(z.email()).describe('Login email');
const Password = z.string().min(8).max(200);
const RoleEnum = z.enum(['owner', 'operator', 'leader', 'distributor']);

export const ZTenant = z.object({ id: z.string(), slug: z.string(), name: z.string() }).meta({ id: 'Tenant' });

export const ZLoginRequest = z.object({ tenant: TenantSlug, email: Email, password: z.string().min(1).max(200) });
export const ZLoginResponse = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: RoleEnum, orgUnitIds: z.array(z.string()) }),
  tenant: ZTenant,
});

export const ZMe = z
  .object({
    actor: z.object({
      type: z.enum(['user', 'member', 'token']),
      id: z.string(),
      name: z.string(),
      role: z.enum(['owner', 'operator', 'leader', 'distributor', 'member']),
      email: z.string().optional(),
      phone: z.string().optional().describe('Masked for display: 138****0001'),
      orgUnitIds: z.array(z.string()).optional(),
      referralCode: z.string().optional().describe("A member's code for share links (?ref=)"),
    }),
    tenant: ZTenant,
  })
  .meta({ id: 'Me' });

export const ZRequestCodeRequest = z.object({ tenant: TenantSlug, phone: PhoneSchema });
export const ZRequestCodeResponse = z.object({ expiresInSeconds: z.number().int(), resendInSeconds: z.number().int() });
export const ZVerifyCodeRequest = z.object({ tenant: TenantSlug, phone: PhoneSchema, code: z.string().trim().regex(/^\d{6}$/, { message: 'a 6-digit code' }) });
export const ZVerifyCodeResponse = z.object({ member: z.object({ id: z.string(), phone: z.string(), name: z.string() }), tenant: ZTenant });

export const ZUser = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: RoleEnum,
    status: z.enum(['active', 'disabled']),
    orgUnitIds: z.array(z.string()),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });
export const ZCreateUserRequest = z.object({
  email: Email,
  name: z.string().trim().min(1).max(100),
  role: RoleEnum,
  password: Password,
  orgUnitIds: z.array(z.string().max(40)).max(100).default([]),
});
export const ZListUsersQuery = PageQuery.extend({ role: RoleEnum.optional(), q: z.string().trim().max(100).optional() });
export const ZUserPage = pageOf(ZUser);

export const ZOrgUnit = z
  .object({ id: z.string(), parentId: z.string().nullable(), kind: z.enum(['brand', 'region', 'dealer', 'store']), name: z.string(), createdAt: z.string() })
  .meta({ id: 'OrgUnit' });
export const ZCreateOrgUnitRequest = z.object({
  parentId: z.string().max(40),
  kind: z.enum(['region', 'dealer', 'store']),
  name: z.string().trim().min(1).max(100),
});
export const ZOrgUnitList = z.object({ items: z.array(ZOrgUnit) });

export const ZApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(['owner', 'operator']),
    prefix: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });
export const ZCreateApiTokenRequest = z.object({ name: z.string().trim().min(1).max(100), role: z.enum(['owner', 'operator']).default('operator') });
export const ZCreateApiTokenResponse = ZApiToken.extend({ token: z.string().describe('Shown once; store it now') });
export const ZApiTokenPage = pageOf(ZApiToken);

export const ZSandboxSmsQuery = PageQuery.extend({ phone: PhoneSchema.optional() });
export const ZSandboxSms = z.object({ id: z.string(), phone: z.string(), text: z.string(), code: z.string().nullable(), createdAt: z.string() }).meta({ id: 'SandboxSms' });
export const ZSandboxSmsPage = pageOf(ZSandboxSms);

export const ZIdParam = z.object({ id: z.string().max(40) });

export type LoginRequest = z.infer<typeof ZLoginRequest>;
export type CreateUserRequest = z.infer<typeof ZCreateUserRequest>;
export type CreateOrgUnitRequest = z.infer<typeof ZCreateOrgUnitRequest>;
