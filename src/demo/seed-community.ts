import type { Ctx } from '../platform/context';
import { ensureMember } from '../modules/identity';
import { createPlaybook, runPlaybook, undoPlaybookRun, importMembers, actOnMember, applyLeader, checkMessage, createGroup, createInvite, createModerationRule, createPickupPoint, decideLeader, ensureStaffLeaderProfile, joinGroup } from '../modules/community';

/** A member's context for seeding through the real services. */
export const asMember = (ctx: Ctx, m: { id: string; name: string }): Ctx => ({ ...ctx, actor: { type: 'member', id: m.id, name: m.name, role: 'member' } });
const leaderCtx = (ctx: Ctx, l: { id: string; name: string; orgUnitId: string }): Ctx => ({ ...ctx, actor: { type: 'user', id: l.id, name: l.name, role: 'leader', scope: { all: false, orgUnitIds: [l.orgUnitId] } } });

interface DemoLeader {
  id: string;
  name: string;
  email: string;
  phone: string;
  orgUnitId: string;
}

/**
 * Communities in the demo, through the real services: leader profiles with pickup points and a
 * pending application; a retail, a fan and a store group; members who joined through invites from
 * all four sources (official channel, a leader's own contacts, a member's referral, an offline
 * event); keyword rules with warnings, a member muted by them, one removed and one banned.
 */
export interface DemoCommunity {
  retailGroupId: string;
  storeGroupId: string;
  points: { caoxi: string; xujiahui: string; nanshan: string };
  leaderCtx: [Ctx, Ctx];
}

export async function seedCommunity(sys: Ctx, opts: { base: string; operator: Ctx; leaders: [DemoLeader, DemoLeader]; orgUnits: { east: string; xuhui: string; xihu: string; nanshan: string } }): Promise<DemoCommunity> {
  const link = { publicBaseUrl: opts.base, tenantSlug: 'demo' };
  const [l1, l2] = opts.leaders;
  await ensureStaffLeaderProfile(sys, { userId: l1.id, realName: l1.name, phone: l1.phone, email: l1.email, orgUnitId: l1.orgUnitId, intro: '徐汇漕溪小区团长，宝妈，社区老住户。' });
  await ensureStaffLeaderProfile(sys, { userId: l2.id, realName: l2.name, phone: l2.phone, email: l2.email, orgUnitId: l2.orgUnitId, intro: '南山科技园便利店店主。' });
  const w = leaderCtx(sys, l1);
  const li = leaderCtx(sys, l2);
  const caoxi = await createPickupPoint(w, { name: '漕溪北路自提点', address: '上海市徐汇区漕溪北路 88 号 1 楼', openingHours: '每天 9:00–21:00', contactName: l1.name, contactPhone: l1.phone, capacity: 150 });
  const xujiahui = await createPickupPoint(w, { name: '徐家汇便利店自提点', address: '上海市徐汇区虹桥路 12 号', openingHours: '周一至周六 10:00–20:00', contactName: l1.name, contactPhone: l1.phone, capacity: 80 });
  const nanshan = await createPickupPoint(li, { name: '南山科技园店', address: '深圳市南山区科苑路 15 号', openingHours: '每天 8:00–22:00', contactName: l2.name, contactPhone: l2.phone, capacity: 120 });

  // A member applies to lead in 杭州西湖; one applied and was turned down.
  const applicant = await ensureMember(sys, { phone: '13800000031', name: '赵敏', source: 'demo' });
  await applyLeader(asMember(sys, applicant), { realName: '赵敏', email: 'zhaomin@example.com', orgUnitId: opts.orgUnits.xihu, intro: '西湖区文三路小区业主群群主，群里 300 多户，想开一个自提点。' });
  const turnedDown = await ensureMember(sys, { phone: '13800000032', name: '钱进', source: 'demo' });
  const rejected = await applyLeader(asMember(sys, turnedDown), { realName: '钱进', email: 'qianjin@example.com', orgUnitId: opts.orgUnits.xuhui, intro: '' });
  await decideLeader(opts.operator, rejected.id, 'reject', '该小区已有团长，可先做分销员');

  const retail = await createGroup(sys, {
    orgUnitId: opts.orgUnits.xuhui,
    type: 'retail',
    name: '徐汇鲜果团 1 群',
    purpose: '每周两次产地直发水果团购，群内专享团购价，漕溪北路自提。',
    rules: '1. 只聊团购和生活，不发广告和外链。\n2. 不拉人进群卖货，不加群友私聊推销。\n3. 售后问题请找团长，文明交流。',
    capacity: 500,
    warnLimit: 3,
    leaderIds: [l1.id],
    externalId: 'wecom-room-xuhui-01',
  });
  const fan = await createGroup(sys, {
    orgUnitId: opts.orgUnits.east,
    type: 'fan',
    name: '鲜果爱好者俱乐部',
    purpose: '新品试吃、产地直播和会员活动，先于所有人知道好货。',
    rules: '1. 分享真实体验，欢迎晒图。\n2. 禁止广告和拉票。',
    capacity: 2000,
    warnLimit: 5,
    leaderIds: [l1.id],
  });
  const store = await createGroup(sys, {
    orgUnitId: opts.orgUnits.nanshan,
    type: 'store',
    name: '南山科技园店 店+群',
    purpose: '门店到货提醒、到店自提和店内活动，附近 3 公里的邻居都在这里。',
    rules: '1. 到货后 3 天内自提。\n2. 不发广告。',
    capacity: 500,
    warnLimit: 3,
    leaderIds: [l2.id],
  });

  // Invites: the official channel (the operator's QR on the brand's account), the leaders' own
  // contacts, and an offline tasting event.
  const official = await createInvite(opts.operator, retail.id, { source: 'official', eventName: '', label: '公众号菜单' }, link);
  const wangContacts = await createInvite(w, retail.id, { eventName: '', label: '王团长朋友圈' }, link);
  const tasting = await createInvite(opts.operator, fan.id, { source: 'offline_event', eventName: '11月徐汇社区草莓品鉴会', label: '活动签到台' }, link);
  const fanOfficial = await createInvite(opts.operator, fan.id, { source: 'official', eventName: '', label: '小程序首页' }, link);
  const storeDoor = await createInvite(li, store.id, { eventName: '', label: '收银台二维码' }, link);
  const storeOfficial = await createInvite(sys, store.id, { source: 'official', eventName: '', label: '公众号' }, link);

  const join = async (phone: string, name: string, code: string) => {
    const m = await ensureMember(sys, { phone, name, source: 'demo' });
    await joinGroup(asMember(sys, m), { code, acceptRules: true });
    return m;
  };
  const demoMember = await join('13800000001', '陈小满', official.code);
  const buyers = [['13800000011', '王小明'], ['13800000012', '李华'], ['13800000013', '张伟'], ['13800000014', '刘芳']] as const;
  for (const [i, [phone, name]] of buyers.entries()) await join(phone, name, i % 2 ? official.code : wangContacts.code);
  // The demo member brings friends with their own referral link.
  const referral = await createInvite(asMember(sys, demoMember), retail.id, { eventName: '', label: '' }, link);
  const friends = [['13800000041', '周小琴'], ['13800000042', '吴大伟'], ['13800000043', '郑爽']] as const;
  for (const [phone, name] of friends) await join(phone, name, referral.code);
  await join('13800000015', '陈静', wangContacts.code);
  const spammer = await join('13800000044', '冯推广', official.code);
  const rude = await join('13800000045', '褚某', wangContacts.code);

  for (const [phone, name] of [['13800000011', '王小明'], ['13800000051', '卫青'], ['13800000052', '蒋欣'], ['13800000053', '沈阳阳'], ['13800000001', '陈小满']] as const) await join(phone, name, tasting.code);
  await join('13800000054', '韩梅梅', fanOfficial.code);
  for (const [phone, name] of [['13800000016', ''], ['13800000017', '杨洋'], ['13800000061', '朱丽'], ['13800000062', '秦川']] as const) await join(phone, name, storeDoor.code);
  await join('13800000063', '尤佳', storeOfficial.code);

  // Moderation: tenant-wide keywords, one for the retail group; a spammer warned into a mute.
  await createModerationRule(opts.operator, { keyword: '加微信', action: 'block', note: '引流到私域' });
  await createModerationRule(opts.operator, { keyword: '代购', action: 'warn', note: '' });
  await createModerationRule(w, { groupId: retail.id, keyword: '拼多多', action: 'warn', note: '别的平台比价请私聊团长' });
  const api = { ...opts.operator, actor: { type: 'token', id: 'tok_demo_chat', name: '企业微信', role: 'operator', scope: { all: true } } } as Ctx;
  await checkMessage(api, { externalGroupId: 'wecom-room-xuhui-01', phone: '13800000011', text: '这周的草莓什么时候到？' });
  await checkMessage(api, { externalGroupId: 'wecom-room-xuhui-01', phone: spammer.phone, text: '低价代购各种名牌，有需要的私聊' });
  await checkMessage(api, { externalGroupId: 'wecom-room-xuhui-01', phone: spammer.phone, text: '加 微 信 领优惠券 vx123456' });
  await checkMessage(api, { externalGroupId: 'wecom-room-xuhui-01', phone: spammer.phone, text: '拼多多上更便宜哦' });
  await checkMessage(api, { groupId: fan.id, phone: '13800000052', text: '有没有人一起代购进口车厘子' });
  await actOnMember(w, retail.id, rude.id, 'remove', '辱骂其他群友，劝告无效');
  await actOnMember(w, retail.id, rude.id, 'ban', '移出后换号骚扰，禁止再次加入');
  const leaver = await join('13800000064', '许多', storeOfficial.code);
  await actOnMember(li, store.id, leaver.id, 'remove', '非本小区住户，已转介绍到最近的门店群');

  // E-commerce buyers handed over to the community team, imported into the fan group (one bad row, one repeat).
  const csv = [
    '手机号,姓名,渠道,买家ID,首单日期,末单日期',
    '13800000071,马丽,天猫旗舰店,tb_88001,2025-03-02,2025-10-30',
    '13800000072,高远,京东自营,jd_77102,2025-05-18,2025-11-02',
    '13800000073,林一,抖音小店,dy_50233,2025-07-01,2025-07-01',
    '1380000007,错号,天猫旗舰店,tb_88004,2025-04-01,2025-09-01',
    '13800000071,马丽,京东自营,jd_77109,2025-06-06,2025-08-08',
    '13800000011,王小明,天猫旗舰店,tb_88010,2024-12-12,2025-11-11',
  ].join('\n');
  await importMembers(sys, { file: Buffer.from(csv), format: 'csv', filename: '电商老客-第一批.csv', groupId: fan.id });
  // Playbooks (突发预案): one was run on the store group during a spam wave, then undone.
  await createPlaybook(opts.operator, {
    name: '食品安全谣言应急',
    description: '群里出现食品质量投诉或谣言：先停售、安抚、禁言，运营 10 分钟内介入核实。',
    steps: [
      { kind: 'pause_campaigns' },
      { kind: 'post_announcement', text: '各位邻居好，我们已收到反馈，正在和供应商核实，核实前本群团购暂停，已付款订单不受影响。请大家稍安勿躁，结果会第一时间同步。' },
      { kind: 'mute_group' },
      { kind: 'notify_operator', text: '食品安全舆情：请 10 分钟内联系团长并核实批次。' },
    ],
  });
  const spamWave = await createPlaybook(opts.operator, {
    name: '刷屏广告应急',
    description: '大量广告刷屏时先全群禁言，清理后解除。',
    steps: [{ kind: 'mute_group' }, { kind: 'post_announcement', text: '群内出现广告刷屏，已临时全员禁言，清理完毕后恢复。' }, { kind: 'notify_operator', text: '广告刷屏，请清理并检查入群链接。' }],
  });
  const wave = await runPlaybook(li, spamWave.id, store.id);
  await undoPlaybookRun(li, wave.id);

  return { retailGroupId: retail.id, storeGroupId: store.id, points: { caoxi: caoxi.id, xujiahui: xujiahui.id, nanshan: nanshan.id }, leaderCtx: [w, li] };
}
