import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/pagination';
import { PhoneSchema } from '../identity';
import { PLAYBOOK_STEP_KINDS, IMPORT_ROW_OUTCOMES, GROUP_STATUSES, GROUP_TYPES, JOIN_SOURCES, LEADER_STATUSES, MODERATION_KINDS, ROSTER_STATUSES } from './community.schema';

const Id = z.string().min(1).max(40);
const Text = (max: number) => z.string().trim().max(max);
const Name = z.string().trim().min(1, { message: 'required' }).max(60);

export const ZGroupType = z.enum(GROUP_TYPES).describe('retail 零售群 (sells), fan 粉丝群 (engagement), store 门店群 (店+群)');
export const ZJoinSource = z.enum(JOIN_SOURCES).describe('official channel, the operator’s own contacts, member referral, offline event, or a bulk import');

export const ZCreateGroupRequest = z
  .object({
    orgUnitId: Id,
    type: ZGroupType,
    name: Name,
    purpose: Text(500).default('').describe('What a member gains by joining (shown on the join page)'),
    rules: Text(2000).default('').describe('群规: a member accepts them to join'),
    capacity: z.number().int().min(1).max(100_000).default(500),
    warnLimit: z.number().int().min(1).max(100).default(3).describe('Warnings after which moderation mutes a member'),
    leaderIds: z.array(Id).max(20).default([]).describe('Staff users with the leader role who run the group'),
    externalId: Text(120).min(1).optional().describe("The chat platform's id of the group"),
  })
  .strict();

export const ZUpdateGroupRequest = z
  .object({
    name: Name,
    purpose: Text(500),
    rules: Text(2000),
    capacity: z.number().int().min(1).max(100_000),
    warnLimit: z.number().int().min(1).max(100),
    status: z.enum(GROUP_STATUSES),
    leaderIds: z.array(Id).max(20),
    externalId: Text(120).min(1).nullable(),
  })
  .partial()
  .strict();

const RosterCounts = z.object({ active: z.number().int(), muted: z.number().int(), removed: z.number().int(), banned: z.number().int(), left: z.number().int() });

export const ZGroup = z
  .object({
    id: z.string(),
    orgUnitId: z.string(),
    orgUnitName: z.string(),
    type: ZGroupType,
    name: z.string(),
    purpose: z.string(),
    rules: z.string(),
    capacity: z.number().int(),
    warnLimit: z.number().int(),
    status: z.enum(GROUP_STATUSES),
    externalId: z.string().nullable(),
    leaders: z.array(z.object({ id: z.string(), name: z.string() })),
    counts: RosterCounts.describe('Roster by status'),
    sources: z.record(z.string(), z.number().int()).describe('Members ever joined, by source'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Group' });
export const ZGroupPage = pageOf(ZGroup);

export const ZListGroupsQuery = PageQuery.extend({
  type: ZGroupType.optional(),
  status: z.enum(GROUP_STATUSES).optional(),
  orgUnitId: Id.optional(),
  leaderId: Id.optional(),
  q: Text(60).optional().describe('Part of the name'),
});

export const ZCreateInviteRequest = z
  .object({
    source: ZJoinSource.exclude(['import']).optional().describe('Staff: defaults to official. Members always invite as member_referral'),
    eventName: Text(80).default('').describe('Required for offline_event'),
    label: Text(60).default(''),
    maxUses: z.number().int().min(1).max(100_000).optional(),
    expiresInDays: z.number().int().min(1).max(365).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.source === 'offline_event' && !v.eventName) ctx.addIssue({ code: 'custom', path: ['eventName'], message: 'the offline event needs a name' });
  });

export const ZInvite = z
  .object({
    id: z.string(),
    code: z.string(),
    groupId: z.string(),
    groupName: z.string(),
    source: ZJoinSource,
    eventName: z.string(),
    referrer: z.object({ type: z.enum(['user', 'member']), id: z.string(), name: z.string() }).nullable(),
    label: z.string(),
    maxUses: z.number().int().nullable(),
    uses: z.number().int(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    url: z.string().describe('The member join page for this invite'),
    createdAt: z.string(),
  })
  .meta({ id: 'GroupInvite' });
export const ZInvitePage = pageOf(ZInvite);

export const ZInviteQrQuery = z.object({ format: z.enum(['png', 'svg']).default('png'), size: z.coerce.number().int().min(128).max(1024).default(512) });

/** What the join page shows before a member joins (no login needed). */
export const ZPublicInvite = z
  .object({
    code: z.string(),
    group: z.object({ id: z.string(), name: z.string(), type: ZGroupType, purpose: z.string(), rules: z.string(), memberCount: z.number().int(), capacity: z.number().int(), leaders: z.array(z.string()) }),
    referrerName: z.string().nullable().describe('Masked when the referrer is a member'),
    eventName: z.string().describe('The offline event, for invites of that source'),
    brandName: z.string().describe("The tenant's name, for the page's title"),
    valid: z.boolean(),
    invalidReason: z.enum(['expired', 'revoked', 'used_up', 'group_closed']).nullable(),
  })
  .meta({ id: 'PublicInvite' });

export const ZJoinGroupRequest = z
  .object({
    code: Text(40).min(1),
    acceptRules: z.literal(true, { message: 'the group rules must be accepted to join' }),
  })
  .strict();

export const ZRosterEntry = z
  .object({
    groupId: z.string(),
    memberId: z.string(),
    phone: z.string().describe('Masked for leaders'),
    name: z.string(),
    status: z.enum(ROSTER_STATUSES),
    source: ZJoinSource,
    eventName: z.string(),
    referrer: z.object({ type: z.enum(['user', 'member']), id: z.string(), name: z.string() }).nullable(),
    joinedAt: z.string(),
    rulesAcceptedAt: z.string().nullable(),
    warnings: z.number().int(),
    statusReason: z.string(),
    statusChangedAt: z.string().nullable(),
  })
  .meta({ id: 'GroupMember' });
export const ZRosterPage = pageOf(ZRosterEntry);

export const ZListGroupMembersQuery = PageQuery.extend({
  status: z.enum(ROSTER_STATUSES).optional(),
  source: ZJoinSource.optional(),
  q: Text(40).optional().describe('Name or phone (staff who see phones)'),
});

export const ZMemberActionRequest = z.object({ reason: Text(200).min(1, { message: 'give a reason' }) }).strict();
export const ZUnbanRequest = z.object({ reason: Text(200).default('') }).strict();

export const ZMyGroup = z
  .object({
    groupId: z.string(),
    name: z.string(),
    type: ZGroupType,
    purpose: z.string(),
    status: z.enum(ROSTER_STATUSES),
    joinedAt: z.string(),
    memberCount: z.number().int(),
    leaders: z.array(z.string()),
  })
  .meta({ id: 'MyGroup' });
export const ZMyGroups = z.object({ items: z.array(ZMyGroup) });

export const ZCreateModerationRuleRequest = z
  .object({
    groupId: Id.optional().describe('Omit for a tenant-wide rule'),
    keyword: z.string().trim().min(1, { message: 'a keyword' }).max(50),
    action: z.enum(['block', 'warn']),
    note: Text(200).default(''),
  })
  .strict();
export const ZModerationRule = z
  .object({ id: z.string(), groupId: z.string().nullable(), groupName: z.string().nullable(), keyword: z.string(), action: z.enum(['block', 'warn']), note: z.string(), active: z.boolean(), createdBy: z.string(), createdByName: z.string(), createdAt: z.string() })
  .meta({ id: 'ModerationRule' });
export const ZModerationRulePage = pageOf(ZModerationRule);
export const ZListModerationRulesQuery = PageQuery.extend({ groupId: Id.optional() });

export const ZCheckMessageRequest = z
  .object({
    groupId: Id.optional().describe('The group, or externalGroupId'),
    externalGroupId: Text(120).min(1).optional(),
    memberId: Id.optional().describe('The sender, or phone'),
    phone: PhoneSchema.optional(),
    text: z.string().max(5000),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.groupId === !v.externalGroupId) ctx.addIssue({ code: 'custom', path: ['groupId'], message: 'give groupId or externalGroupId (one)' });
    if (v.memberId && v.phone) ctx.addIssue({ code: 'custom', path: ['memberId'], message: 'give memberId or phone, not both' });
  });
export const ZCheckMessageResult = z
  .object({
    action: z.enum(['allow', 'warn', 'block']).describe('What the chat integration should do with the message'),
    matches: z.array(z.object({ ruleId: z.string(), keyword: z.string(), action: z.enum(['block', 'warn']) })),
    warnings: z.number().int().describe("The sender's warning count in this group after this message"),
    muted: z.boolean().describe('True when this message took the sender to the warn limit and they are now muted'),
    eventId: z.string().nullable().describe('The moderation event recorded, if any'),
  })
  .meta({ id: 'CheckMessageResult' });

export const ZModerationEvent = z
  .object({
    id: z.string(),
    groupId: z.string(),
    groupName: z.string(),
    memberId: z.string().nullable(),
    memberName: z.string(),
    kind: z.enum(MODERATION_KINDS),
    keyword: z.string().nullable(),
    excerpt: z.string(),
    reason: z.string(),
    actorType: z.string(),
    actorId: z.string(),
    actorName: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'ModerationEvent' });
export const ZModerationEventPage = pageOf(ZModerationEvent);
export const ZListModerationEventsQuery = PageQuery.extend({ groupId: Id.optional(), memberId: Id.optional(), kind: z.enum(MODERATION_KINDS).optional() });

export const ZApplyLeaderRequest = z
  .object({
    realName: Name,
    email: z.email({ message: 'an email address to sign in to the console' }).max(120),
    orgUnitId: Id.describe('Where they would serve (a region, dealer or store)'),
    intro: Text(1000).default(''),
  })
  .strict();

export const ZLeader = z
  .object({
    id: z.string(),
    memberId: z.string().nullable(),
    userId: z.string().nullable(),
    status: z.enum(LEADER_STATUSES),
    origin: z.enum(['application', 'staff']),
    realName: z.string(),
    phone: z.string(),
    email: z.string(),
    orgUnitId: z.string(),
    orgUnitName: z.string(),
    intro: z.string(),
    decidedBy: z.string().nullable(),
    decidedByName: z.string(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string(),
    groupCount: z.number().int(),
    pickupPointCount: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'Leader' });
export const ZLeaderPage = pageOf(ZLeader);
export const ZListLeadersQuery = PageQuery.extend({ status: z.enum(LEADER_STATUSES).optional(), q: Text(60).optional() });
export const ZLeaderDecisionRequest = z.object({ note: Text(200).default('') }).strict();
export const ZApproveLeaderResponse = z
  .object({
    leader: ZLeader,
    initialPassword: z.string().nullable().describe('The new console account’s password, shown once; null when the account already existed'),
  })
  .meta({ id: 'ApproveLeaderResponse' });
export const ZMyLeaderApplication = z.object({ application: ZLeader.nullable() });

export const ZCreatePickupPointRequest = z
  .object({
    leaderId: Id.optional().describe('The leader (user id) who runs it; leaders create their own and omit it'),
    name: Name,
    address: z.string().trim().min(1, { message: 'an address' }).max(200),
    openingHours: Text(100).default(''),
    contactName: Text(40).default(''),
    contactPhone: Text(20).default(''),
    capacity: z.number().int().min(1).max(100_000).default(100),
  })
  .strict();
// Its own schema, without the create schema's defaults: a field left out stays as it is.
export const ZUpdatePickupPointRequest = z
  .object({
    name: Name,
    address: z.string().trim().min(1, { message: 'an address' }).max(200),
    openingHours: Text(100),
    contactName: Text(40),
    contactPhone: Text(20),
    capacity: z.number().int().min(1).max(100_000),
    status: z.enum(['active', 'closed']),
  })
  .partial()
  .strict();
export const ZPickupPoint = z
  .object({
    id: z.string(),
    leaderId: z.string(),
    leaderName: z.string(),
    orgUnitId: z.string(),
    name: z.string(),
    address: z.string(),
    openingHours: z.string(),
    contactName: z.string(),
    contactPhone: z.string(),
    capacity: z.number().int(),
    status: z.enum(['active', 'closed']),
    createdAt: z.string(),
  })
  .meta({ id: 'PickupPoint' });
export const ZPickupPointPage = pageOf(ZPickupPoint);
export const ZListPickupPointsQuery = PageQuery.extend({ leaderId: Id.optional(), status: z.enum(['active', 'closed']).optional() });

export const ZImportMembersQuery = z.object({
  groupId: Id.optional().describe('The group the members join (source import); omit to only register them'),
  format: z.enum(['csv', 'xlsx']).optional().describe('Defaults from the content type or the file name'),
  filename: Text(200).optional(),
});
export const ZImportSummary = z
  .object({
    id: z.string(),
    groupId: z.string().nullable(),
    groupName: z.string().nullable(),
    filename: z.string(),
    format: z.enum(['csv', 'xlsx']),
    status: z.enum(['running', 'done', 'failed']),
    totalRows: z.number().int().describe('Data rows in the file (blank rows not counted)'),
    processedRows: z.number().int().describe('Rows written so far: progress'),
    createdRows: z.number().int().describe('New members'),
    matchedRows: z.number().int().describe('Existing members, matched by phone'),
    joinedRows: z.number().int().describe('Members added to the group'),
    duplicateRows: z.number().int().describe('Rows whose phone appeared earlier in the file'),
    failedRows: z.number().int(),
    error: z.string().nullable(),
    createdBy: z.string(),
    createdByName: z.string(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'MemberImport' });
export const ZImportSummaryPage = pageOf(ZImportSummary);
export const ZListImportsQuery = PageQuery.extend({ groupId: Id.optional() });
export const ZImportReportQuery = PageQuery.extend({ outcome: z.enum([...IMPORT_ROW_OUTCOMES, 'problems']).optional().describe('Default: problems (failed and duplicate rows)') });
export const ZImportRow = z
  .object({
    rowNumber: z.number().int().describe("The file's own row number (the header is row 1)"),
    outcome: z.enum(IMPORT_ROW_OUTCOMES),
    reason: z.string(),
    memberId: z.string().nullable(),
    joined: z.boolean(),
    phone: z.string(),
    name: z.string(),
    channel: z.string(),
    externalId: z.string(),
    firstOrderAt: z.string().nullable(),
    lastOrderAt: z.string().nullable(),
  })
  .meta({ id: 'MemberImportRow' });
export const ZImportReport = z.object({ import: ZImportSummary, rows: pageOf(ZImportRow) }).meta({ id: 'MemberImportReport' });

export const ZPublishToGroupsRequest = z.object({ groupIds: z.array(Id).min(1, { message: 'choose at least one group' }).max(100) }).strict();
export const ZCampaignShare = z
  .object({
    groupId: z.string(),
    groupName: z.string(),
    url: z.string().describe('The campaign page for this group: orders from it record the group'),
    text: z.string().describe('The share card to paste into the chat'),
  })
  .meta({ id: 'CampaignShare' });
export const ZCampaignShareList = z.object({ items: z.array(ZCampaignShare) });
export const ZMemberPickupPointsQuery = z.object({ groupId: Id.optional().describe("The group's leaders' points first") });

export const ZPlaybookStep = z
  .object({ kind: z.enum(PLAYBOOK_STEP_KINDS), text: Text(1000).optional().describe('The announcement, or the note to the operator') })
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind === 'post_announcement' && !v.text) ctx.addIssue({ code: 'custom', path: ['text'], message: 'an announcement needs its text' });
  });
export const ZCreatePlaybookRequest = z.object({ name: Name, description: Text(500).default(''), steps: z.array(ZPlaybookStep).min(1, { message: 'at least one step' }).max(10) }).strict();
export const ZPlaybook = z
  .object({ id: z.string(), name: z.string(), description: z.string(), steps: z.array(z.object({ kind: z.enum(PLAYBOOK_STEP_KINDS), text: z.string().optional() })), active: z.boolean(), createdBy: z.string(), createdByName: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .meta({ id: 'Playbook' });
export const ZRunPlaybookRequest = z.object({ groupId: Id }).strict();
export const ZPlaybookRun = z
  .object({
    id: z.string(),
    playbookId: z.string(),
    playbookName: z.string(),
    groupId: z.string(),
    groupName: z.string(),
    status: z.enum(['done', 'undone']),
    log: z.array(z.object({ step: z.number().int(), kind: z.enum(PLAYBOOK_STEP_KINDS), status: z.enum(['done', 'skipped', 'undone']), detail: z.string(), undoable: z.boolean(), at: z.string() })),
    canUndo: z.boolean(),
    startedBy: z.string(),
    startedByName: z.string(),
    startedAt: z.string(),
    undoneBy: z.string().nullable(),
    undoneByName: z.string(),
    undoneAt: z.string().nullable(),
  })
  .meta({ id: 'PlaybookRun' });
export const ZPlaybookRunPage = pageOf(ZPlaybookRun);
export const ZListPlaybookRunsQuery = PageQuery.extend({ groupId: Id.optional() });
