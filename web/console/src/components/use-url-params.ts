import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * List filters kept in the URL (so a filtered list can be bookmarked and shared). `set` writes
 * several keys at once, dropping empty ones, and replaces the history entry rather than adding one.
 * @example const [params, set] = useUrlParams(); set({ status: 'live', q: '' });
 */
export function useUrlParams(): [URLSearchParams, (entries: Record<string, string>) => void] {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (entries: Record<string, string>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(entries)) {
            if (value) next.set(key, value);
            else next.delete(key);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [params, set];
}
