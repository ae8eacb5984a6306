import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Ctx } from '../../platform/context';
import { AppError, CommonErrors } from '../../platform/errors';
import { ctxOf, publicCtx, type App } from '../../platform/http';
import { PageQuery, pageOf } from '../../platform/pagination';
import { getTenant, listOrgUnits } from '../identity';
import * as V from './community.validators';
import { createGroup, getGroup, listGroups, updateGroup } from './services/groups';
import { createInvite, inviteQr, listInvites, publicInvite, revokeInvite, type LinkBase } from './services/invites';
import { applyLeader, decideLeader, listLeaders, myLeaderApplication, type LeaderDecision } from './services/leaders';
import { checkMessage, createModerationRule, deactivateModerationRule, listModerationEvents, listModerationRules } from './services/moderation';
import { createPickupPoint, listPickupPoints, updatePickupPoint } from './services/pickup-points';
import { getImportReport, importMembers, listImports } from './services/import-members';
import { listCampaignGroups, memberGroupCampaigns, publishCampaignToGroups, unpublishCampaignFromGroup } from './services/campaign-groups';
import { getPickupPoint, memberPickupPoints } from './services/pickup-points';
import { createPlaybook, listPlaybookRuns, listPlaybooks, runPlaybook, undoPlaybookRun } from './services/playbooks';
import { handleChatEvent, rotateChatSecret } from './services/chat';
import ExcelJS from 'exceljs';
import { sendWorkbook } from '../../platform/spreadsheet';
import { actOnMember, joinGroup, leaveGroup, listCommunityMembers, listGroupMembers, listMyGroups, type MemberAction } from './services/roster';

const tags = { groups: ['groups'], moderation: ['moderation'], leaders: ['leaders'] };
const IdParam = z.object({ id: z.string().min(1).max(40) });
const MemberParams = z.object({ id: z.string().min(1).max(40), memberId: z.string().min(1).max(40) });

async function linkBase(req: FastifyRequest, ctx: Ctx): Promise<LinkBase> {
  const tenant = await getTenant(ctx, ctx.tenantId);
  return { publicBaseUrl: ctx.config.publicUrl ?? `${req.protocol}://${req.host}`, tenantSlug: tenant?.slug ?? '' };
}

/** Community routes: groups and their rosters, invites and joining, moderation, leaders, pickup points. */
export function registerCommunityRoutes(app: App): void {
  app.get('/groups', { schema: { operationId: 'listGroups', tags: tags.groups, summary: 'Groups you may see (leaders: the groups they run)', querystring: V.ZListGroupsQuery, response: { 200: V.ZGroupPage } } }, async (req) =>
    listGroups(ctxOf(req), req.query),
  );
  app.post('/groups', { schema: { operationId: 'createGroup', tags: tags.groups, summary: 'Create a retail, fan or store group in an org unit', body: V.ZCreateGroupRequest, response: { 201: V.ZGroup } } }, async (req, reply) =>
    reply.status(201).send(await createGroup(ctxOf(req), req.body)),
  );
  app.get('/groups/:id', { schema: { operationId: 'getGroup', tags: tags.groups, summary: 'A group with its leaders and roster figures', params: IdParam, response: { 200: V.ZGroup } } }, async (req) =>
    getGroup(ctxOf(req), req.params.id),
  );
  app.patch(
    '/groups/:id',
    { schema: { operationId: 'updateGroup', tags: tags.groups, summary: "Change a group's details, status or leaders", params: IdParam, body: V.ZUpdateGroupRequest, response: { 200: V.ZGroup } } },
    async (req) => updateGroup(ctxOf(req), req.params.id, req.body),
  );

  app.get('/groups/:id/invites', { schema: { operationId: 'listInvites', tags: tags.groups, summary: "A group's invite links", params: IdParam, querystring: PageQuery, response: { 200: V.ZInvitePage } } }, async (req) => {
    const ctx = ctxOf(req);
    return listInvites(ctx, req.params.id, req.query, await linkBase(req, ctx));
  });
  app.post(
    '/groups/:id/invites',
    {
      schema: {
        operationId: 'createInvite',
        tags: tags.groups,
        summary: 'An invite link with its source: per group (staff), per leader, or a member’s own referral link',
        params: IdParam,
        body: V.ZCreateInviteRequest,
        response: { 201: V.ZInvite },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      return reply.status(201).send(await createInvite(ctx, req.params.id, req.body, await linkBase(req, ctx)));
    },
  );
  app.post('/invites/:id/revoke', { schema: { operationId: 'revokeInvite', tags: tags.groups, summary: 'Stop an invite link working', params: IdParam, response: { 200: V.ZInvite } } }, async (req) => {
    const ctx = ctxOf(req);
    return revokeInvite(ctx, req.params.id, await linkBase(req, ctx));
  });
  app.get(
    '/invites/:id/qr',
    { schema: { operationId: 'getInviteQr', tags: tags.groups, summary: "The invite link's QR code as PNG or SVG", params: IdParam, querystring: V.ZInviteQrQuery, produces: ['image/png', 'image/svg+xml'] } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const qr = await inviteQr(ctx, req.params.id, req.query.format, req.query.size, await linkBase(req, ctx));
      return reply.header('content-type', qr.contentType).header('content-disposition', `inline; filename="${qr.filename}"`).header('cache-control', 'private, max-age=300').send(qr.body);
    },
  );
  app.get(
    '/t/:tenant/invites/:code',
    {
      config: { auth: 'public' },
      schema: { operationId: 'getPublicInvite', tags: ['storefront'], summary: 'What the join page shows: the group, its purpose and rules (no login)', security: [], params: z.object({ tenant: z.string().max(40), code: z.string().max(40) }), response: { 200: V.ZPublicInvite } },
    },
    async (req) => {
      const { ctx } = await publicCtx(req, req.params.tenant);
      return publicInvite(ctx, req.params.code);
    },
  );
  app.get(
    '/t/:tenant/org-units',
    {
      config: { auth: 'public' },
      schema: {
        operationId: 'listPublicOrgUnits',
        tags: ['storefront'],
        summary: "The brand's regions and stores by name (no login): where a leader applicant would serve",
        security: [],
        params: z.object({ tenant: z.string().max(40) }),
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(['brand', 'region', 'dealer', 'store']), parentId: z.string().nullable() })) }) },
      },
    },
    async (req) => {
      const { ctx } = await publicCtx(req, req.params.tenant);
      return { items: (await listOrgUnits(ctx)).map((o) => ({ id: o.id, name: o.name, kind: o.kind, parentId: o.parentId })) };
    },
  );
  app.post('/me/groups', { schema: { operationId: 'joinGroup', tags: tags.groups, summary: 'A member joins a group through an invite, accepting its rules', body: V.ZJoinGroupRequest, response: { 201: V.ZRosterEntry } } }, async (req, reply) =>
    reply.status(201).send(await joinGroup(ctxOf(req), req.body)),
  );
  app.get('/me/groups', { schema: { operationId: 'listMyGroups', tags: tags.groups, summary: "The groups a member is in", response: { 200: V.ZMyGroups } } }, async (req) => listMyGroups(ctxOf(req)));
  app.delete('/me/groups/:id', { schema: { operationId: 'leaveGroup', tags: tags.groups, summary: 'A member leaves a group', params: IdParam } }, async (req, reply) => {
    await leaveGroup(ctxOf(req), req.params.id);
    return reply.status(204).send();
  });

  app.get(
    '/groups/:id/members',
    { schema: { operationId: 'listGroupMembers', tags: tags.groups, summary: 'The roster: join time, source, referrer, status (phones masked for leaders)', params: IdParam, querystring: V.ZListGroupMembersQuery, response: { 200: V.ZRosterPage } } },
    async (req) => listGroupMembers(ctxOf(req), req.params.id, req.query),
  );
  app.get(
    '/group-members',
    { schema: { operationId: 'listCommunityMembers', tags: tags.groups, summary: "The roster across every group you see: a leader's members (phones masked)", querystring: V.ZListGroupMembersQuery, response: { 200: pageOf(V.ZRosterEntry.extend({ groupName: z.string() })) } } },
    async (req) => listCommunityMembers(ctxOf(req), req.query),
  );
  const actions: Array<[MemberAction, string, string, z.ZodType]> = [
    ['remove', 'removeGroupMember', 'Remove a member from the group, with a reason (they may join again)', V.ZMemberActionRequest],
    ['ban', 'banGroupMember', 'Ban a member, with a reason: removed and refused if they try to join again', V.ZMemberActionRequest],
    ['unban', 'unbanGroupMember', 'Lift a ban: the member may join again through an invite', V.ZUnbanRequest],
    ['mute', 'muteGroupMember', 'Mute a member: their messages are blocked', V.ZMemberActionRequest],
    ['unmute', 'unmuteGroupMember', 'Unmute a member and clear their warnings', V.ZUnbanRequest],
  ];
  for (const [action, operationId, summary, body] of actions) {
    app.post(`/groups/:id/members/:memberId/${action}`, { schema: { operationId, tags: tags.moderation, summary, params: MemberParams, body, response: { 200: V.ZRosterEntry } } }, async (req) =>
      actOnMember(ctxOf(req), req.params.id, req.params.memberId, action, (req.body as { reason: string }).reason),
    );
  }

  app.get('/moderation/rules', { schema: { operationId: 'listModerationRules', tags: tags.moderation, summary: 'Keyword rules: tenant-wide and per group', querystring: V.ZListModerationRulesQuery, response: { 200: V.ZModerationRulePage } } }, async (req) =>
    listModerationRules(ctxOf(req), req.query),
  );
  app.post('/moderation/rules', { schema: { operationId: 'createModerationRule', tags: tags.moderation, summary: 'A keyword that blocks or warns, for the tenant or one group', body: V.ZCreateModerationRuleRequest, response: { 201: V.ZModerationRule } } }, async (req, reply) =>
    reply.status(201).send(await createModerationRule(ctxOf(req), req.body)),
  );
  app.post('/moderation/rules/:id/deactivate', { schema: { operationId: 'deactivateModerationRule', tags: tags.moderation, summary: 'Turn a keyword rule off', params: IdParam, response: { 200: V.ZModerationRule } } }, async (req) =>
    deactivateModerationRule(ctxOf(req), req.params.id),
  );
  app.post(
    '/moderation/check',
    {
      schema: {
        operationId: 'checkMessage',
        tags: tags.moderation,
        summary: 'Check a group message against the keyword rules: allow, warn or block; violations are recorded',
        description: 'A chat integration calls this with each message. A match counts a warning against the sender; at the group’s warn limit the sender is muted, and a muted sender’s messages are blocked.',
        body: V.ZCheckMessageRequest,
        response: { 200: V.ZCheckMessageResult },
      },
    },
    async (req) => checkMessage(ctxOf(req), req.body),
  );
  app.get('/moderation/events', { schema: { operationId: 'listModerationEvents', tags: tags.moderation, summary: 'The moderation log: violations and every action on members, by whom', querystring: V.ZListModerationEventsQuery, response: { 200: V.ZModerationEventPage } } }, async (req) =>
    listModerationEvents(ctxOf(req), req.query),
  );

  app.post('/me/leader-application', { schema: { operationId: 'applyLeader', tags: tags.leaders, summary: 'A member applies to become a 团长', body: V.ZApplyLeaderRequest, response: { 201: V.ZLeader } } }, async (req, reply) =>
    reply.status(201).send(await applyLeader(ctxOf(req), req.body)),
  );
  app.get('/me/leader-application', { schema: { operationId: 'getMyLeaderApplication', tags: tags.leaders, summary: "The member's own leader application", response: { 200: V.ZMyLeaderApplication } } }, async (req) => myLeaderApplication(ctxOf(req)));
  app.get('/leaders', { schema: { operationId: 'listLeaders', tags: tags.leaders, summary: 'Leaders and applications in your scope', querystring: V.ZListLeadersQuery, response: { 200: V.ZLeaderPage } } }, async (req) => listLeaders(ctxOf(req), req.query));
  const decisions: Array<[LeaderDecision, string, string]> = [
    ['approve', 'approveLeader', 'Approve an application: creates the leader’s console account (password shown once)'],
    ['reject', 'rejectLeader', 'Reject an application (they may apply again)'],
    ['suspend', 'suspendLeader', 'Suspend a leader'],
    ['reinstate', 'reinstateLeader', 'Reinstate a suspended leader'],
  ];
  for (const [action, operationId, summary] of decisions) {
    app.post(`/leaders/:id/${action}`, { schema: { operationId, tags: tags.leaders, summary, params: IdParam, body: V.ZLeaderDecisionRequest, response: { 200: V.ZApproveLeaderResponse } } }, async (req) =>
      decideLeader(ctxOf(req), req.params.id, action, req.body.note),
    );
  }

  app.get('/pickup-points', { schema: { operationId: 'listPickupPoints', tags: tags.leaders, summary: 'Pickup points (leaders: their own)', querystring: V.ZListPickupPointsQuery, response: { 200: V.ZPickupPointPage } } }, async (req) =>
    listPickupPoints(ctxOf(req), req.query),
  );
  app.post('/pickup-points', { schema: { operationId: 'createPickupPoint', tags: tags.leaders, summary: "Add a leader's pickup point", body: V.ZCreatePickupPointRequest, response: { 201: V.ZPickupPoint } } }, async (req, reply) =>
    reply.status(201).send(await createPickupPoint(ctxOf(req), req.body)),
  );
  app.get('/pickup-points/:id', { schema: { operationId: 'getPickupPoint', tags: tags.leaders, summary: 'A pickup point (leaders: their own)', params: IdParam, response: { 200: V.ZPickupPoint } } }, async (req) =>
    getPickupPoint(ctxOf(req), req.params.id),
  );
  app.patch('/pickup-points/:id', { schema: { operationId: 'updatePickupPoint', tags: tags.leaders, summary: 'Change or close a pickup point', params: IdParam, body: V.ZUpdatePickupPointRequest, response: { 200: V.ZPickupPoint } } }, async (req) =>
    updatePickupPoint(ctxOf(req), req.params.id, req.body),
  );

  // Member import: the file is the request body (CSV or XLSX), read raw.
  const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    (scope as App).post(
      '/member-imports',
      {
        schema: {
          operationId: 'importMembers',
          tags: tags.groups,
          summary: 'Import members from a CSV or XLSX file (the request body), optionally into a group',
          description:
            'Send the file as the body with `Content-Type: text/csv` or `' +
            XLSX_TYPE +
            '` (or `format=`). The header row names the columns: phone 手机号 (required), name 姓名, channel 渠道, buyer_id 买家ID, first_order_date 首单日期, last_order_date 末单日期. Answers 202 at once with the import; poll `getImportReport` for progress and the per-row report.',
          querystring: V.ZImportMembersQuery,
          response: { 202: V.ZImportSummary },
        },
      },
      async (req, reply) => {
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const type = String(req.headers['content-type'] ?? '');
        const format = req.query.format ?? (type.includes('spreadsheetml') || req.query.filename?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv');
        if (body.length === 0) throw new AppError(CommonErrors.validation_failed, { errors: [{ path: 'body', message: 'the file is empty' }] });
        const summary = await importMembers(ctxOf(req), { file: body, format, filename: req.query.filename ?? '', groupId: req.query.groupId });
        return reply.status(202).send(summary);
      },
    );
  });
  app.get('/member-imports', { schema: { operationId: 'listImports', tags: tags.groups, summary: 'Member imports, newest first', querystring: V.ZListImportsQuery, response: { 200: V.ZImportSummaryPage } } }, async (req) =>
    listImports(ctxOf(req), req.query),
  );
  app.get(
    '/member-imports/:id',
    { schema: { operationId: 'getImportReport', tags: tags.groups, summary: "An import's progress and its report: each failed or duplicate row with its row number and reason", params: IdParam, querystring: V.ZImportReportQuery, response: { 200: V.ZImportReport } } },
    async (req) => getImportReport(ctxOf(req), req.params.id, req.query),
  );
  app.get(
    '/member-import-template',
    { schema: { operationId: 'getImportTemplate', tags: tags.groups, summary: 'An empty import file with the expected header row', querystring: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }) } },
    async (req, reply) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('members');
      ws.addRow(['手机号', '姓名', '渠道', '买家ID', '首单日期', '末单日期']);
      ws.addRow(['13800000000', '张三', '天猫旗舰店', 'tb_123456', '2025-03-01', '2025-10-18']);
      return sendWorkbook(reply, wb, 'member-import-template', req.query.format);
    },
  );

  app.post(
    '/campaigns/:id/groups',
    {
      schema: {
        operationId: 'publishCampaignToGroups',
        tags: tags.groups,
        summary: 'Publish a campaign to groups: answers each group’s share card (text and link) to paste into the chat',
        params: IdParam,
        body: V.ZPublishToGroupsRequest,
        response: { 200: V.ZCampaignShareList },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      return { items: await publishCampaignToGroups(ctx, req.params.id, req.body.groupIds, await linkBase(req, ctx)) };
    },
  );
  app.get('/campaigns/:id/groups', { schema: { operationId: 'listCampaignGroups', tags: tags.groups, summary: 'The groups a campaign is published to, with their share cards', params: IdParam, response: { 200: V.ZCampaignShareList } } }, async (req) => {
    const ctx = ctxOf(req);
    return { items: await listCampaignGroups(ctx, req.params.id, await linkBase(req, ctx)) };
  });
  app.delete(
    '/campaigns/:id/groups/:groupId',
    { schema: { operationId: 'unpublishCampaignFromGroup', tags: tags.groups, summary: 'Take a campaign out of a group', params: z.object({ id: z.string().min(1).max(40), groupId: z.string().min(1).max(40) }) } },
    async (req, reply) => {
      await unpublishCampaignFromGroup(ctxOf(req), req.params.id, req.params.groupId);
      return reply.status(204).send();
    },
  );
  app.get(
    '/me/groups/:id/campaigns',
    {
      schema: {
        operationId: 'listMyGroupCampaigns',
        tags: tags.groups,
        summary: 'The campaigns published to a group the member is in (open ones first)',
        params: IdParam,
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), title: z.string(), status: z.string(), endsAt: z.string(), minPriceFen: z.number().int(), itemCount: z.number().int(), paused: z.boolean().describe('Paused in this group by a playbook') })) }) },
      },
    },
    async (req) => ({ items: await memberGroupCampaigns(ctxOf(req), req.params.id) }),
  );
  app.get('/me/pickup-points', { schema: { operationId: 'listMemberPickupPoints', tags: tags.leaders, summary: 'Where a member may collect: their group’s leaders’ open points, or all open points', querystring: V.ZMemberPickupPointsQuery, response: { 200: z.object({ items: z.array(V.ZPickupPoint) }) } } }, async (req) => ({
    items: await memberPickupPoints(ctxOf(req), req.query.groupId),
  }));

  app.get('/playbooks', { schema: { operationId: 'listPlaybooks', tags: tags.moderation, summary: '突发预案: the playbooks', response: { 200: z.object({ items: z.array(V.ZPlaybook) }) } } }, async (req) => listPlaybooks(ctxOf(req)));
  app.post('/playbooks', { schema: { operationId: 'createPlaybook', tags: tags.moderation, summary: 'A named playbook of steps: pause campaigns, post an announcement, mute the group, notify the operator', body: V.ZCreatePlaybookRequest, response: { 201: V.ZPlaybook } } }, async (req, reply) =>
    reply.status(201).send(await createPlaybook(ctxOf(req), req.body)),
  );
  app.post('/playbooks/:id/run', { schema: { operationId: 'runPlaybook', tags: tags.moderation, summary: 'Run a playbook on a group (one click); answers the run with its log', params: IdParam, body: V.ZRunPlaybookRequest, response: { 200: V.ZPlaybookRun } } }, async (req) =>
    runPlaybook(ctxOf(req), req.params.id, req.body.groupId),
  );
  app.get('/playbook-runs', { schema: { operationId: 'listPlaybookRuns', tags: tags.moderation, summary: 'Playbook runs with their logs, newest first', querystring: V.ZListPlaybookRunsQuery, response: { 200: V.ZPlaybookRunPage } } }, async (req) =>
    listPlaybookRuns(ctxOf(req), req.query),
  );
  app.post('/playbook-runs/:id/undo', { schema: { operationId: 'undoPlaybookRun', tags: tags.moderation, summary: 'Undo what a run can undo: resume paused campaigns, unmute the group', params: IdParam, response: { 200: V.ZPlaybookRun } } }, async (req) =>
    undoPlaybookRun(ctxOf(req), req.params.id),
  );

  app.post(
    '/chat/secret',
    { schema: { operationId: 'rotateChatSecret', tags: ['chat'], summary: "Set up or rotate the chat integration's signing secret (shown once; owners)", body: z.object({ platform: z.string().trim().min(1).max(40).default('wecom') }).strict(), response: { 200: z.object({ secret: z.string(), platform: z.string(), webhookPath: z.string() }) } } },
    async (req) => {
      const ctx = ctxOf(req);
      const tenant = await getTenant(ctx, ctx.tenantId);
      return { ...(await rotateChatSecret(ctx, req.body.platform)), webhookPath: `/api/v1/chat/webhook/${tenant?.slug ?? ''}` };
    },
  );
  // The chat platform signs the raw body, so this route reads it unparsed.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_req, body, done) => done(null, body));
    (scope as App).post(
      '/chat/webhook/:tenant',
      {
        config: { auth: 'public' },
        schema: {
          operationId: 'handleChatEvent',
          tags: ['chat'],
          summary: 'Where a chat platform adapter sends group events: member joined, member left, message posted',
          description:
            'JSON body, one event. Header `Tuan-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` with the secret from `rotateChatSecret`, 300 s tolerance; a bad signature is 401. A resent `eventId` answers as the first time. For messages the answer carries `action`: allow, warn or block; for a banned person joining, `remove`.',
          security: [],
          params: z.object({ tenant: z.string().max(40) }),
          response: { 200: z.object({ handled: z.boolean(), duplicate: z.boolean().optional(), action: z.enum(['allow', 'warn', 'block', 'remove']).optional(), detail: z.string() }) },
        },
      },
      async (req) => handleChatEvent(req.baseCtx, req.params.tenant, req.headers['tuan-signature'] as string | undefined, typeof req.body === 'string' ? req.body : ''),
    );
  });
}
