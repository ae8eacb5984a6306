/** Pure logic of the member's earnings (分销) pages, kept free of React and the browser for unit tests. */
import type { DistributorApplication, EarningLine, EarningsBalance, MyEarnings } from './api';

/**
 * What the earnings page shows:
 * - `apply`: not a distributor and referrals do not earn: the explanation and the application form;
 * - `review`: applied, waiting for the brand;
 * - `rejected`: the brand said no (the member may apply again, with the form below the note);
 * - `suspended`: was a distributor, no longer earns;
 * - `earning`: an approved distributor, or a member of a brand that pays every member.
 */
export type EarningsView = 'apply' | 'review' | 'rejected' | 'suspended' | 'earning';

export function earningsView(me: Pick<MyEarnings, 'distributor' | 'canEarn'>): EarningsView {
  const status = me.distributor?.status;
  if (status === 'approved' || (me.canEarn && status !== 'suspended')) return 'earning';
  if (status === 'applied') return 'review';
  if (status === 'rejected') return 'rejected';
  if (status === 'suspended') return 'suspended';
  return 'apply';
}

/** Whether any commission was ever recorded: then balances are shown even to someone who no longer earns. */
export function hasBalance(b: EarningsBalance): boolean {
  return b.earnedFen !== 0 || b.pendingFen !== 0 || b.availableFen !== 0 || b.inPayoutFen !== 0 || b.paidFen !== 0;
}

/** The filter tabs of the lines list, in order; `all` sends no `state`. */
export const LINE_FILTERS = ['all', 'pending', 'available', 'reversed'] as const;
export type LineFilter = (typeof LINE_FILTERS)[number];

export function lineFilterOf(value: string | null): LineFilter {
  return (LINE_FILTERS as readonly string[]).includes(value ?? '') ? (value as LineFilter) : 'all';
}

/** Pill colour of a line's state (classes `m-pill-*` of member.css). */
export const STATE_TONE: Record<EarningLine['state'], 'warn' | 'done' | 'muted'> = {
  pending: 'warn',
  available: 'done',
  reversed: 'muted',
};

/**
 * The small note under a line: when a pending line becomes available, when an available one was
 * released, or that a reversed one was clawed back. `key` is under `earnings.lineNote.` in the locales.
 */
export function lineNote(
  line: Pick<EarningLine, 'state' | 'releaseDueAt' | 'releasedAt'>,
): { key: 'pendingUntil' | 'pendingAfterCompletion' | 'availableSince' | 'reversed'; at?: string } | null {
  switch (line.state) {
    case 'pending':
      return line.releaseDueAt ? { key: 'pendingUntil', at: line.releaseDueAt } : { key: 'pendingAfterCompletion' };
    case 'available':
      return line.releasedAt ? { key: 'availableSince', at: line.releasedAt } : null;
    case 'reversed':
      return { key: 'reversed' };
  }
}

/** "+¥1.20" for money earned, "−¥0.80" for money owed back: a sign a reader sees at a glance. */
export function signedFen(fen: number, format: (fen: number) => string): string {
  if (fen === 0) return format(0);
  return fen > 0 ? `+${format(fen)}` : `−${format(-fen)}`;
}

export const APPLICATION_LIMITS = { realName: 50, reason: 500, payoutAccount: 100 } as const;
export type ApplicationField = keyof DistributorApplication;
export type ApplicationProblem = 'required' | 'tooLong';

/** Checks the application as the server will (ZApplyDistributorRequest), so most mistakes show before sending. */
export function validateApplication(form: DistributorApplication): Partial<Record<ApplicationField, ApplicationProblem>> {
  const problems: Partial<Record<ApplicationField, ApplicationProblem>> = {};
  if (!form.realName.trim()) problems.realName = 'required';
  for (const field of Object.keys(APPLICATION_LIMITS) as ApplicationField[]) {
    if (!problems[field] && form[field].trim().length > APPLICATION_LIMITS[field]) problems[field] = 'tooLong';
  }
  return problems;
}

/** Server field errors (`errors[].path`, e.g. "realName" or "body.realName") by form field. */
export function fieldErrorsOf(errors: { path: string; message: string }[]): Partial<Record<ApplicationField, string>> {
  const out: Partial<Record<ApplicationField, string>> = {};
  for (const e of errors) {
    const field = e.path.split('.').pop() as ApplicationField | undefined;
    if (field && field in APPLICATION_LIMITS && !out[field]) out[field] = e.message;
  }
  return out;
}

export interface ShareableCampaign {
  id: string;
  title: string;
}

/**
 * The campaigns a member can pick to share: the one they came from first, then the brand's live
 * and upcoming campaigns (ending soonest first), each once, at most `max`.
 */
export function shareableCampaigns(current: ShareableCampaign | null, onSale: ShareableCampaign[], max = 12): ShareableCampaign[] {
  const seen = new Set<string>();
  const out: ShareableCampaign[] = [];
  const add = (c: ShareableCampaign) => {
    if (!c.id || seen.has(c.id) || out.length >= max) return;
    seen.add(c.id);
    out.push(c);
  };
  if (current) add(current);
  for (const c of onSale) add({ id: c.id, title: c.title });
  return out;
}

/**
 * Whether the campaign page should record a referral touch: a well-formed code that is not the
 * member's own (a member cannot refer themselves; the server would refuse it anyway).
 */
export function shouldRecordTouch(ref: string | null, ownCode: string | null | undefined): ref is string {
  if (!ref || !/^[A-Za-z0-9]{4,16}$/.test(ref)) return false;
  return ref !== ownCode;
}

/** `/m/demo/share?campaign=cmp_1`, as a router path (basename `/m` left out). */
export function sharePath(tenant: string, campaignId?: string | null): string {
  const base = `/${encodeURIComponent(tenant)}/share`;
  return campaignId ? `${base}?campaign=${encodeURIComponent(campaignId)}` : base;
}
