import { describe, expect, it } from 'vitest';
import { earningsView, fieldErrorsOf, hasBalance, lineFilterOf, lineNote, sharePath, shareableCampaigns, shouldRecordTouch, signedFen, validateApplication } from './earnings';

const distributor = (status: 'applied' | 'approved' | 'rejected' | 'suspended') => ({ status, realName: '张三', payoutAccount: 'wx', decisionNote: '' });

describe('earningsView', () => {
  it('asks a member who cannot earn to apply', () => {
    expect(earningsView({ distributor: null, canEarn: false })).toBe('apply');
  });
  it('follows the application', () => {
    expect(earningsView({ distributor: distributor('applied'), canEarn: false })).toBe('review');
    expect(earningsView({ distributor: distributor('rejected'), canEarn: false })).toBe('rejected');
    expect(earningsView({ distributor: distributor('suspended'), canEarn: false })).toBe('suspended');
    expect(earningsView({ distributor: distributor('approved'), canEarn: true })).toBe('earning');
  });
  it('shows earnings to every member of a brand that pays members, unless suspended', () => {
    expect(earningsView({ distributor: null, canEarn: true })).toBe('earning');
    expect(earningsView({ distributor: distributor('applied'), canEarn: true })).toBe('earning');
    expect(earningsView({ distributor: distributor('suspended'), canEarn: true })).toBe('suspended');
  });
});

describe('balances and lines', () => {
  it('knows when there was ever any commission', () => {
    const zero = { earnedFen: 0, pendingFen: 0, availableFen: 0, inPayoutFen: 0, paidFen: 0 };
    expect(hasBalance(zero)).toBe(false);
    expect(hasBalance({ ...zero, availableFen: -120 })).toBe(true);
  });

  it('reads the filter from the URL', () => {
    expect(lineFilterOf('pending')).toBe('pending');
    expect(lineFilterOf('bogus')).toBe('all');
    expect(lineFilterOf(null)).toBe('all');
  });

  it('says when a line becomes or became available', () => {
    expect(lineNote({ state: 'pending', releaseDueAt: '2025-01-08T00:00:00Z', releasedAt: null })).toEqual({ key: 'pendingUntil', at: '2025-01-08T00:00:00Z' });
    expect(lineNote({ state: 'pending', releaseDueAt: null, releasedAt: null })).toEqual({ key: 'pendingAfterCompletion' });
    expect(lineNote({ state: 'available', releaseDueAt: 'x', releasedAt: '2025-01-08T00:00:00Z' })).toEqual({ key: 'availableSince', at: '2025-01-08T00:00:00Z' });
    expect(lineNote({ state: 'available', releaseDueAt: null, releasedAt: null })).toBeNull();
    expect(lineNote({ state: 'reversed', releaseDueAt: null, releasedAt: null })).toEqual({ key: 'reversed' });
  });

  it('signs amounts', () => {
    const f = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
    expect(signedFen(120, f)).toBe('+¥1.20');
    expect(signedFen(-80, f)).toBe('−¥0.80');
    expect(signedFen(0, f)).toBe('¥0.00');
  });
});

describe('the application form', () => {
  it('needs a real name and keeps to the server’s lengths', () => {
    expect(validateApplication({ realName: '  ', reason: '', payoutAccount: '' })).toEqual({ realName: 'required' });
    expect(validateApplication({ realName: '张三', reason: 'x'.repeat(501), payoutAccount: 'y'.repeat(101) })).toEqual({ reason: 'tooLong', payoutAccount: 'tooLong' });
    expect(validateApplication({ realName: '张三', reason: '', payoutAccount: '' })).toEqual({});
  });

  it('maps the server’s field errors onto the form', () => {
    expect(
      fieldErrorsOf([
        { path: 'realName', message: 'too long' },
        { path: 'body.payoutAccount', message: 'bad' },
        { path: 'other', message: 'ignored' },
      ]),
    ).toEqual({ realName: 'too long', payoutAccount: 'bad' });
  });
});

describe('sharing', () => {
  it('lists the campaign one came from first, then the brand’s campaigns on sale, each once', () => {
    const onSale = [
      { id: 'cmp_2', title: 'B' },
      { id: 'cmp_1', title: 'A' },
      { id: 'cmp_3', title: 'C' },
    ];
    expect(shareableCampaigns({ id: 'cmp_1', title: 'A' }, onSale).map((c) => c.id)).toEqual(['cmp_1', 'cmp_2', 'cmp_3']);
    expect(shareableCampaigns(null, onSale, 2).map((c) => c.id)).toEqual(['cmp_2', 'cmp_1']);
    expect(shareableCampaigns(null, [])).toEqual([]);
  });

  it('records a touch only for a well-formed code that is not one’s own', () => {
    expect(shouldRecordTouch('AB12CD', 'ZZ99ZZ')).toBe(true);
    expect(shouldRecordTouch('AB12CD', undefined)).toBe(true);
    expect(shouldRecordTouch('AB12CD', 'AB12CD')).toBe(false);
    expect(shouldRecordTouch(null, 'AB12CD')).toBe(false);
    expect(shouldRecordTouch('bad code!', null)).toBe(false);
  });

  it('links to the share page with the campaign', () => {
    expect(sharePath('demo', 'cmp_1')).toBe('/demo/share?campaign=cmp_1');
    expect(sharePath('demo')).toBe('/demo/share');
  });
});
