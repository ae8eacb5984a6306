import ExcelJS from 'exceljs';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { inTransaction, requireRole, type Ctx } from '../../platform/context';
import { ctxOf, type App } from '../../platform/http';
import { sendWorkbook } from '../../platform/spreadsheet';
import { requireIdempotencyKey, ZIdempotencyHeaders } from '../../platform/idempotency';
import { getTenant } from '../identity';
import * as V from './distribution.validators';
import { applyDistributor, decideDistributor, inviteDistributor, listDistributors, updateMyDistributorProfile, type Decision } from './services/distributors';
import { cancelPayoutBatch, createPayoutBatch, getPayoutBatch, listPayoutBatches, markPayoutBatchPaid } from './services/payouts';
import { deletePolicy, getPolicyView, listPolicies, setPolicy } from './services/policies';
import { recordTouch, referralLink } from './services/referrals';
import { getSettings, updateSettings } from './services/settings';
import { getBalance, getStatement, iterateStatement, listBalances, listLedgerEntries, myEarnings, statementPage, teamReport } from './services/statements';

const tag = ['distribution'];
const yuan = (fen: number) => Math.round(fen) / 100;
const Beneficiary = z.object({ beneficiaryId: z.string().min(1).max(40) });
const MemberParam = z.object({ memberId: z.string().min(1).max(40) });
const IdParam = z.object({ id: z.string().min(1).max(40) });
const SLOT_LABEL = { leader: '团长 leader', level1: '一级 level 1', level2: '二级 level 2' } as const;
const STATE_LABEL = { pending: '待结算 pending', available: '可提现 available', reversed: '已冲回 reversed' } as const;

function baseUrl(req: FastifyRequest, ctx: Ctx): string {
  return ctx.config.publicUrl ?? `${req.protocol}://${req.host}`;
}

/** Distribution routes: settings, policies, distributors, balances, statements, ledger, payouts, reports, share links. */
export function registerDistributionRoutes(app: App): void {
  app.get('/distribution/settings', { schema: { operationId: 'getDistributionSettings', tags: tag, summary: "The tenant's distribution rules", response: { 200: V.ZSettings } } }, async (req) => {
    const ctx = ctxOf(req);
    requireRole(ctx, 'owner', 'operator');
    return getSettings(ctx);
  });
  app.patch(
    '/distribution/settings',
    { schema: { operationId: 'updateDistributionSettings', tags: tag, summary: 'Change the binding rule, after-sale window, levels and payout minimum (owners)', body: V.ZSettingsPatch, response: { 200: V.ZSettings } } },
    async (req) => updateSettings(ctxOf(req), req.body),
  );

  app.get('/distribution/policies', { schema: { operationId: 'listCommissionPolicies', tags: tag, summary: 'Every commission policy: the tenant default and the overrides', response: { 200: V.ZPolicyList } } }, async (req) =>
    listPolicies(ctxOf(req)),
  );
  app.get(
    '/distribution/policy',
    { schema: { operationId: 'getCommissionPolicy', tags: tag, summary: 'The policy at a scope and the one in effect there', querystring: V.ZGetPolicyQuery, response: { 200: V.ZPolicyView } } },
    async (req) => getPolicyView(ctxOf(req), req.query.scope, req.query.id),
  );
  app.put(
    '/distribution/policy',
    {
      schema: {
        operationId: 'setCommissionPolicy',
        tags: tag,
        summary: 'Set the commission policy of a scope (tenant default, campaign, product or SKU)',
        description: 'Slots: `leader`, `level1`, `level2` — at most two referral levels. Each is a rate in basis points of the net paid amount or a fixed amount per unit. Applies to orders paid from now on.',
        body: V.ZSetPolicyRequest,
        response: { 200: V.ZPolicy },
      },
    },
    async (req) => setPolicy(ctxOf(req), req.body),
  );
  app.delete(
    '/distribution/policy',
    { schema: { operationId: 'deleteCommissionPolicy', tags: tag, summary: 'Remove the policy of a scope (the more general one applies again)', querystring: V.ZGetPolicyQuery } },
    async (req, reply) => {
      await deletePolicy(ctxOf(req), req.query.scope, req.query.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/distribution/distributors',
    { schema: { operationId: 'listDistributors', tags: tag, summary: 'Distributors and applications', querystring: V.ZListDistributorsQuery, response: { 200: V.ZDistributorPage } } },
    async (req) => listDistributors(ctxOf(req), req.query),
  );
  app.post(
    '/distribution/distributors',
    { schema: { operationId: 'inviteDistributor', tags: tag, summary: 'Invite a member (by phone) as a distributor: approved at once', body: V.ZInviteDistributorRequest, response: { 201: V.ZDistributor } } },
    async (req, reply) => reply.status(201).send(await inviteDistributor(ctxOf(req), req.body)),
  );
  const decisions: Array<[Decision, string, string]> = [
    ['approve', 'approveDistributor', 'Approve an application'],
    ['reject', 'rejectDistributor', 'Reject an application'],
    ['suspend', 'suspendDistributor', 'Suspend a distributor (they stop earning on new orders)'],
    ['reinstate', 'reinstateDistributor', 'Reinstate a suspended distributor'],
  ];
  for (const [action, operationId, summary] of decisions) {
    app.post(
      `/distribution/distributors/:memberId/${action}`,
      { schema: { operationId, tags: tag, summary, params: MemberParam, body: V.ZDecisionRequest, response: { 200: V.ZDistributor } } },
      async (req) => decideDistributor(ctxOf(req), req.params.memberId, action, req.body.note),
    );
  }
  app.post(
    '/me/distributor',
    { schema: { operationId: 'applyDistributor', tags: tag, summary: 'A member applies to become a distributor', body: V.ZApplyDistributorRequest, response: { 201: V.ZDistributor } } },
    async (req, reply) => reply.status(201).send(await applyDistributor(ctxOf(req), req.body)),
  );

  app.patch(
    '/me/distributor',
    { schema: { operationId: 'updateMyDistributorProfile', tags: tag, summary: "A distributor changes their own name or payout account", body: V.ZUpdateDistributorProfileRequest, response: { 200: V.ZDistributor } } },
    async (req) => updateMyDistributorProfile(ctxOf(req), req.body),
  );

  app.get('/distribution/balances', { schema: { operationId: 'listBalances', tags: tag, summary: "Every beneficiary's balances", querystring: V.ZListBalancesQuery, response: { 200: V.ZBalancePage } } }, async (req) =>
    listBalances(ctxOf(req), req.query),
  );
  app.get(
    '/distribution/balances/:beneficiaryId',
    { schema: { operationId: 'getBalance', tags: tag, summary: "One beneficiary's balances: pending, available, in payout, paid", params: Beneficiary, response: { 200: V.ZBalance } } },
    async (req) => getBalance(ctxOf(req), req.params.beneficiaryId),
  );
  app.get(
    '/distribution/statements/:beneficiaryId',
    { schema: { operationId: 'getStatement', tags: tag, summary: 'A statement: balances and each commission line with the order behind it', params: Beneficiary, querystring: V.ZStatementQuery, response: { 200: V.ZStatement } } },
    async (req) => getStatement(ctxOf(req), req.params.beneficiaryId, req.query),
  );
  app.get(
    '/distribution/statements/:beneficiaryId/export',
    { schema: { operationId: 'exportStatement', tags: tag, summary: 'A statement as XLSX', params: Beneficiary, querystring: V.ZStatementQuery.omit({ limit: true, cursor: true }) } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const st = await getStatement(ctx, req.params.beneficiaryId, { ...req.query, limit: 1 });
      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet('statement');
      sheet.addRow([`${st.beneficiary.name} ${st.beneficiary.phone}`.trim()]);
      sheet.addRow(['累计 Earned', yuan(st.beneficiary.earnedFen), '待结算 Pending', yuan(st.beneficiary.pendingFen), '可提现 Available', yuan(st.beneficiary.availableFen), '打款中 In payout', yuan(st.beneficiary.inPayoutFen), '已打款 Paid', yuan(st.beneficiary.paidFen)]);
      sheet.addRow([]);
      const header = ['订单 Order', '下单 Placed', '团购 Campaign', '商品 Item', '买家 Buyer', '级别 Slot', '规则 Rule', '计佣金额 Base (¥)', '已退 Refunded (¥)', '佣金 Accrued (¥)', '冲回 Clawed back (¥)', '净额 Net (¥)', '状态 State', '可提现日 Release'];
      sheet.addRow(header).font = { bold: true };
      for await (const batch of iterateStatement(ctx, req.params.beneficiaryId, req.query)) {
        for (const l of batch) {
          sheet.addRow([l.orderId, l.placedAt, l.campaignTitle, l.itemTitle, l.buyer, SLOT_LABEL[l.slot], l.method === 'rate' ? `${l.rateBps / 100}%` : `¥${yuan(l.fixedFen)}/件`, yuan(l.baseFen), yuan(l.refundedFen), yuan(l.accruedFen), yuan(l.clawedFen), yuan(l.netFen), STATE_LABEL[l.state], l.releasedAt ?? l.releaseDueAt ?? '']);
        }
      }
      sheet.addRow(['合计 Total', '', '', '', '', '', '', '', '', yuan(st.totals.accruedFen), yuan(st.totals.clawedFen), yuan(st.totals.netFen)]).font = { bold: true };
      sheet.columns.forEach((c, i) => (c.width = [30, 22, 24, 24, 10, 12, 12, 14, 14, 14, 16, 12, 16, 22][i] ?? 12));
      return sendWorkbook(reply, wb, `statement-${req.params.beneficiaryId}-${new Date().toISOString().slice(0, 10)}`);
    },
  );
  app.get(
    '/distribution/ledger',
    { schema: { operationId: 'listLedgerEntries', tags: tag, summary: 'The commission journal, newest first, with postings (debit positive)', querystring: V.ZListLedgerQuery, response: { 200: V.ZJournalPage } } },
    async (req) => listLedgerEntries(ctxOf(req), req.query),
  );

  app.get('/distribution/payout-batches', { schema: { operationId: 'listPayoutBatches', tags: tag, summary: 'Payout batches, newest first', querystring: V.ZListDistributorsQuery.pick({ limit: true, cursor: true }), response: { 200: V.ZPayoutBatchPage } } }, async (req) =>
    listPayoutBatches(ctxOf(req), req.query),
  );
  app.post(
    '/distribution/payout-batches',
    { schema: { operationId: 'createPayoutBatch', tags: tag, summary: 'Create a payout batch of every available balance at or above the minimum (owners)', body: V.ZCreatePayoutBatchRequest, response: { 201: V.ZPayoutBatch } } },
    async (req, reply) => reply.status(201).send(await createPayoutBatch(ctxOf(req), req.body)),
  );
  app.get('/distribution/payout-batches/:id', { schema: { operationId: 'getPayoutBatch', tags: tag, summary: 'A payout batch with its items', params: IdParam, response: { 200: V.ZPayoutBatch } } }, async (req) =>
    getPayoutBatch(ctxOf(req), req.params.id),
  );
  app.get('/distribution/payout-batches/:id/export', { schema: { operationId: 'exportPayoutBatch', tags: tag, summary: 'The payout file (XLSX): who, where, how much', params: IdParam } }, async (req, reply) => {
    const batch = await getPayoutBatch(ctxOf(req), req.params.id);
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('payout');
    sheet.columns = [
      { header: '序号 No.', key: 'n', width: 8 },
      { header: '收款人 Payee', key: 'name', width: 16 },
      { header: '手机/账号 Phone', key: 'phone', width: 18 },
      { header: '收款账户 Account', key: 'account', width: 28 },
      { header: '金额 Amount (¥)', key: 'amount', width: 14, style: { numFmt: '0.00' } },
      { header: '受益人 Beneficiary', key: 'id', width: 32 },
      { header: '批次 Batch', key: 'batch', width: 32 },
    ];
    (batch.items ?? []).forEach((i, n) => sheet.addRow({ n: n + 1, name: i.name, phone: i.phone, account: i.payoutAccount, amount: yuan(i.amountFen), id: i.beneficiaryId, batch: batch.id }));
    sheet.addRow({ name: '合计 Total', amount: yuan(batch.totalFen) }).font = { bold: true };
    return sendWorkbook(reply, wb, `payout-${batch.id}`);
  });
  app.post(
    '/distribution/payout-batches/:id/mark-paid',
    {
      schema: {
        operationId: 'markPayoutBatchPaid',
        tags: tag,
        summary: 'Mark a batch paid once the money has left (owners)',
        description: 'Needs an `Idempotency-Key`. Marking a paid batch again posts nothing and answers the batch.',
        params: IdParam,
        headers: ZIdempotencyHeaders,
        body: V.ZMarkPaidRequest,
        response: { 200: V.ZPayoutBatch },
      },
    },
    async (req, reply) => {
      const result = await markPayoutBatchPaid(ctxOf(req), req.params.id, req.body.reference, requireIdempotencyKey(req.headers['idempotency-key']));
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(200).send(result.body);
    },
  );
  app.post(
    '/distribution/payout-batches/:id/cancel',
    { schema: { operationId: 'cancelPayoutBatch', tags: tag, summary: 'Cancel an open batch: its amounts go back to available', params: IdParam, response: { 200: V.ZPayoutBatch } } },
    async (req) => cancelPayoutBatch(ctxOf(req), req.params.id),
  );

  app.get(
    '/distribution/reports/team',
    { schema: { operationId: 'getTeamCommissionReport', tags: tag, summary: '销售提点: commission by org unit or by beneficiary, net of claw-backs (JSON or XLSX)', querystring: V.ZTeamReportQuery, response: { 200: V.ZTeamReport } } },
    async (req, reply) => {
      const report = await teamReport(ctxOf(req), req.query);
      if (req.query.format === 'json') return report;
      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet('team');
      sheet.columns = [
        { header: req.query.groupBy === 'org_unit' ? '组织 Org unit' : '受益人 Beneficiary', key: 'label', width: 24 },
        { header: '订单 Orders', key: 'orders', width: 10 },
        { header: '计佣销售额 Net sales (¥)', key: 'sales', width: 18, style: { numFmt: '0.00' } },
        { header: '团长 Leader (¥)', key: 'leader', width: 14, style: { numFmt: '0.00' } },
        { header: '一级 Level 1 (¥)', key: 'l1', width: 14, style: { numFmt: '0.00' } },
        { header: '二级 Level 2 (¥)', key: 'l2', width: 14, style: { numFmt: '0.00' } },
        { header: '合计 Total (¥)', key: 'total', width: 14, style: { numFmt: '0.00' } },
      ];
      const row = (label: string, r: typeof report.totals) => ({ label, orders: r.orders, sales: yuan(r.netSalesFen), leader: yuan(r.leaderFen), l1: yuan(r.level1Fen), l2: yuan(r.level2Fen), total: yuan(r.totalFen) });
      for (const r of report.rows) sheet.addRow(row(r.label || '（无 none）', r));
      sheet.addRow(row('合计 Total', report.totals)).font = { bold: true };
      return sendWorkbook(reply, wb, `commission-${req.query.groupBy}-${new Date().toISOString().slice(0, 10)}`);
    },
  );

  app.get(
    '/me/referral-link',
    { schema: { operationId: 'getReferralLink', tags: tag, summary: "The caller's share link (member or leader) with its QR code, for a campaign or the brand's home", querystring: V.ZReferralLinkQuery, response: { 200: V.ZReferralLink } } },
    async (req) => {
      const ctx = ctxOf(req);
      requireRole(ctx, 'member', 'leader', 'owner', 'operator');
      const tenant = await getTenant(ctx, ctx.tenantId);
      return inTransaction(ctx, (ctx) => referralLink(ctx, { campaignId: req.query.campaignId, publicBaseUrl: baseUrl(req, ctx), tenantSlug: tenant?.slug ?? '' }));
    },
  );
  app.post(
    '/me/referral-touches',
    { schema: { operationId: 'recordReferralTouch', tags: tag, summary: 'A signed-in member opened a share link: apply the binding rule', body: V.ZTouchRequest, response: { 200: V.ZTouchResult } } },
    async (req) => {
      const ctx = ctxOf(req);
      requireRole(ctx, 'member');
      return inTransaction(ctx, (ctx) => recordTouch(ctx, ctx.actor.id, req.body.code));
    },
  );
  app.get('/me/earnings', { schema: { operationId: 'getMyEarnings', tags: tag, summary: "A member's or leader's own commission: status and balances", response: { 200: V.ZMyEarnings } } }, async (req) => myEarnings(ctxOf(req)));
  app.get(
    '/me/earnings/lines',
    { schema: { operationId: 'listMyEarningLines', tags: tag, summary: "A member's or leader's own commission lines", querystring: V.ZStatementQuery, response: { 200: V.ZStatement.shape.lines } } },
    async (req) => {
      const ctx = ctxOf(req);
      requireRole(ctx, 'member', 'leader');
      return statementPage(ctx, ctx.actor.id, req.query);
    },
  );
}
