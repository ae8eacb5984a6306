import { and, desc, eq, lt } from 'drizzle-orm';
import type { Ctx } from './context';
import { newId } from './ids';
import { decodeCursor, toPage, type Page } from './pagination';
import { sandboxSms } from './platform.schema';

export interface SmsMessage {
  phone: string;
  text: string;
  /** The one-time code inside `text`, if any; only the sandbox keeps it. */
  code?: string;
}

/** What an SMS gateway (Aliyun SMS, Tencent Cloud SMS, …) must do to send Tuan's texts. */
export interface SmsProvider {
  readonly name: string;
  send(ctx: Ctx, message: SmsMessage): Promise<void>;
}

/**
 * The built-in provider: sends nothing, keeps every message in an inbox that owners read in the
 * console (and tests read over the API). Written in the caller's transaction.
 */
export const sandboxSmsProvider: SmsProvider = {
  name: 'sandbox',
  async send(ctx, message) {
    await ctx.tx.insert(sandboxSms).values({ tenantId: ctx.tenantId, id: newId('sms'), phone: message.phone, text: message.text, code: message.code ?? null });
  },
};

export interface SandboxSmsItem {
  id: string;
  phone: string;
  text: string;
  code: string | null;
  createdAt: string;
}

/** The sandbox inbox, newest first. Callers check access. */
export async function listSandboxInbox(ctx: Ctx, q: { limit: number; cursor?: string | undefined; phone?: string | undefined }): Promise<Page<SandboxSmsItem>> {
  const conds = [eq(sandboxSms.tenantId, ctx.tenantId)];
  if (q.phone) conds.push(eq(sandboxSms.phone, q.phone));
  if (q.cursor) conds.push(lt(sandboxSms.id, String(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(sandboxSms).where(and(...conds)).orderBy(desc(sandboxSms.id)).limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => [r.id], (r) => ({ id: r.id, phone: r.phone, text: r.text, code: r.code, createdAt: r.createdAt.toISOString() }));
}
