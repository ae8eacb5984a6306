import crypto from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { inTransaction, systemCtx, type BaseCtx } from '../../../platform/context';
import { AppError } from '../../../platform/errors';
import { emit } from '../../../platform/events';
import { newId, randomByte } from '../../../platform/ids';
import type { SmsProvider } from '../../../platform/sms';
import { IdentityErrors } from '../identity.errors';
import { memberOtps, members } from '../identity.schema';
import { hashOtp } from '../secrets';
import { findTenantBySlug, type TenantInfo } from './find-tenant';
import { createSession } from './sessions';

export const OTP_TTL_SECONDS = 300;

const REFERRAL_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** An 8-character code for a member's share links; no 0/O or 1/I to misread. */
export function newReferralCode(): string {
  // 256 is a multiple of the alphabet's 32: no letter is favoured.
  let code = '';
  for (let i = 0; i < 8; i++) code += REFERRAL_ALPHABET[randomByte() % REFERRAL_ALPHABET.length];
  return code;
}
export const OTP_RESEND_SECONDS = 60;
export const OTP_MAX_ATTEMPTS = 5;
const OTP_MAX_PER_HOUR = 10;

async function tenantOr404(ctx: BaseCtx, slug: string): Promise<TenantInfo> {
  const tenant = await findTenantBySlug(ctx, slug);
  if (!tenant) throw new AppError(IdentityErrors.tenant_not_found, { params: { slug } });
  return tenant;
}

/** Sends a member a 6-digit login code by SMS. One code a minute, ten an hour, per phone. */
export async function requestMemberCode(
  ctx: BaseCtx,
  input: { tenant: string; phone: string },
  sms: SmsProvider,
): Promise<{ expiresInSeconds: number; resendInSeconds: number }> {
  const tenant = await tenantOr404(ctx, input.tenant);
  return inTransaction(ctx, async (ctx) => {
    // Serialise requests for one phone so the rate limits hold under concurrency.
    await ctx.tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`otp:${tenant.id}:${input.phone}`}))`);
    const recent = await ctx.tx
      .select({ createdAt: memberOtps.createdAt })
      .from(memberOtps)
      .where(and(eq(memberOtps.tenantId, tenant.id), eq(memberOtps.phone, input.phone), gt(memberOtps.createdAt, sql`now() - interval '1 hour'`)))
      .orderBy(desc(memberOtps.createdAt));
    const last = recent[0];
    if (last) {
      const wait = OTP_RESEND_SECONDS - Math.floor((Date.now() - last.createdAt.getTime()) / 1000);
      if (wait > 0) throw new AppError(IdentityErrors.code_resend_too_soon, { params: { seconds: wait }, headers: { 'retry-after': String(wait) } });
    }
    if (recent.length >= OTP_MAX_PER_HOUR) {
      throw new AppError(IdentityErrors.code_resend_too_soon, { params: { seconds: 3600 }, headers: { 'retry-after': '3600' } });
    }
    const code = crypto.randomInt(0, 1_000_000).toString().padStart(6, '0');
    await ctx.tx.insert(memberOtps).values({
      tenantId: tenant.id,
      id: newId('otp'),
      phone: input.phone,
      codeHash: hashOtp(tenant.id, input.phone, code),
      expiresAt: new Date(Date.now() + OTP_TTL_SECONDS * 1000),
    });
    await sms.send(systemCtx(ctx, tenant.id, 'sms'), {
      phone: input.phone,
      code,
      text: `【${tenant.name}】您的登录验证码是 ${code}，${OTP_TTL_SECONDS / 60} 分钟内有效。如非本人操作请忽略。`,
    });
    return { expiresInSeconds: OTP_TTL_SECONDS, resendInSeconds: OTP_RESEND_SECONDS };
  });
}

export interface MemberLoginResult {
  cookie: string;
  expiresAt: Date;
  tenant: TenantInfo;
  member: { id: string; phone: string; name: string };
}

/**
 * Checks a login code; on success signs the member in, registering them on first login.
 * A wrong code counts against the code (five tries) and that count is kept even though the request fails.
 */
export async function verifyMemberCode(ctx: BaseCtx, input: { tenant: string; phone: string; code: string }): Promise<MemberLoginResult> {
  const tenant = await tenantOr404(ctx, input.tenant);
  const [otp] = await ctx.tx
    .select()
    .from(memberOtps)
    .where(and(eq(memberOtps.tenantId, tenant.id), eq(memberOtps.phone, input.phone), isNull(memberOtps.consumedAt), gt(memberOtps.expiresAt, sql`now()`)))
    .orderBy(desc(memberOtps.createdAt))
    .limit(1);
  if (!otp) throw new AppError(IdentityErrors.code_invalid);
  if (otp.attempts >= OTP_MAX_ATTEMPTS) throw new AppError(IdentityErrors.code_too_many_attempts);
  const otpKey = and(eq(memberOtps.tenantId, tenant.id), eq(memberOtps.id, otp.id));
  if (hashOtp(tenant.id, input.phone, input.code) !== otp.codeHash) {
    const [after] = await ctx.tx.update(memberOtps).set({ attempts: sql`${memberOtps.attempts} + 1` }).where(otpKey).returning({ attempts: memberOtps.attempts });
    if ((after?.attempts ?? 0) >= OTP_MAX_ATTEMPTS) throw new AppError(IdentityErrors.code_too_many_attempts);
    throw new AppError(IdentityErrors.code_invalid);
  }
  return inTransaction(ctx, async (ctx) => {
    // Consuming is conditional, so two concurrent verifications of one code sign in only once.
    const consumed = await ctx.tx.update(memberOtps).set({ consumedAt: new Date() }).where(and(otpKey, isNull(memberOtps.consumedAt))).returning({ id: memberOtps.id });
    if (consumed.length === 0) throw new AppError(IdentityErrors.code_invalid);
    const inserted = await ctx.tx
      .insert(members)
      .values({ tenantId: tenant.id, id: newId('member'), phone: input.phone, source: 'self_signup', referralCode: newReferralCode() })
      .onConflictDoNothing()
      .returning();
    const [member] = inserted.length
      ? inserted
      : await ctx.tx.select().from(members).where(and(eq(members.tenantId, tenant.id), eq(members.phone, input.phone))).limit(1);
    if (!member) throw new Error('member vanished during login');
    if (member.status !== 'active') throw new AppError(IdentityErrors.member_blocked);
    if (inserted.length) {
      await emit({ ...systemCtx(ctx, tenant.id), tx: ctx.tx }, 'member.registered', { memberId: member.id, phone: member.phone, source: member.source });
    }
    await ctx.tx.update(members).set({ lastLoginAt: new Date() }).where(and(eq(members.tenantId, tenant.id), eq(members.id, member.id)));
    const session = await createSession(ctx, { tenantId: tenant.id, actorType: 'member', actorId: member.id, ttlMs: ctx.config.memberSessionTtlMs });
    return { ...session, tenant, member: { id: member.id, phone: member.phone, name: member.name } };
  });
}
