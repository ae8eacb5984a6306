import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { inTransaction, type Ctx } from '../../../platform/context';
import { ensureMembersBulk, membersForCrm } from '../../identity';
import { crmIdentities } from '../crm.schema';
import { ZIngestEvent, type IngestEvent, type ZIngestResponse } from '../crm.validators';
import { requireCrm } from './access';
import { markDirty } from './queue';
import { ensureProfiles, profileIdsOf } from './refresh';
import { appendEvents } from './timeline';

type Rejection = z.infer<typeof ZIngestResponse>['rejected'][number];
const AHEAD_MS = 5 * 60_000;

/**
 * Stores a batch of social events (viewed, shared, liked, commented, reviewed, joined or left a
 * group, or the integration's own types) on people's timelines. Each event is checked on its own:
 * the valid ones are stored, each invalid one is reported by its index, and an event whose
 * clientEventId was stored before is counted as a duplicate. Profiles are queued for the refresher,
 * so segment counts see the events within seconds.
 */
export async function ingestEvents(ctx: Ctx, input: { events: unknown[] }, now = new Date()): Promise<z.infer<typeof ZIngestResponse>> {
  requireCrm(ctx);
  const rejected: Rejection[] = [];
  const valid: Array<{ index: number; e: IngestEvent }> = [];
  input.events.forEach((raw, index) => {
    const parsed = ZIngestEvent.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      rejected.push({ index, code: 'crm.invalid_event', path: issue.path.map(String).join('.') || '(event)', message: issue.message });
      return;
    }
    if (parsed.data.occurredAt && new Date(parsed.data.occurredAt).getTime() > now.getTime() + AHEAD_MS) {
      rejected.push({ index, code: 'crm.invalid_event', path: 'occurredAt', message: 'in the future' });
      return;
    }
    valid.push({ index, e: parsed.data });
  });

  return inTransaction(ctx, async (ctx) => {
    const resolved = await resolvePeople(ctx, valid);
    for (const r of resolved.rejected) rejected.push(r);
    const stored = await appendEvents(
      ctx,
      resolved.ok.map(({ e, memberId }) => ({
        memberId,
        type: e.type,
        occurredAt: e.occurredAt ? new Date(e.occurredAt) : now,
        origin: 'api' as const,
        clientEventId: e.clientEventId ?? null,
        channel: e.channel ?? null,
        subjectId: e.subjectId ?? null,
        properties: e.properties ?? {},
      })),
    );
    rejected.sort((a, b) => a.index - b.index);
    return { received: input.events.length, stored, duplicates: resolved.ok.length - stored, rejected };
  });
}

/**
 * Finds the member behind each event: by member id, by phone (registering a new phone), or by an id
 * on another platform. An external id that comes with a member id or phone is linked to them.
 */
async function resolvePeople(ctx: Ctx, items: Array<{ index: number; e: IngestEvent }>): Promise<{ ok: Array<{ e: IngestEvent; memberId: string }>; rejected: Rejection[] }> {
  const rejected: Rejection[] = [];
  const ok: Array<{ e: IngestEvent; memberId: string }> = [];
  const known = await membersForCrm(ctx, items.flatMap(({ e }) => (e.person.memberId ? [e.person.memberId] : [])));
  // Phones register in one statement for the whole batch (new phones become members, source `api`).
  const phones = [...new Set(items.flatMap(({ e }) => (!e.person.memberId && e.person.phone ? [e.person.phone] : [])))];
  const byPhone = await ensureMembersBulk(ctx, phones.map((phone) => ({ phone, name: '' })), 'api');
  const linked = new Map<string, string>();
  const keyOf = (x: { kind: string; value: string }) => `${x.kind}\u0000${x.value}`;
  const externals = items.flatMap(({ e }) => (e.person.externalId ? [e.person.externalId] : []));
  if (externals.length) {
    const rows = await ctx.tx
      .select({ kind: crmIdentities.kind, value: crmIdentities.value, profileId: crmIdentities.profileId })
      .from(crmIdentities)
      .where(and(eq(crmIdentities.tenantId, ctx.tenantId), sql`(${crmIdentities.kind}, ${crmIdentities.value}) in (select * from unnest(${sql.param(externals.map((x) => x.kind))}::text[], ${sql.param(externals.map((x) => x.value))}::text[]))`));
    for (const r of rows) linked.set(keyOf(r), r.profileId);
  }
  for (const { index, e } of items) {
    const p = e.person;
    let memberId: string | null = null;
    if (p.memberId) {
      if (!known.has(p.memberId)) {
        rejected.push({ index, code: 'crm.unknown_person', path: 'person.memberId', message: 'no member with this id' });
        continue;
      }
      memberId = p.memberId;
    } else if (p.phone) {
      memberId = byPhone.get(p.phone)!.id;
    }
    if (p.externalId) {
      const key = keyOf(p.externalId);
      const holder = linked.get(key);
      if (!memberId) {
        if (!holder) {
          rejected.push({ index, code: 'crm.unknown_person', path: 'person.externalId', message: 'no one is known by this id yet: send a phone or member id with it once' });
          continue;
        }
        memberId = holder;
      } else if (!holder) {
        await ensureProfiles(ctx, [memberId]);
        const owner = (await profileIdsOf(ctx, [memberId])).get(memberId)!;
        await ctx.tx.insert(crmIdentities).values({ tenantId: ctx.tenantId, kind: p.externalId.kind, value: p.externalId.value, profileId: owner, source: 'events' }).onConflictDoNothing();
        await markDirty(ctx, [owner]);
        linked.set(key, owner);
      } else {
        const owner = (await profileIdsOf(ctx, [memberId])).get(memberId);
        if (owner !== holder) {
          rejected.push({ index, code: 'crm.identity_conflict', path: 'person.externalId', message: 'this id belongs to another person' });
          continue;
        }
      }
    }
    ok.push({ e, memberId: memberId! });
  }
  return { ok, rejected };
}
