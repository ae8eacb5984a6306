import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type Page } from '../api/client';

export interface LoadMore<T> {
  items: T[];
  /** The first page is loading (or reloading after a filter change). */
  loading: boolean;
  /** A further page is loading. */
  loadingMore: boolean;
  error: ApiError | null;
  hasMore: boolean;
  more(): void;
  /** Starts again from the first page (after an edit). */
  reload(): void;
}

/**
 * A cursor-paginated list shown as one growing list with a "load more" button. Changing `key` (the
 * filters) starts over; a page answering after the filters changed is dropped.
 */
export function useLoadMore<T extends { id: string }>(fetchPage: (cursor: string | null) => Promise<Page<T>>, key: string): LoadMore<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const generation = useRef(0);

  const asError = (err: unknown) => (err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }));

  useEffect(() => {
    const mine = ++generation.current;
    setLoading(true);
    setLoadingMore(false);
    fetchRef.current(null).then(
      (page) => {
        if (mine !== generation.current) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (mine !== generation.current) return;
        setItems([]);
        setCursor(null);
        setError(asError(err));
        setLoading(false);
      },
    );
  }, [key, version]);

  const more = useCallback(() => {
    if (!cursor || loadingMore) return;
    const mine = generation.current;
    setLoadingMore(true);
    fetchRef.current(cursor).then(
      (page) => {
        if (mine !== generation.current) return;
        setItems((shown) => {
          const seen = new Set(shown.map((r) => r.id));
          return [...shown, ...page.items.filter((r) => !seen.has(r.id))];
        });
        setCursor(page.nextCursor);
        setLoadingMore(false);
      },
      (err: unknown) => {
        if (mine !== generation.current) return;
        setError(asError(err));
        setLoadingMore(false);
      },
    );
  }, [cursor, loadingMore]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { items, loading, loadingMore, error, hasMore: Boolean(cursor), more, reload };
}
