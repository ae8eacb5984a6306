import { and, desc, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import { insertUnnest } from '../../../platform/db';
import { newId } from '../../../platform/ids';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { crmEvents } from '../crm.schema';
import { markDirty } from './queue';
import { ensureProfiles, profileIdsOf } from './refresh';

export interface NewTimelineEvent {
  memberId: string;
  type: string;
  occurredAt: Date;
  origin: 'api' | 'domain' | 'console';
  clientEventId?: string | null;
  channel?: string | null;
  subjectId?: string | null;
  properties?: Record<string, unknown>;
}

/**
 * Appends events to people's timelines in one statement and queues their profiles for the
 * refresher. Events whose client id was seen before are skipped; returns the number stored.
 */
export async function appendEvents(ctx: Ctx, events: NewTimelineEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  await ensureProfiles(ctx, events.map((e) => e.memberId));
  const owner = await profileIdsOf(ctx, events.map((e) => e.memberId));
  const stored = await insertUnnest<{ profile_id: string }>(
    ctx.tx,
    'crm_events',
    [
      { name: 'tenant_id', type: 'text', values: events.map(() => ctx.tenantId) },
      { name: 'id', type: 'text', values: events.map(() => newId('crmEvent')) },
      { name: 'profile_id', type: 'text', values: events.map((e) => owner.get(e.memberId) ?? e.memberId) },
      { name: 'member_id', type: 'text', values: events.map((e) => e.memberId) },
      { name: 'type', type: 'text', values: events.map((e) => e.type) },
      { name: 'occurred_at', type: 'timestamptz', values: events.map((e) => e.occurredAt) },
      { name: 'client_event_id', type: 'text', values: events.map((e) => e.clientEventId ?? null) },
      { name: 'origin', type: 'text', values: events.map((e) => e.origin) },
      { name: 'channel', type: 'text', values: events.map((e) => e.channel ?? null) },
      { name: 'subject_id', type: 'text', values: events.map((e) => e.subjectId ?? null) },
      { name: 'properties', type: 'jsonb', values: events.map((e) => e.properties ?? {}) },
    ],
    sql`on conflict do nothing returning profile_id`,
  );
  await markDirty(ctx, stored.map((s) => s.profile_id));
  return stored.length;
}

export interface TimelineEntry {
  id: string;
  type: string;
  occurredAt: string;
  origin: string;
  channel: string | null;
  subjectId: string | null;
  memberId: string;
  properties: Record<string, unknown>;
}

/** A profile's timeline, newest first, a page at a time. */
export async function listTimeline(ctx: Ctx, profileId: string, q: { limit: number; cursor?: string | undefined; type?: string | undefined }): Promise<Page<TimelineEntry>> {
  const conds = [eq(crmEvents.tenantId, ctx.tenantId), eq(crmEvents.profileId, profileId)];
  if (q.type) conds.push(eq(crmEvents.type, q.type));
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor, 2);
    conds.push(sql`(${crmEvents.occurredAt}, ${crmEvents.id}) < (${String(at)}::timestamptz, ${String(id)})`);
  }
  const rows = await ctx.tx
    .select()
    .from(crmEvents)
    .where(and(...conds))
    .orderBy(desc(crmEvents.occurredAt), desc(crmEvents.id))
    .limit(q.limit + 1);
  return toPage(
    rows,
    q.limit,
    (r) => [r.occurredAt.toISOString(), r.id],
    (r) => ({ id: r.id, type: r.type, occurredAt: r.occurredAt.toISOString(), origin: r.origin, channel: r.channel, subjectId: r.subjectId, memberId: r.memberId, properties: r.properties }),
  );
}
