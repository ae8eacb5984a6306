import { describe, expect, it } from 'vitest';
import type { ConsentEntry } from '../../../../shared/crm-extra-types';
import { canErase, currentConsents, eraseConfirmed, knownConsentSource, marketingResultKey, recorderOf } from './privacy-model';

const entry = (purpose: ConsentEntry['purpose'], granted: boolean, at: string, source = 'member_page'): ConsentEntry => ({ purpose, granted, source, note: '', recordedBy: 'member:mem_1', at });

describe('consent now', () => {
  it('takes the latest entry per purpose, whatever the order', () => {
    const history = [
      entry('marketing', false, '2025-05-03T10:00:00Z', '客服电话'),
      entry('share_contact', true, '2025-05-01T10:00:00Z'),
      entry('marketing', true, '2025-05-02T10:00:00Z'),
    ];
    const now = currentConsents(history);
    expect(now.marketing?.granted).toBe(false);
    expect(now.marketing?.source).toBe('客服电话');
    expect(now.share_contact?.granted).toBe(true);
    expect(currentConsents([...history].reverse()).marketing?.granted).toBe(false);
  });

  it('knows no consent when nothing was recorded', () => {
    expect(currentConsents([])).toEqual({ marketing: null, share_contact: null });
  });

  it('names who recorded an entry', () => {
    expect(recorderOf('member:mem_1')).toEqual({ kind: 'member', id: 'mem_1' });
    expect(recorderOf('user:usr_9')).toEqual({ kind: 'user', id: 'usr_9' });
    expect(recorderOf('token:tok_1')).toEqual({ kind: 'token', id: 'tok_1' });
    expect(recorderOf('system:crm')).toEqual({ kind: 'system', id: 'crm' });
    expect(recorderOf('someone')).toEqual({ kind: 'other', id: 'someone' });
    expect(recorderOf('alien:x')).toEqual({ kind: 'other', id: 'alien:x' });
    expect(knownConsentSource('member_page')).toBe('member_page');
    expect(knownConsentSource('门店纸质登记表')).toBeNull();
  });
});

describe('erasure and marketing', () => {
  it('erases only once "erase" is typed, and only an active profile, and only for owners', () => {
    expect(eraseConfirmed('erase')).toBe(true);
    expect(eraseConfirmed(' erase ')).toBe(true);
    expect(eraseConfirmed('Erase')).toBe(false);
    expect(eraseConfirmed('eras')).toBe(false);
    expect(eraseConfirmed(undefined)).toBe(false);
    expect(canErase('owner', 'active')).toBe(true);
    expect(canErase('operator', 'active')).toBe(false);
    expect(canErase('owner', 'erased')).toBe(false);
    expect(canErase('owner', 'merged')).toBe(false);
  });

  it('says when nobody could be messaged', () => {
    expect(marketingResultKey({ sent: 3, withoutConsent: 1 })).toBe('message.result');
    expect(marketingResultKey({ sent: 0, withoutConsent: 4 })).toBe('message.resultNoneSent');
    expect(marketingResultKey({ sent: 0, withoutConsent: 0 })).toBe('message.result');
  });
});
