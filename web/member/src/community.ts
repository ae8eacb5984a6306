/** Pure logic of the member's community (社群) pages, kept free of React and the browser for unit tests. */
import type { Leader, LeaderStatus, PublicInvite, PublicOrgUnit } from '../../shared/community-types';

export type InvalidReason = NonNullable<PublicInvite['invalidReason']>;

/**
 * Why a member cannot join (now), as the join page explains it:
 * - `invalid`: the link was revoked, expired, used up or its group closed (`reason` when known);
 * - `banned`: removed from this group and barred from joining again;
 * - `already`: already in the group (offer My groups);
 * - `full`: the group has reached its capacity;
 * - `notFound`: no invite has this code;
 * - `signIn`: the session ended: sign in again;
 * - `network`: the request did not get through;
 * - `other`: anything else, with the server's message.
 */
export type JoinIssue =
  | { kind: 'invalid'; reason: InvalidReason | null }
  | { kind: 'banned' }
  | { kind: 'already' }
  | { kind: 'full' }
  | { kind: 'notFound' }
  | { kind: 'signIn' }
  | { kind: 'network' }
  | { kind: 'other'; message: string };

/** What the join page can tell from the invite alone, before anyone presses Join. */
export function inviteIssue(invite: Pick<PublicInvite, 'valid' | 'invalidReason' | 'group'>): JoinIssue | null {
  if (!invite.valid) return { kind: 'invalid', reason: invite.invalidReason };
  if (invite.group.capacity > 0 && invite.group.memberCount >= invite.group.capacity) return { kind: 'full' };
  return null;
}

/** The answer to POST /me/groups (or GET /t/:tenant/invites/:code) when it is an error. */
export function joinIssueOf(err: { status: number; code?: string | undefined; message: string }): JoinIssue {
  if (err.status === 0) return { kind: 'network' };
  if (err.code === 'community.invite_invalid' || err.status === 410) return { kind: 'invalid', reason: null };
  if (err.code === 'community.banned') return { kind: 'banned' };
  if (err.code === 'community.already_member') return { kind: 'already' };
  if (err.code === 'community.group_full') return { kind: 'full' };
  if (err.status === 404) return { kind: 'notFound' };
  if (err.status === 401) return { kind: 'signIn' };
  return { kind: 'other', message: err.message };
}

type IssueTitleKey = `${JoinIssue['kind']}.title`;
type IssueHintKey = `invalid.${InvalidReason | 'unknown'}` | `${'banned' | 'already' | 'full' | 'notFound' | 'network'}.hint`;

/** The locale keys (under `join.issue.`) of an issue's title and hint; `other` shows the server's message. */
export function joinIssueKeys(issue: JoinIssue): { title: IssueTitleKey; hint: IssueHintKey | null } {
  switch (issue.kind) {
    case 'invalid':
      return { title: 'invalid.title', hint: `invalid.${issue.reason ?? 'unknown'}` };
    case 'banned':
    case 'already':
    case 'full':
    case 'notFound':
    case 'network':
      return { title: `${issue.kind}.title`, hint: `${issue.kind}.hint` };
    case 'signIn':
      return { title: 'signIn.title', hint: null };
    case 'other':
      return { title: 'other.title', hint: null };
  }
}

/** Alert tone of an issue: `already` is good news, a full or closed group a warning, a ban an error. */
export function joinIssueTone(issue: JoinIssue): 'info' | 'warn' | 'error' {
  if (issue.kind === 'already') return 'info';
  if (issue.kind === 'invalid' || issue.kind === 'full' || issue.kind === 'notFound') return 'warn';
  return 'error';
}

/** "/demo/join/ABCD2345" as a router path (basename `/m` left out). */
export function joinPath(tenant: string, code: string): string {
  return `/${encodeURIComponent(tenant)}/join/${encodeURIComponent(code)}`;
}

/** The invite's QR code, served to its owner with the session cookie. */
export function inviteQrUrl(inviteId: string): string {
  return `/api/v1/invites/${encodeURIComponent(inviteId)}/qr?format=png`;
}

// ---- Leader (团长) applications ----

/** What the leader page shows: the form, the application under review, or its outcome. */
export type LeaderView = 'apply' | LeaderStatus;

export function leaderView(application: Pick<Leader, 'status'> | null): LeaderView {
  return application ? application.status : 'apply';
}

/** Whether the form is shown: no application yet, or the last one was turned down. */
export function canApply(view: LeaderView): boolean {
  return view === 'apply' || view === 'rejected';
}

export interface LeaderForm {
  realName: string;
  email: string;
  orgUnitId: string;
  intro: string;
}
export type LeaderField = keyof LeaderForm;
export type LeaderProblem = 'required' | 'tooLong' | 'invalid';

/** The server's limits (ZApplyLeaderRequest). */
export const LEADER_LIMITS: Record<LeaderField, number> = { realName: 60, email: 120, orgUnitId: 40, intro: 1000 };

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks the application as the server will, so most mistakes show under their field before sending. */
export function validateLeaderForm(form: LeaderForm): Partial<Record<LeaderField, LeaderProblem>> {
  const problems: Partial<Record<LeaderField, LeaderProblem>> = {};
  const realName = form.realName.trim();
  const email = form.email.trim();
  if (!realName) problems.realName = 'required';
  else if (realName.length > LEADER_LIMITS.realName) problems.realName = 'tooLong';
  if (!email) problems.email = 'required';
  else if (email.length > LEADER_LIMITS.email) problems.email = 'tooLong';
  else if (!EMAIL_RE.test(email)) problems.email = 'invalid';
  if (!form.orgUnitId) problems.orgUnitId = 'required';
  if (form.intro.trim().length > LEADER_LIMITS.intro) problems.intro = 'tooLong';
  return problems;
}

/** Server field errors (`errors[].path`: "realName", "body.email") by form field, first message each. */
export function leaderFieldErrorsOf(errors: { path: string; message: string }[]): Partial<Record<LeaderField, string>> {
  const out: Partial<Record<LeaderField, string>> = {};
  for (const e of errors) {
    const field = e.path.split('.').pop() as LeaderField | undefined;
    if (field && field in LEADER_LIMITS && !out[field]) out[field] = e.message;
  }
  return out;
}

/**
 * Whether to show the page's own message for a field the server refused instead of the server's
 * text: some server messages for this form are written in English only, which a zh-CN reader
 * should not get. A message with Chinese in it, or any message on the English page, is shown as is.
 */
export function preferOwnMessage(serverMessage: string, language: 'zh-CN' | 'en'): boolean {
  return language === 'zh-CN' && !/[\u3400-\u9fff]/.test(serverMessage);
}

export interface OrgUnitChoice {
  id: string;
  /** The unit's name; a store also names its region ("上海徐汇店 · 华东大区"). */
  label: string;
}

/**
 * Where an applicant may serve, grouped for a <select>: regions, dealers, then stores (each in the
 * brand's order); the brand itself is not a place to serve. Empty groups are left out.
 */
export function orgUnitChoices(units: PublicOrgUnit[]): Array<{ kind: 'region' | 'dealer' | 'store'; options: OrgUnitChoice[] }> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const parentName = (u: PublicOrgUnit): string | null => {
    const parent = u.parentId ? byId.get(u.parentId) : undefined;
    return parent && parent.kind !== 'brand' ? parent.name : null;
  };
  const kinds = ['region', 'dealer', 'store'] as const;
  return kinds
    .map((kind) => ({
      kind,
      options: units
        .filter((u) => u.kind === kind)
        .map((u) => {
          const parent = kind === 'store' ? parentName(u) : null;
          return { id: u.id, label: parent ? `${u.name} · ${parent}` : u.name };
        }),
    }))
    .filter((g) => g.options.length > 0);
}
