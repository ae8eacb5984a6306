import { useEffect, useRef } from 'react';
import { api, ApiError, type MemberMe, type TouchResult } from './api';
import { shouldRecordTouch } from './earnings';

/**
 * Records that a signed-in member opened a shared link (`?ref=CODE`), once per page and code. The
 * server decides whether the sharer now keeps this member (first touch with protection, or last
 * touch). Best effort: an unknown code is ignored, and any other failure only loses this touch —
 * the order still carries the code remembered for checkout.
 */
export function useReferralTouch(ref: string | null, me: MemberMe | null): void {
  const done = useRef<string | null>(null);
  const memberId = me?.actor.id;
  const ownCode = me?.actor.referralCode;
  useEffect(() => {
    if (!memberId || !shouldRecordTouch(ref, ownCode)) return;
    const key = `${memberId}:${ref}`;
    if (done.current === key) return;
    done.current = key;
    api.post<TouchResult>('/me/referral-touches', { code: ref }).catch((err: unknown) => {
      if (err instanceof ApiError && err.code === 'distribution.unknown_referral_code') return;
      console.warn('referral touch not recorded', err);
    });
  }, [ref, memberId, ownCode]);
}
