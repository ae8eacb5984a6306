import { useEffect, useSyncExternalStore } from 'react';
import { api, type NoticePage } from './api';

// The unread count of the member's notices, shared by the bell on every tab page and the notices
// page (which sets it to 0 once it has marked them read). Read again each time a tab page opens.

let unread = 0;
const listeners = new Set<() => void>();

function setUnread(value: number): void {
  if (value === unread) return;
  unread = value;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** How many notices the member has not read; fetched when `enabled` (signed-in member pages). */
export function useUnreadNotices(enabled: boolean): number {
  const count = useSyncExternalStore(subscribe, () => unread);
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    api.get<NoticePage>('/me/notices', { limit: 1 }).then(
      (page) => !cancelled && setUnread(page.unread),
      // Not a member (a staff session, signed out): no bell count.
      () => !cancelled && setUnread(0),
    );
    return () => {
      cancelled = true;
    };
  }, [enabled]);
  return enabled ? count : 0;
}

/** The notices page marked everything read. */
export function clearUnreadNotices(): void {
  setUnread(0);
}
