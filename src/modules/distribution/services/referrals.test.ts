import { describe, expect, it } from 'vitest';
import { applyTouch } from './referrals';

const DAY = 86_400_000;
const t0 = new Date('2026-11-01T00:00:00Z');
const at = (days: number) => new Date(t0.getTime() + days * DAY);

describe('the binding rule', () => {
  const first = { bindingMode: 'first_touch' as const, protectionDays: 30 };
  const last = { bindingMode: 'last_touch' as const, protectionDays: 30 };

  it('binds on the first touch and names the inviter for good', () => {
    const { binding, changed } = applyTouch(null, { to: 'mbr_a', code: 'AAAA', at: t0 }, first);
    expect(changed).toBe(true);
    expect(binding).toMatchObject({ boundTo: 'mbr_a', invitedBy: 'mbr_a', boundUntil: at(30), touches: 1 });
  });

  it('first-touch: another sharer inside the protection period changes nothing; after it, they take over', () => {
    const b = applyTouch(null, { to: 'mbr_a', code: 'AAAA', at: t0 }, first).binding;
    const inside = applyTouch(b, { to: 'mbr_b', code: 'BBBB', at: at(29) }, first);
    expect(inside.changed).toBe(false);
    expect(inside.binding.boundTo).toBe('mbr_a');
    const after = applyTouch(b, { to: 'mbr_b', code: 'BBBB', at: at(31) }, first);
    expect(after.changed).toBe(true);
    expect(after.binding).toMatchObject({ boundTo: 'mbr_b', invitedBy: 'mbr_a', boundUntil: at(61) });
  });

  it('the same sharer renews the protection, never shortens it', () => {
    const b = applyTouch(null, { to: 'mbr_a', code: 'AAAA', at: t0 }, first).binding;
    expect(applyTouch(b, { to: 'mbr_a', code: 'AAAA', at: at(10) }, first).binding.boundUntil).toEqual(at(40));
    expect(applyTouch(b, { to: 'mbr_a', code: 'AAAA', at: at(10) }, { ...first, protectionDays: 1 }).binding.boundUntil).toEqual(at(30));
  });

  it('last-touch: the latest sharer wins at once; the inviter stays', () => {
    const b = applyTouch(null, { to: 'mbr_a', code: 'AAAA', at: t0 }, last).binding;
    const next = applyTouch(b, { to: 'mbr_b', code: 'BBBB', at: at(1) }, last);
    expect(next.changed).toBe(true);
    expect(next.binding).toMatchObject({ boundTo: 'mbr_b', invitedBy: 'mbr_a', touches: 2 });
  });
});
