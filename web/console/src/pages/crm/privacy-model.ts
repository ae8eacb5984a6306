import { CONSENT_PURPOSES, type ConsentEntry, type ConsentPurpose, type MarketingResult } from '../../../../shared/crm-extra-types';

export { CONSENT_PURPOSES };
export type { ConsentPurpose };

/**
 * Each purpose's consent now: the latest entry (history comes newest first; the newest `at` wins
 * whatever the order), or null when none was ever recorded.
 */
export function currentConsents(history: readonly ConsentEntry[]): Record<ConsentPurpose, ConsentEntry | null> {
  const now: Record<ConsentPurpose, ConsentEntry | null> = { marketing: null, share_contact: null };
  for (const entry of history) {
    const seen = now[entry.purpose];
    if (seen === undefined) continue;
    if (!seen || Date.parse(entry.at) > Date.parse(seen.at)) now[entry.purpose] = entry;
  }
  return now;
}

export type RecorderKind = 'member' | 'user' | 'token' | 'system' | 'other';

/** Who recorded an entry, from `member:<id>`, `user:<id>`, `token:<id>`, `system:<id>`. */
export function recorderOf(recordedBy: string): { kind: RecorderKind; id: string } {
  const at = recordedBy.indexOf(':');
  const kind = at > 0 ? recordedBy.slice(0, at) : '';
  const id = at > 0 ? recordedBy.slice(at + 1) : recordedBy;
  return kind === 'member' || kind === 'user' || kind === 'token' || kind === 'system' ? { kind, id } : { kind: 'other', id: recordedBy };
}

/** Sources the console names; any other is shown as typed. */
export function knownConsentSource(source: string): 'member_page' | null {
  return source === 'member_page' ? source : null;
}

/** The erasure goes ahead only once "erase" is typed (spaces around it are forgiven). */
export function eraseConfirmed(typed: string | null | undefined): boolean {
  return (typed ?? '').trim() === 'erase';
}

/** Owners may erase an active profile; nobody may erase a merged or erased one. */
export function canErase(role: string | undefined, status: string): boolean {
  return role === 'owner' && status === 'active';
}

/** The words after a segment message: how many were messaged and how many lacked consent. */
export function marketingResultKey(r: MarketingResult): 'message.result' | 'message.resultNoneSent' {
  return r.sent === 0 && r.withoutConsent > 0 ? 'message.resultNoneSent' : 'message.result';
}
