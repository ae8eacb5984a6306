import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type Page } from '../api/client';

export interface CursorPage<T> {
  items: T[];
  loading: boolean;
  error: ApiError | null;
  /** Zero-based page number within the current filters. */
  index: number;
  limit: number;
  hasPrev: boolean;
  hasNext: boolean;
  next(): void;
  prev(): void;
  setLimit(limit: number): void;
  /** Fetches the current page again (after a create or an edit). */
  reload(): void;
  /** Goes back to the first page and fetches it. */
  reset(): void;
}

interface PagerState {
  key: string;
  index: number;
  /** cursors[i] is the cursor that fetches page i; page 0 has none. */
  cursors: (string | null)[];
}

/**
 * Cursor pagination for a list endpoint (`?limit=&cursor=` → `{items, nextCursor}`), keeping a stack
 * of cursors so "previous" works too. Changing `filterKey` (e.g. a JSON of the filters) starts over.
 */
export function useCursorPage<T>(
  fetchPage: (params: { cursor: string | null; limit: number }) => Promise<Page<T>>,
  filterKey: string,
  initialLimit = 20,
): CursorPage<T> {
  const [limit, setLimit] = useState(initialLimit);
  const key = `${filterKey}|${limit}`;
  const [pager, setPager] = useState<PagerState>({ key, index: 0, cursors: [null] });
  const [page, setPage] = useState<Page<T> | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const current = pager.key === key ? pager : { key, index: 0, cursors: [null] };
  const index = current.index;
  const cursor = current.cursors[index] ?? null;

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    fetchRef.current({ cursor, limit }).then(
      (result) => {
        if (cancelled) return;
        setPage(result);
        setError(null);
        setLoading(false);
        setPager((p) => {
          const base = p.key === key ? p : { key, index: 0, cursors: [null] };
          const cursors = base.cursors.slice(0, index + 1);
          if (result.nextCursor) cursors[index + 1] = result.nextCursor;
          return { key, index, cursors };
        });
      },
      (err: unknown) => {
        if (cancelled) return;
        setError(err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }));
        setPage(null);
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
    // `cursor` is derived from key and index, so they are the real inputs here.
  }, [key, index, version]);

  const hasNext = Boolean(page?.nextCursor) && !loading;
  const next = useCallback(() => {
    setPager((p) => {
      const nextCursor = p.cursors[p.index + 1];
      return nextCursor ? { ...p, index: p.index + 1 } : p;
    });
  }, []);
  const prev = useCallback(() => setPager((p) => (p.index > 0 ? { ...p, index: p.index - 1 } : p)), []);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const reset = useCallback(() => {
    setPager({ key, index: 0, cursors: [null] });
    setVersion((v) => v + 1);
  }, [key]);

  return {
    items: page?.items ?? [],
    loading,
    error,
    index,
    limit,
    hasPrev: index > 0,
    hasNext,
    next,
    prev,
    setLimit,
    reload,
    reset,
  };
}
