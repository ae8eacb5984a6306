// `npm run chat:simulate`: plays a chat platform against a running Tuan — people joining the demo
// retail group, chatting, spamming, leaving, and one event resent — through the signed webhook, the
// way a WeCom (企业微信) adapter would. Prints each event with Tuan's answer and a summary.
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { signBody } from '../platform/signing';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
const GIVEN = ['小红', '建国', '丽丽', '伟', '芳', '静', '磊', '婷', '强', '敏'];
const CHATTER = [
  '今天的草莓到了吗？',
  '接龙 +1，要两盒',
  '团长辛苦了！上次的橙子很甜',
  '周五几点可以去提货？',
  '有没有无糖的酸奶？',
  '收到，谢谢团长',
  '我家楼下的自提点换地方了吗',
  '晒一下刚到的车厘子🍒',
];
const SPAM = ['加微信领券 vx: abc123', '低价代购各种名牌包', '拼多多上同款更便宜', '加 微 信 看更多'];

export interface SimulationOptions {
  url: string;
  tenant: string;
  email: string;
  password: string;
  group: string;
  people: number;
  secret?: string | undefined;
  quiet?: boolean;
  /** A seed for the stream, so a run can be repeated. */
  seed?: number;
}

export interface SimulationSummary {
  sent: number;
  handled: number;
  duplicates: number;
  rejected: number;
  actions: Record<string, number>;
}

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4_294_967_296;
  };
}

/** Signs in as the owner, takes a fresh chat secret (unless given) and sends the stream. */
export async function runSimulation(o: SimulationOptions): Promise<SimulationSummary> {
  const log = (line: string) => !o.quiet && console.log(line);
  let secret = o.secret;
  if (!secret) {
    const login = await fetch(`${o.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: o.tenant, email: o.email, password: o.password }) });
    if (!login.ok) throw new Error(`owner login failed: ${login.status} ${await login.text()}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const rotated = await fetch(`${o.url}/api/v1/chat/secret`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ platform: 'simulator' }) });
    if (!rotated.ok) throw new Error(`could not set up the chat secret: ${rotated.status} ${await rotated.text()}`);
    secret = ((await rotated.json()) as { secret: string }).secret;
  }
  const random = rng(o.seed ?? Date.now());
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const runId = Math.floor(random() * 1e9).toString(36);
  const summary: SimulationSummary = { sent: 0, handled: 0, duplicates: 0, rejected: 0, actions: {} };
  const send = async (event: Record<string, unknown>, label: string, signWith = secret!) => {
    const body = JSON.stringify(event);
    const res = await fetch(`${o.url}/api/v1/chat/webhook/${o.tenant}`, { method: 'POST', headers: { 'content-type': 'application/json', 'tuan-signature': signBody(signWith, body) }, body });
    const answer = (await res.json()) as { handled?: boolean; duplicate?: boolean; action?: string; detail?: string; code?: string };
    summary.sent++;
    if (res.status !== 200) summary.rejected++;
    if (answer.handled) summary.handled++;
    if (answer.duplicate) summary.duplicates++;
    if (answer.action) summary.actions[answer.action] = (summary.actions[answer.action] ?? 0) + 1;
    log(`${String(res.status).padEnd(4)} ${label.padEnd(44)} → ${answer.action ?? (answer.handled ? 'ok' : answer.code ?? answer.detail ?? '')}${answer.duplicate ? ' (duplicate)' : ''}`);
    return answer;
  };
  const people = Array.from({ length: o.people }, (_, i) => ({
    id: `sim-${runId}-${i}`,
    phone: `137${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
    name: `${pick(SURNAMES)}${pick(GIVEN)}`,
  }));
  let n = 0;
  const eventId = () => `sim-${runId}-${++n}`;
  for (const p of people) await send({ type: 'member_joined', eventId: eventId(), groupExternalId: o.group, member: { externalUserId: p.id, phone: p.phone, name: p.name } }, `join ${p.name}`);
  const spammer = people[0]!;
  for (let i = 0; i < people.length * 2; i++) {
    const p = pick(people);
    const spam = p === spammer || random() < 0.1;
    const text = spam ? pick(SPAM) : pick(CHATTER);
    await send({ type: 'message_posted', eventId: eventId(), groupExternalId: o.group, member: { externalUserId: p.id }, text }, `${p.name}: ${text.slice(0, 18)}`);
  }
  for (let i = 0; i < 3; i++) await send({ type: 'message_posted', eventId: eventId(), groupExternalId: o.group, member: { externalUserId: spammer.id }, text: pick(SPAM) }, `${spammer.name}: (spam again)`);
  const resent = { type: 'message_posted', eventId: `sim-${runId}-resent`, groupExternalId: o.group, member: { externalUserId: people[1]!.id }, text: pick(CHATTER) };
  await send(resent, 'a message');
  await send(resent, 'the same event resent');
  await send({ type: 'member_left', eventId: eventId(), groupExternalId: o.group, member: { externalUserId: people[people.length - 1]!.id } }, `${people[people.length - 1]!.name} leaves`);
  await send({ type: 'message_posted', eventId: eventId(), groupExternalId: o.group, member: { externalUserId: spammer.id }, text: 'forged' }, 'a forged call (wrong secret)', 'not-the-secret');
  log(`\n${summary.sent} events: ${summary.handled} handled, ${summary.duplicates} duplicate, ${summary.rejected} rejected; actions ${JSON.stringify(summary.actions)}`);
  return summary;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: process.env.TUAN_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}` },
      tenant: { type: 'string', default: 'demo' },
      email: { type: 'string', default: 'owner@demo.tuan' },
      password: { type: 'string', default: 'demo12345' },
      group: { type: 'string', default: 'wecom-room-xuhui-01' },
      people: { type: 'string', default: '12' },
      secret: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  runSimulation({ url: values.url!, tenant: values.tenant!, email: values.email!, password: values.password!, group: values.group!, people: Math.max(2, Number(values.people)), secret: values.secret, ...(values.seed ? { seed: Number(values.seed) } : {}) }).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
