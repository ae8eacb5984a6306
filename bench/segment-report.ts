import type { machine } from './lib';
import type { runSegmentBench } from './segment';
import { DATA_DESCRIPTION } from './segment-data';

type Result = Awaited<ReturnType<typeof runSegmentBench>>;
type Env = Awaited<ReturnType<typeof machine>>;

const n = (x: number) => x.toLocaleString('en-US');
const GOAL_MS = 100;
const PROBE_GOAL_MS = 5000;

/** The tables the segment scenario prints, and its markdown summary. */
export function segmentReport(r: Result, env: Env, quick: boolean, extra: { commit: string; version: string }) {
  const gen = [
    '| table | rows | insert | rows/s | secondary indexes built after | size with indexes |',
    '|---|---|---|---|---|---|',
    ...r.generation.tables.map((t) => `| ${t.table} | ${n(t.rows)} | ${n(t.insertMs)} ms | ${n(t.rowsPerSecond)} | ${t.indexes.length ? `${n(t.indexBuildMs)} ms (${t.indexes.length})` : '—'} | ${n(r.generation.sizesMiB[t.table] ?? 0)} MiB |`),
    `| all, with VACUUM ANALYZE (${n(r.generation.vacuumAnalyzeMs)} ms) | | ${n(r.generation.totalMs)} ms | | | |`,
  ].join('\n');

  const seg = [
    '| segment | profiles | cold: client / server ms (counted by) | warm client ms median / p95 | warm server tookMs median / p95 | counted by | warm client ms, index off (SQL), median / p95 | EXPLAIN ms (SQL route): count / first page, or one pass | warm < 100 ms | count = SQL |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...r.warm.map((w) => {
      const c = r.cold.find((x) => x.key === w.key)!;
      const p = r.plans[w.key]!;
      const q = r.warmSql.find((x) => x.key === w.key);
      return `| ${w.key} | ${n(w.count)} | ${c.ms} / ${c.tookMs} (${c.countedBy}) | ${w.clientMs.median} / ${w.clientMs.p95} | ${w.serverTookMs.median} / ${w.serverTookMs.p95} | ${w.countedBy} | ${q ? `${q.clientMs.median} / ${q.clientMs.p95}` : '—'} | ${p.onePass ? `one pass ${p.onePass.executionMs}` : `${p.count?.executionMs ?? "—"} / ${p.firstPage?.executionMs ?? "—"}`} | ${w.clientMs.median < GOAL_MS ? 'yes' : 'NO'} | ${w.countOk && w.sampleOk ? 'yes' : 'NO'} |`;
    }),
  ].join('\n');

  const ix = r.index;
  const indexNote = `The in-memory profile index (large tenants; rules without event conditions): built in the background from the first preview (the cold calls ran in SQL meanwhile, competing with it), ready ${ix.readyAfterMs === null ? 'NEVER' : `${n(ix.readyAfterMs)} ms`} after that preview; Tuan's resident memory ${n(ix.rssBeforeMb)} MB before, ${n(ix.rssAfterMb)} MB after (threshold ${n(ix.minProfiles)} profiles). "Index off" is the same warm calls on a second Tuan started with \`SEGMENT_INDEX_MIN_PROFILES=0\`.`;

  const saved = [
    '| segment | save (full membership) ms | members | first page of members ms, right after saving / after ANALYZE (median of 3) |',
    '|---|---|---|---|',
    ...r.saved.map((s) => `| ${s.key} | ${n(s.saveMs)} | ${n(s.memberCount)} | ${s.membersPageMs.median} / ${s.membersPageAfterAnalyzeMs.median} |`),
  ].join('\n');

  const pr = r.probe;
  const probe = [
    '| probes (3 people each) | event → saved membership p50 / max ms | POST /crm/events median ms | < 5 s | all in membership |',
    '|---|---|---|---|---|',
    `| ${pr.probes} | ${pr.latencyMs.median} / ${pr.latencyMs.max} | ${pr.ingestMs.median} | ${pr.latencyMs.max < PROBE_GOAL_MS ? 'yes' : 'NO'} | ${pr.missing === 0 ? 'yes' : 'NO'} |`,
  ].join('\n');

  const ev = r.cold[0]?.eviction;
  const coldMeaning = ev
    ? `"Cold" is each segment's first call, on a Tuan process started just before the five cold calls (it has run no segment query before), after a checkpoint and after the bench database's pages were pushed out of PostgreSQL's shared buffers (${ev.sharedBuffers}; ${ev.dbBuffersAfter ?? '?'} of its buffers left) and its files dropped from the OS page cache with posix_fadvise (${ev.pageCache}; ${ev.pageCacheMiB.before ?? '?'} → ${ev.pageCacheMiB.after ?? '?'} MiB resident)${ev.note ? `; ${ev.note}` : ''}. PostgreSQL itself is not restarted and the kernel's other caches are not dropped. "Warm" is ${r.params.warmCalls} calls after two untimed ones. Client ms is the HTTP round trip from the bench process; server tookMs is what the endpoint reports (compiling the rule, the count and the first page; not the rule check or the session).`
    : '';

  const rules = r.segments.map((s) => `- **${s.name}** — ${n(r.warm.find((w) => w.key === s.key)!.count)} profiles\n  \`${JSON.stringify(s.rule)}\``).join('\n');
  const e = r.params;
  const check = r.check.ok ? 'All counts equal a hand-written SQL count of the same rule, every first page is in its segment, and every probe reached the saved membership.' : `**FAILED**: ${r.check.failures.join('; ')}`;

  const summary =
    `# segment${quick ? ' (--quick)' : ''}\n\n` +
    `${env.at}: ${env.cores} cores (${env.cpu}), ${env.memoryGiB} GiB, Node ${env.node}, PostgreSQL ${env.postgres}; Tuan ${extra.version} at ${extra.commit}. ` +
    `One box for Tuan, PostgreSQL and the bench (load average 1/5/15 min at the start ${r.loadAverage.atStart.join(' / ')}, at the end ${r.loadAverage.atEnd.join(' / ')}). PostgreSQL settings: ${Object.entries(r.postgresSettings).map(([k, v]) => `${k} ${v}`).join(', ')}.\n\n` +
    `${n(e.profiles)} profiles (one member each) and ${n(e.events)} events in a fresh \`tuan_bench_segment\` database, generated with set-based SQL (insert … select from generate_series, secondary indexes built after the load, then VACUUM ANALYZE). ${DATA_DESCRIPTION} ` +
    `Tuan runs as \`npm start\` with \`DATABASE_URL\` on that database, a pool of ${e.poolSize} and jobs on; every call goes through HTTP with an owner's session.\n\n` +
    `## Generation\n\n${gen}\n\n## Count and first page (POST /crm/segments/preview, sampleSize 20)\n\n${seg}\n\n${indexNote}\n\n${coldMeaning}\n\n` +
    `Goal: warm < ${GOAL_MS} ms (client median) for each segment.\n\n### The segments\n\n${rules}\n\n` +
    `## Saved segments\n\n${saved}\n\n## Event → saved segment membership\n\n${probe}\n\n` +
    `A saved segment \`${JSON.stringify({ type: 'all', rules: [{ type: 'event', eventType: 'bench_probe', did: true, days: 1, atLeast: 1 }] })}\`; each probe sends one batch of three \`bench_probe\` events through POST /crm/events after a random 0–1 s pause and polls GET /crm/segments/:id until its member count includes them (the refresher runs every second). Goal: < ${PROBE_GOAL_MS} ms.\n\n` +
    `Where the run's time went (ms): ${Object.entries(r.phasesMs).map(([k, v]) => `${k} ${n(v)}`).join('; ')}.\n\n` +
    `${check}\n\nEXPLAIN (ANALYZE, BUFFERS) of each count and first-page query (captured from \`previewSegment\` run in process, then explained on the warm database) is in the JSON beside this file (\`plans\`).\n\n` +
    `Command: \`npm run bench segment${quick ? ' -- --quick' : ''}\`\n`;
  return { tables: [gen, seg, saved, probe], summary };
}
