import { z } from 'zod';
import type { LifecycleStage } from '../crm.schema';

/** The thresholds a tenant sets for lifecycle stages (days and an order count). */
export const ZLifecycleSettings = z
  .object({
    newDays: z.number().int().min(1).max(365).default(30).describe('New: registered (or first order) within this many days, at most one order'),
    activeDays: z.number().int().min(1).max(3650).default(30).describe('Active: last order within this many days'),
    repeatOrders: z.number().int().min(2).max(100).default(2).describe('Repeat: active with at least this many orders'),
    dormantDays: z.number().int().min(2).max(3650).default(90).describe('At risk until this many days since the last order; dormant after'),
    churnedDays: z.number().int().min(3).max(3650).default(180).describe('Churned: no order for more than this many days'),
  })
  .strict()
  .refine((s) => s.activeDays < s.dormantDays && s.dormantDays < s.churnedDays, { message: 'activeDays < dormantDays < churnedDays', path: ['dormantDays'] });
export type LifecycleSettings = z.infer<typeof ZLifecycleSettings>;
export const DEFAULT_LIFECYCLE: LifecycleSettings = { newDays: 30, activeDays: 30, repeatOrders: 2, dormantDays: 90, churnedDays: 180 };

const DAY = 86_400_000;

export interface StageFacts {
  registeredAt: Date;
  /** Paid order times (not fully refunded), any order. */
  orderTimes: Date[];
}

/**
 * The lifecycle stage from facts alone, so recomputing never drifts:
 * - new: at most one order, and registered (or first ordered) within `newDays`;
 * - won_back: came back within the last `activeDays`: the first order after a gap of more than
 *   `dormantDays` was placed within `activeDays`;
 * - repeat / active: last order within `activeDays`, with at least `repeatOrders` orders or not;
 * - at_risk: last order more than `activeDays` and at most `dormantDays` ago;
 * - dormant: last order at most `churnedDays` ago, or never ordered and no longer new;
 * - churned: last order more than `churnedDays` ago.
 */
export function stageOf(f: StageFacts, s: LifecycleSettings, now: Date): LifecycleStage {
  const times = [...f.orderTimes].sort((a, b) => a.getTime() - b.getTime());
  const days = (d: Date) => (now.getTime() - d.getTime()) / DAY;
  if (times.length === 0) return days(f.registeredAt) <= s.newDays ? 'new' : 'dormant';
  const last = times[times.length - 1]!;
  const sinceLast = days(last);
  if (times.length === 1 && days(times[0]!) <= s.newDays && sinceLast <= s.activeDays) return 'new';
  if (sinceLast <= s.activeDays) {
    const back = returnedAt(times, s);
    if (back && days(back) <= s.activeDays) return 'won_back';
    return times.length >= s.repeatOrders ? 'repeat' : 'active';
  }
  if (sinceLast <= s.dormantDays) return 'at_risk';
  if (sinceLast <= s.churnedDays) return 'dormant';
  return 'churned';
}

/** The first order after the latest gap of more than `dormantDays` between two orders (the return), if any. */
function returnedAt(sorted: Date[], s: LifecycleSettings): Date | null {
  for (let i = sorted.length - 1; i >= 1; i--) {
    if ((sorted[i]!.getTime() - sorted[i - 1]!.getTime()) / DAY > s.dormantDays) return sorted[i]!;
  }
  return null;
}

/**
 * The next moment the stage can change with time alone (no new order): the refresher looks at the
 * profile again then. Null when only a new order can change it (churned).
 */
export function nextStageChange(f: StageFacts, s: LifecycleSettings, now: Date): Date | null {
  const at = (d: Date, days: number) => new Date(d.getTime() + days * DAY + 1000);
  const times = [...f.orderTimes].sort((a, b) => a.getTime() - b.getTime());
  const candidates: Date[] = [];
  if (times.length === 0) candidates.push(at(f.registeredAt, s.newDays));
  else {
    const last = times[times.length - 1]!;
    candidates.push(at(times[0]!, s.newDays), at(last, s.activeDays), at(last, s.dormantDays), at(last, s.churnedDays));
    const back = returnedAt(times, s);
    if (back) candidates.push(at(back, s.activeDays));
  }
  const future = candidates.filter((d) => d.getTime() > now.getTime()).sort((a, b) => a.getTime() - b.getTime());
  return future[0] ?? null;
}
