import { z } from 'zod';
import { ctxOf, type App } from '../../platform/http';
import { sendWorkbook } from '../../platform/spreadsheet';
import * as V from './crm.validators';
import { ZLifecycleSettings } from './services/lifecycle';
import { getLifecycleSummary, updateLifecycleSettings } from './services/lifecycle-summary';
import { ingestEvents } from './services/ingest-events';
import { mergeProfiles, previewMerge } from './services/merge-profiles';
import { getProfile, listProfiles, visibleProfileStatus } from './services/profiles';
import { createSegment, deleteSegment, getSegment, listSegmentMembers, listSegments, previewSegment, segmentWorkbook, updateSegment } from './services/segments';
import { applyTag, createTag, createTagGroup, deleteTag, deleteTagGroup, listTags, updateTag, updateTagGroup } from './services/tags';
import { listTimeline } from './services/timeline';
import { requireCrm } from './services/access';
import { consentHistory, myConsents, recordConsent, sendMarketing, setMyConsent } from './services/consent';
import { erasePerson, exportPersonData, personDataWorkbook } from './services/personal-data';
import { inviteToRole, listKocRanking } from './services/koc';
import { listTiers, setTierRules, ZTierRules } from './services/tiers';
import { PageQuery } from '../../platform/pagination';
import { ZPublicCampaignCard } from '../campaigns/campaigns.validators';
import { getCampaignAudience, listForYou, setCampaignAudience } from './services/audience';

const tag = ['crm'];
const IdParam = z.object({ id: z.string().min(1).max(40) });

/** The social CRM: profiles, the event ingest, tags, segments and lifecycle. Owners and operators. */
export function registerCrmRoutes(app: App): void {
  // ——— profiles ———
  app.get('/crm/profiles', { schema: { operationId: 'listProfiles', tags: tag, summary: 'Profiles (the member list), filtered by a segment, tag, stage or search', querystring: V.ZListProfilesQuery, response: { 200: V.ZProfilePage } } }, async (req) =>
    listProfiles(ctxOf(req), req.query),
  );
  app.get('/crm/profiles/:id', { schema: { operationId: 'getProfile', tags: tag, summary: 'A person: identity, channels, groups, RFM, tags, stage, referral tree, segments', params: IdParam, response: { 200: V.ZProfile } } }, async (req) =>
    getProfile(ctxOf(req), req.params.id),
  );
  app.get('/crm/profiles/:id/timeline', { schema: { operationId: 'listProfileTimeline', tags: tag, summary: "A person's timeline of events, newest first", params: IdParam, querystring: V.ZTimelineQuery, response: { 200: V.ZTimelinePage } } }, async (req) => {
    const ctx = ctxOf(req);
    requireCrm(ctx);
    await visibleProfileStatus(ctx, req.params.id);
    return listTimeline(ctx, req.params.id, req.query);
  });
  app.post('/crm/profiles/merge/preview', { schema: { operationId: 'previewMerge', tags: tag, summary: 'What merging one profile into another would move', body: V.ZMergeRequest, response: { 200: V.ZMergePreview } } }, async (req) =>
    previewMerge(ctxOf(req), req.body),
  );
  app.post(
    '/crm/profiles/merge',
    { schema: { operationId: 'mergeProfiles', tags: tag, summary: 'Merge a duplicate profile into the one that stays (history is kept)', description: 'Merging a profile with itself is 400 `crm.merge_same_profile`; a profile of another tenant is 404.', body: V.ZMergeRequest, response: { 200: V.ZProfile } } },
    async (req) => mergeProfiles(ctxOf(req), req.body),
  );

  // ——— events ———
  app.post(
    '/crm/events',
    {
      schema: {
        operationId: 'ingestEvents',
        tags: tag,
        summary: 'Send a batch of social events (viewed, shared, liked, commented, reviewed, joined/left a group, custom)',
        description:
          'Each event is checked on its own: valid ones are stored, invalid ones come back in `rejected` with their index, code and field. ' +
          'An event carries `clientEventId` so a resent batch stores nothing twice (`duplicates`). Events reach profiles and saved segments within seconds.',
        body: V.ZIngestRequest,
        response: { 200: V.ZIngestResponse },
      },
    },
    async (req) => ingestEvents(ctxOf(req), req.body),
  );

  // ——— tags ———
  app.get('/crm/tags', { schema: { operationId: 'listTags', tags: tag, summary: 'Tag groups and tags, with how many profiles carry each', response: { 200: V.ZTagList } } }, async (req) => listTags(ctxOf(req)));
  app.post('/crm/tag-groups', { schema: { operationId: 'createTagGroup', tags: tag, summary: 'Create a tag group', body: V.ZCreateTagGroupRequest, response: { 200: V.ZTagGroup } } }, async (req) => createTagGroup(ctxOf(req), req.body));
  app.patch('/crm/tag-groups/:id', { schema: { operationId: 'updateTagGroup', tags: tag, summary: 'Rename a tag group', params: IdParam, body: V.ZCreateTagGroupRequest, response: { 200: V.ZTagGroup } } }, async (req) =>
    updateTagGroup(ctxOf(req), req.params.id, req.body),
  );
  app.delete('/crm/tag-groups/:id', { schema: { operationId: 'deleteTagGroup', tags: tag, summary: 'Delete a tag group; its tags stay, ungrouped', params: IdParam, response: { 200: V.ZDeleteTagGroupResponse } } }, async (req) =>
    deleteTagGroup(ctxOf(req), req.params.id),
  );
  app.post('/crm/tags', { schema: { operationId: 'createTag', tags: tag, summary: 'Create a manual tag, or a rule tag kept equal to its rule', body: V.ZCreateTagRequest, response: { 200: V.ZTag } } }, async (req) => createTag(ctxOf(req), req.body));
  app.patch('/crm/tags/:id', { schema: { operationId: 'updateTag', tags: tag, summary: "Rename, regroup or recolour a tag, or change a rule tag's rule", params: IdParam, body: V.ZUpdateTagRequest, response: { 200: V.ZTag } } }, async (req) =>
    updateTag(ctxOf(req), req.params.id, req.body),
  );
  app.delete('/crm/tags/:id', { schema: { operationId: 'deleteTag', tags: tag, summary: 'Delete a tag (it leaves every profile)', params: IdParam } }, async (req, reply) => {
    await deleteTag(ctxOf(req), req.params.id);
    return reply.status(204).send();
  });
  app.post('/crm/tags/:id/apply', { schema: { operationId: 'applyTag', tags: tag, summary: 'Put a manual tag on profiles, or on every member of a segment', params: IdParam, body: V.ZApplyTagRequest, response: { 200: V.ZApplyTagResponse } } }, async (req) =>
    applyTag(ctxOf(req), req.params.id, req.body),
  );
  app.post('/crm/tags/:id/remove', { schema: { operationId: 'removeTag', tags: tag, summary: 'Take a manual tag off profiles, or off every member of a segment', params: IdParam, body: V.ZApplyTagRequest, response: { 200: V.ZApplyTagResponse } } }, async (req) =>
    applyTag(ctxOf(req), req.params.id, req.body, true),
  );

  // ——— segments ———
  app.get('/crm/segments', { schema: { operationId: 'listSegments', tags: tag, summary: 'Saved segments with their member counts', response: { 200: V.ZSegmentList } } }, async (req) => listSegments(ctxOf(req)));
  app.post(
    '/crm/segments/preview',
    { schema: { operationId: 'previewSegment', tags: tag, summary: 'Count (and sample) the profiles a rule matches now, without saving', description: 'An invalid rule is 400 `crm.invalid_rule` (or `common.validation_failed`) naming the part at fault, e.g. `rule.rules.1.max`.', body: V.ZPreviewSegmentRequest, response: { 200: V.ZPreviewSegmentResponse } } },
    async (req) => previewSegment(ctxOf(req), req.body),
  );
  app.post('/crm/segments', { schema: { operationId: 'createSegment', tags: tag, summary: 'Save a segment; its membership is kept current', body: V.ZCreateSegmentRequest, response: { 200: V.ZSegment } } }, async (req) => createSegment(ctxOf(req), req.body));
  app.get('/crm/segments/:id', { schema: { operationId: 'getSegment', tags: tag, summary: 'A saved segment: rule, member count, last full refresh', params: IdParam, response: { 200: V.ZSegment } } }, async (req) => getSegment(ctxOf(req), req.params.id));
  app.patch('/crm/segments/:id', { schema: { operationId: 'updateSegment', tags: tag, summary: 'Rename a segment or change its rule', params: IdParam, body: V.ZUpdateSegmentRequest, response: { 200: V.ZSegment } } }, async (req) =>
    updateSegment(ctxOf(req), req.params.id, req.body),
  );
  app.delete('/crm/segments/:id', { schema: { operationId: 'deleteSegment', tags: tag, summary: 'Delete a saved segment', params: IdParam } }, async (req, reply) => {
    await deleteSegment(ctxOf(req), req.params.id);
    return reply.status(204).send();
  });
  app.get(
    '/crm/segments/:id/members',
    { schema: { operationId: 'listSegmentMembers', tags: tag, summary: "A segment's current members", params: IdParam, querystring: V.ZListProfilesQuery.omit({ segmentId: true }), response: { 200: V.ZProfilePage } } },
    async (req) => listSegmentMembers(ctxOf(req), req.params.id, req.query),
  );
  app.get('/crm/segments/:id/export', { schema: { operationId: 'exportSegment', tags: tag, summary: "A segment's members as XLSX or CSV", params: IdParam, querystring: V.ZExportQuery } }, async (req, reply) => {
    const { wb, name } = await segmentWorkbook(ctxOf(req), req.params.id);
    return sendWorkbook(reply, wb, name, req.query.format);
  });

  // ——— lifecycle ———
  app.get(
    '/crm/lifecycle',
    { schema: { operationId: 'getLifecycleSummary', tags: tag, summary: 'How many people are in each lifecycle stage, day by day, and the moves between stages', querystring: z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }) } },
    async (req) => getLifecycleSummary(ctxOf(req), req.query),
  );
  app.put('/crm/lifecycle/settings', { schema: { operationId: 'setLifecycleSettings', tags: tag, summary: 'Set the lifecycle thresholds (every stage is recomputed)', body: ZLifecycleSettings } }, async (req) =>
    updateLifecycleSettings(ctxOf(req), req.body),
  );

  // ——— consent and personal data ———
  app.get('/crm/profiles/:id/consents', { schema: { operationId: 'listConsents', tags: tag, summary: 'Every consent given and withdrawn, newest first', params: IdParam, response: { 200: V.ZConsentHistory } } }, async (req) => {
    const ctx = ctxOf(req);
    requireCrm(ctx);
    await visibleProfileStatus(ctx, req.params.id);
    return { items: await consentHistory(ctx, req.params.id) };
  });
  app.post('/crm/profiles/:id/consents', { schema: { operationId: 'recordConsent', tags: tag, summary: 'Record a consent given outside Tuan (a form at the store, a call), with its source', params: IdParam, body: V.ZRecordConsentRequest, response: { 200: V.ZConsentHistory } } }, async (req) => ({
    items: await recordConsent(ctxOf(req), req.params.id, { ...req.body, granted: true }),
  }));
  app.post(
    '/crm/profiles/:id/consents/withdraw',
    { schema: { operationId: 'withdrawConsent', tags: tag, summary: 'Record that a person withdrew a consent', params: IdParam, body: V.ZRecordConsentRequest, response: { 200: V.ZConsentHistory } } },
    async (req) => ({ items: await recordConsent(ctxOf(req), req.params.id, { ...req.body, granted: false }) }),
  );
  app.get('/me/consents', { schema: { operationId: 'getMyConsents', tags: tag, summary: "The signed-in member's consents", response: { 200: V.ZMyConsents } } }, async (req) => myConsents(ctxOf(req)));
  app.post('/me/consents', { schema: { operationId: 'setMyConsent', tags: tag, summary: 'A member gives or withdraws a consent', body: V.ZMyConsentRequest, response: { 200: V.ZMyConsents } } }, async (req) => setMyConsent(ctxOf(req), req.body));
  app.post(
    '/crm/segments/:id/messages',
    { schema: { operationId: 'sendSegmentMessage', tags: tag, summary: "Send a marketing message to a segment's members who consented to marketing", params: IdParam, body: V.ZMarketingRequest, response: { 200: V.ZMarketingResult } } },
    async (req) => sendMarketing(ctxOf(req), req.params.id, req.body),
  );
  app.get('/crm/profiles/:id/export', { schema: { operationId: 'exportPersonData', tags: tag, summary: 'Everything held about a person, as JSON or XLSX', params: IdParam, querystring: V.ZPersonExportQuery } }, async (req, reply) => {
    if (req.query.format === 'xlsx') {
      const { wb, name } = await personDataWorkbook(ctxOf(req), req.params.id);
      return sendWorkbook(reply, wb, name);
    }
    const data = await exportPersonData(ctxOf(req), req.params.id);
    return reply.header('content-disposition', `attachment; filename="person-${req.params.id}.json"`).send(data);
  });
  app.post(
    '/crm/profiles/:id/erase',
    { schema: { operationId: 'erasePerson', tags: tag, summary: "Erase a person: personal data pseudonymised everywhere, orders kept for accounting (owners; cannot be undone)", params: IdParam, body: V.ZEraseRequest, response: { 200: V.ZEraseResult } } },
    async (req) => erasePerson(ctxOf(req), req.params.id, req.body),
  );

  // ——— super users and tiers ———
  app.get('/crm/koc', { schema: { operationId: 'listKocRanking', tags: tag, summary: 'Super users (KOC) ranked by referred GMV, buyers brought, shares that sold and helpful reviews', querystring: PageQuery, response: { 200: V.ZKocPage } } }, async (req) =>
    listKocRanking(ctxOf(req), req.query),
  );
  app.post('/crm/profiles/:id/invite', { schema: { operationId: 'inviteToRole', tags: tag, summary: 'Invite a person to become a distributor or to apply as a group leader', params: IdParam, body: V.ZInviteRoleRequest } }, async (req) =>
    inviteToRole(ctxOf(req), req.params.id, req.body),
  );
  app.get('/crm/tiers', { schema: { operationId: 'listTiers', tags: tag, summary: 'Member tiers with their thresholds, perks and how many hold each', response: { 200: V.ZTierList } } }, async (req) => listTiers(ctxOf(req)));
  app.put('/crm/tiers/rules', { schema: { operationId: 'setTierRules', tags: tag, summary: 'Set the tier rules (by spend or points in a rolling window, with a grace period before a downgrade)', body: ZTierRules } }, async (req) =>
    setTierRules(ctxOf(req), req.body),
  );

  // ——— campaign audiences ———
  const ZAudience = z.object({ campaignId: z.string(), segments: z.array(z.object({ id: z.string(), name: z.string(), memberCount: z.number().int() })) });
  app.get('/crm/campaigns/:id/audience', { schema: { operationId: 'getCampaignAudience', tags: tag, summary: 'The segments a campaign is aimed at', params: IdParam, response: { 200: ZAudience } } }, async (req) =>
    getCampaignAudience(ctxOf(req), req.params.id),
  );
  app.put(
    '/crm/campaigns/:id/audience',
    { schema: { operationId: 'setCampaignAudience', tags: tag, summary: "Aim a campaign at segments: their members see it under 'for you'", params: IdParam, body: z.object({ segmentIds: z.array(z.string().min(1).max(40)).max(20) }).strict(), response: { 200: ZAudience } } },
    async (req) => setCampaignAudience(ctxOf(req), req.params.id, req.body.segmentIds),
  );
  app.get('/me/for-you', { schema: { operationId: 'listForYouCampaigns', tags: tag, summary: 'Live campaigns aimed at a segment the member is in (为你推荐)', response: { 200: z.object({ items: z.array(ZPublicCampaignCard) }) } } }, async (req) => ({
    items: (await listForYou(ctxOf(req))).items.map((c) => {
      const prices = c.items.map((i) => i.priceFen);
      return { id: c.id, title: c.title, coverImages: c.coverImages, status: c.status, startsAt: c.startsAt, endsAt: c.endsAt, minPriceFen: prices.length ? Math.min(...prices) : 0, maxPriceFen: prices.length ? Math.max(...prices) : 0, itemCount: c.items.length };
    }),
  }));
}
