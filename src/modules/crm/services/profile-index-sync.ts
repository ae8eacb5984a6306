import { sql } from 'drizzle-orm';
import type { BaseCtx, Ctx } from '../../../platform/context';
import { queryRows, type Db, type Tx } from '../../../platform/db';
import { ORDER_WINDOWS } from '../crm.schema';
import type { RuleNode } from '../segment-rule';
import type { CompileEnv } from './compile-rule';
import { indexable, ProfileIndex, ruleDays, type IndexedProfile } from './profile-index';

/**
 * Keeps one ProfileIndex per large tenant in this process, current with the database:
 *
 * - **Build**: the first preview of a tenant with at least `segmentIndexMinProfiles` profiles starts
 *   loading every profile in the background (one REPEATABLE READ snapshot, in pages by id); that
 *   preview and the ones until the load ends count in SQL.
 * - **Catch up**: before each count, the profiles changed since the index last looked are read
 *   again. Triggers on `crm_profiles` log each change with its transaction id; the index remembers
 *   the xmin of the snapshot it last read (every transaction below it had finished, so its changes
 *   were visible) and reads the log from there. A count therefore sees every change committed before
 *   it started, as the SQL count would.
 * - **Give up**: more changes than a catch-up should carry (a full recompute of everyone), or no look
 *   for longer than the log is kept, drops the index; the next preview rebuilds it. An index unused
 *   for IDLE_MS is dropped to give back its memory.
 */

export const CHANGE_LOG_KEEP_MS = 60 * 60_000;
const IDLE_MS = 20 * 60_000;
const SIZE_CHECK_MS = 10 * 60_000;
const PAGE = 20_000;

interface TenantIndex {
  index: ProfileIndex | null;
  /** Snapshot xmin (a transaction id) the index is current to. */
  xmin: string;
  building: Promise<void> | null;
  /** Serialises catch-ups. */
  lock: Promise<unknown>;
  lastUsed: number;
  lastSynced: number;
  sizeCheckedAt: number;
  buildMs?: number;
}

const registry = new WeakMap<Db, Map<string, TenantIndex>>();

function tenantsOf(db: Db): Map<string, TenantIndex> {
  let m = registry.get(db);
  if (!m) {
    const tenants = new Map<string, TenantIndex>();
    registry.set(db, tenants);
    // Idle indexes give their memory back even when no preview comes to notice it.
    setInterval(() => sweep(tenants, Date.now()), 60_000).unref();
    m = tenants;
  }
  return m;
}

const COLUMNS = sql.raw(
  `p.id, p.status = 'active' as active, p.source, array_to_string(p.channels, ',') as ch, array_to_string(p.org_unit_ids, ',') as ou,
   array_to_string(p.group_ids, ',') as gr, array_to_string(p.tag_ids, ',') as tg, p.tier_id, p.stage,
   (extract(epoch from p.registered_at) * 1000000)::float8 as reg, (extract(epoch from p.last_order_at) * 1000000)::float8 as lo,
   p.order_count, p.spend_fen::float8 as sp, ${ORDER_WINDOWS.map((d) => `p.orders_${d}d, p.spend_${d}d::float8 as s${d}`).join(', ')},
   p.invited_buyers, p.consent_marketing, p.consent_share_contact`,
);

type Row = Record<string, unknown> & { id: string; active: boolean; source: string; ch: string; ou: string; gr: string; tg: string; tier_id: string | null; stage: string; reg: number; lo: number | null };

const list = (s: string) => (s ? s.split(',') : []);

function profileOf(r: Row): IndexedProfile {
  return {
    id: r.id,
    active: r.active,
    source: r.source,
    channels: list(r.ch),
    orgUnitIds: list(r.ou),
    groupIds: list(r.gr),
    tagIds: list(r.tg),
    tierId: r.tier_id,
    stage: r.stage,
    registeredUs: Number(r.reg),
    lastOrderUs: r.lo === null ? null : Number(r.lo),
    orderCount: Number(r.order_count),
    spendFen: Number(r.sp),
    windows: ORDER_WINDOWS.flatMap((d) => [Number(r[`orders_${d}d`]), Number(r[`s${d}`])]),
    invitedBuyers: Number(r.invited_buyers),
    consentMarketing: Boolean(r.consent_marketing),
    consentShareContact: Boolean(r.consent_share_contact),
  };
}

const snapshotXmin = (tx: Tx) => queryRows<{ xmin: string }>(tx, sql`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`).then((r) => r[0]!.xmin);

/** Loads every profile of a tenant into a new index, from one snapshot. */
export async function buildProfileIndex(db: Db, tenantId: string, expected = 0): Promise<{ index: ProfileIndex; xmin: string }> {
  return db.transaction(
    async (tx) => {
      const xmin = await snapshotXmin(tx);
      const index = new ProfileIndex(expected);
      let after = '';
      for (;;) {
        const rows = await queryRows<Row>(tx, sql`select ${COLUMNS} from crm_profiles p where p.tenant_id = ${tenantId} and p.id > ${after} order by p.id limit ${PAGE}`);
        for (const r of rows) index.put(profileOf(r));
        if (rows.length < PAGE) break;
        after = rows[rows.length - 1]!.id;
      }
      return { index, xmin };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/**
 * Applies the profiles changed since `xmin` to the index. Returns the new xmin, or null when more
 * changed than `max` (the caller rebuilds instead).
 */
export async function catchUp(db: Db, tenantId: string, index: ProfileIndex, xmin: string, max: number): Promise<string | null> {
  return db.transaction(
    async (tx) => {
      const next = await snapshotXmin(tx);
      const rows = await queryRows<Row & { changed: string }>(
        tx,
        sql`select c.changed, ${COLUMNS}
            from (select distinct profile_id as changed from crm_profile_changes where tenant_id = ${tenantId} and xid >= ${xmin}::bigint limit ${max + 1}) c
            left join crm_profiles p on p.tenant_id = ${tenantId} and p.id = c.changed`,
      );
      if (rows.length > max) return null;
      for (const r of rows) {
        if (r.id === null) index.remove(r.changed);
        else index.put(profileOf(r));
      }
      return next;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** Each `days` back from `now` as epoch microseconds, computed as the SQL compiler's cutoffs are. */
async function cutoffs(tx: Tx, now: Date, days: number[]): Promise<Map<number, number>> {
  if (days.length === 0) return new Map();
  const rows = await queryRows<{ d: number; us: number }>(
    tx,
    sql`select d, (extract(epoch from (${now.toISOString()}::timestamptz - make_interval(days => d))) * 1000000)::float8 as us from unnest(${sql.param(days)}::int[]) as d`,
  );
  return new Map(rows.map((r) => [Number(r.d), Number(r.us)]));
}

const newEntry = (now: number): TenantIndex => ({ index: null, xmin: '0', building: null, lock: Promise.resolve(), lastUsed: now, lastSynced: 0, sizeCheckedAt: 0 });

function sweep(tenants: Map<string, TenantIndex>, now: number): void {
  for (const t of tenants.values()) {
    if (!t.building && t.index && now - t.lastUsed > IDLE_MS) t.index = null;
  }
}

/** Drops the indexes unused for IDLE_MS as of `now` (a timer does it every minute; tests call it). */
export function sweepIdleIndexes(db: Db, now = Date.now()): void {
  sweep(tenantsOf(db), now);
}

/** Starts building a tenant's index when it is large enough (in the background; errors leave it unbuilt). */
function considerBuilding(ctx: Ctx, t: TenantIndex): Promise<void> {
  const now = Date.now();
  if (t.building) return t.building;
  if (now - t.sizeCheckedAt < SIZE_CHECK_MS) return Promise.resolve();
  t.sizeCheckedAt = now;
  const db = ctx.db;
  const tenantId = ctx.tenantId;
  const min = ctx.config.segmentIndexMinProfiles;
  t.building = (async () => {
    try {
      const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from crm_profiles where tenant_id = ${tenantId}`);
      if ((row?.n ?? 0) < min) return;
      const started = performance.now();
      const { index, xmin } = await buildProfileIndex(db, tenantId, row!.n);
      t.index = index;
      t.xmin = xmin;
      t.lastSynced = Date.now();
      t.lastUsed = Date.now();
      t.buildMs = Math.round(performance.now() - started);
    } catch {
      t.index = null;
    } finally {
      t.building = null;
    }
  })();
  return t.building;
}

/**
 * Counts a rule from the tenant's in-memory index, when there is one and the rule can be counted
 * there: the exact count and the ids of the first `limit` profiles, newest first. Null means
 * "count in SQL" (no index yet — one may be starting —, a rule with event conditions, or a call inside
 * a transaction, whose own uncommitted writes only SQL can see).
 */
export async function countFromIndex(ctx: Ctx, rule: RuleNode, env: CompileEnv, limit: number): Promise<{ count: number; firstIds: string[] } | null> {
  const min = ctx.config.segmentIndexMinProfiles;
  if (min <= 0 || ctx.inTx || !indexable(rule)) return null;
  const tenants = tenantsOf(ctx.db);
  const now = Date.now();
  sweep(tenants, now);
  let t = tenants.get(ctx.tenantId);
  if (!t) {
    t = newEntry(now);
    tenants.set(ctx.tenantId, t);
  }
  t.lastUsed = now;
  if (t.index && now - t.lastSynced > CHANGE_LOG_KEEP_MS - 5 * 60_000) t.index = null;
  if (!t.index) {
    void considerBuilding(ctx, t);
    return null;
  }
  const index = t.index;
  const entry = t;
  const run = entry.lock.then(async () => {
    if (entry.index !== index) return false;
    const next = await catchUp(ctx.db, ctx.tenantId, index, entry.xmin, Math.max(10_000, index.size >>> 3));
    if (next === null) {
      // Too much changed at once: reading it row by row would take longer than rebuilding.
      entry.index = null;
      entry.sizeCheckedAt = 0;
      return false;
    }
    entry.xmin = next;
    entry.lastSynced = Date.now();
    return true;
  });
  entry.lock = run.catch(() => undefined);
  let current: boolean;
  try {
    current = await run;
  } catch {
    // The catch-up failed (a lost connection): this count goes to SQL, and the index is rebuilt.
    entry.index = null;
    entry.sizeCheckedAt = 0;
    current = false;
  }
  if (!current) {
    void considerBuilding(ctx, entry);
    return null;
  }
  const a = ctx.actor;
  const scope = (a.type === 'user' || a.type === 'token') && !a.scope.all ? a.scope.orgUnitIds : null;
  const indexEnv = { cutoffUs: await cutoffs(ctx.db, env.now, ruleDays(rule)), subtrees: env.subtrees };
  return index.evaluate(rule, indexEnv, limit, scope);
}

/** Builds the tenant's index now if it is large enough and has none (tests; the first preview does it in the background). */
export async function warmProfileIndex(ctx: Ctx): Promise<boolean> {
  const tenants = tenantsOf(ctx.db);
  let t = tenants.get(ctx.tenantId);
  if (!t) {
    t = newEntry(Date.now());
    tenants.set(ctx.tenantId, t);
  }
  if (t.index) return true;
  t.sizeCheckedAt = 0;
  await considerBuilding(ctx, t);
  return !!t.index;
}

/** What this process holds for a tenant (for the bench and the logs). */
export function profileIndexStatus(db: Db, tenantId: string): { ready: boolean; building: boolean; profiles: number; bytes: number; buildMs: number | null } {
  const t = tenantsOf(db).get(tenantId);
  return { ready: !!t?.index, building: !!t?.building, profiles: t?.index?.size ?? 0, bytes: t?.index?.bytes() ?? 0, buildMs: t?.buildMs ?? null };
}

/** Forgets the change log older than CHANGE_LOG_KEEP_MS (a job; indexes that have not looked since then rebuild). */
export async function pruneProfileChanges(base: BaseCtx): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    base.tx,
    sql`with d as (delete from crm_profile_changes where at < now() - make_interval(secs => ${CHANGE_LOG_KEEP_MS / 1000}) returning 1) select count(*)::int as n from d`,
  );
  return rows[0]?.n ?? 0;
}
