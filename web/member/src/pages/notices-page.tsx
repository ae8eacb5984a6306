import { useEffect, useState, type ReactNode } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type MemberNotice, type NoticePage } from '../api';
import { noticeAction, noticeKind, type NoticeKind } from '../fulfilment';
import { formatShortDateTime } from '../format';
import { currentFullPath, loginPath, useMemberSession } from '../session';
import { Shell, Spinner } from '../shell';
import { ErrorBox } from '../ui';
import { clearUnreadNotices } from '../use-notices';

const PAGE = 20;

const asApiError = (err: unknown): ApiError => (err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }));

const KIND_ICONS: Record<NoticeKind, ReactNode> = {
  pickup_ready: (
    <>
      <path d="M4.5 9.5L12 5l7.5 4.5v8.8a1 1 0 0 1-1 1h-13a1 1 0 0 1-1-1z" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
      <path d="M9 19.3v-5h6v5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
    </>
  ),
  shortage_refunded: (
    <>
      <circle cx="12" cy="12" r="7.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d="M9 12h6M9.5 9.2L12 12l2.5-2.8M12 12v4" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
    </>
  ),
  shipped: (
    <>
      <path d="M3.5 7.5h10v8.5h-10zM13.5 10.5h3.8l3 3v2.5h-6.8" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
      <circle cx="7.5" cy="17.5" r="1.7" fill="#fff" stroke="currentColor" strokeWidth="1.6" />
      <circle cx="16.5" cy="17.5" r="1.7" fill="#fff" stroke="currentColor" strokeWidth="1.6" />
    </>
  ),
  marketing: (
    <>
      <path d="M4.5 10v4a1 1 0 0 0 1 1H8l6 4V5L8 9H5.5a1 1 0 0 0-1 1z" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
      <path d="M17.5 9.2a4 4 0 0 1 0 5.6M19.8 7a7 7 0 0 1 0 10" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" />
    </>
  ),
  invitation: (
    <>
      <path d="M5 17.5l1.4-8 3.8 3.6L12 6.5l1.8 6.6 3.8-3.6 1.4 8z" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
      <path d="M5.5 20h13" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </>
  ),
  other: (
    <>
      <path d="M6.5 16.5V11a5.5 5.5 0 0 1 11 0v5.5l1.5 1.8H5z" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
      <path d="M10 20.2a2.2 2.2 0 0 0 4 0" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </>
  ),
};

function NoticeItem({ notice, tenant, unread }: { notice: MemberNotice; tenant: string; unread: boolean }) {
  const { t } = useTranslation('member');
  const kind = noticeKind(notice.kind);
  const action = noticeAction(notice, tenant);
  return (
    <li className={`m-notice${unread ? ' m-notice-unread' : ''}`} data-testid="notice" data-kind={notice.kind} data-unread={unread}>
      <span className={`m-notice-icon m-notice-icon-${kind}`} aria-hidden>
        <svg viewBox="0 0 24 24" width="20" height="20">
          {KIND_ICONS[kind]}
        </svg>
      </span>
      <div className="m-notice-main">
        <div className="m-row-between m-notice-head">
          <span className="m-notice-kind">{t(`notices.kinds.${kind}`)}</span>
          <span className="m-muted m-notice-time">
            {unread && <span className="m-notice-dot" aria-label={t('notices.unread')} />}
            {formatShortDateTime(notice.createdAt)}
          </span>
        </div>
        <p className="m-notice-title">{notice.title}</p>
        {notice.body && <p className="m-notice-body">{notice.body}</p>}
        {action && (
          <Link
            to={action.to}
            className={`m-notice-link${action.label === 'manageMarketing' ? ' m-notice-link-quiet' : ''}`}
            data-testid={action.label === 'viewOrder' || action.label === 'viewCode' ? 'notice-order-link' : action.label === 'applyLeader' ? 'notice-leader-link' : 'notice-privacy-link'}
          >
            {t(`notices.${action.label}`)} ›
          </Link>
        )}
      </div>
    </li>
  );
}

/** `/m/:tenant/notices` — the member's notices, newest first; opening the page marks them all read. */
export function NoticesPage() {
  const { tenant = 'demo' } = useParams();
  const { t } = useTranslation('member');
  const session = useMemberSession(tenant);
  const [notices, setNotices] = useState<MemberNotice[] | null>(null);
  // Which were unread when the page opened: they keep their mark while the member reads.
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [version, setVersion] = useState(0);
  const signedIn = session.status === 'ok';

  useEffect(() => {
    if (!signedIn) return;
    let cancelled = false;
    api.get<NoticePage>('/me/notices', { limit: PAGE }).then(
      (page) => {
        if (cancelled) return;
        setNotices(page.items);
        setFresh(new Set(page.items.filter((n) => !n.readAt).map((n) => n.id)));
        setCursor(page.nextCursor);
        setError(null);
        if (page.unread > 0) {
          api.post('/me/notices/read').then(
            () => clearUnreadNotices(),
            () => undefined,
          );
        }
      },
      (err: unknown) => !cancelled && setError(asApiError(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [signedIn, version]);

  if (session.status === 'anonymous') return <Navigate to={loginPath(tenant, currentFullPath())} replace />;

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await api.get<NoticePage>('/me/notices', { limit: PAGE, cursor });
      setNotices((list) => [...(list ?? []), ...page.items]);
      setFresh((set) => new Set([...set, ...page.items.filter((n) => !n.readAt).map((n) => n.id)]));
      setCursor(page.nextCursor);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Shell brand={session.status === 'ok' ? session.me.tenant.name : t('appName')} title={t('notices.title')} back={`/${encodeURIComponent(tenant)}/`}>
      {session.status === 'error' && <ErrorBox message={session.message} onRetry={session.reload} />}
      {error && <ErrorBox message={error.status === 0 ? t('common.networkError') : error.message} onRetry={() => setVersion((v) => v + 1)} />}
      {notices === null && !error && session.status !== 'error' ? (
        <Spinner />
      ) : notices && notices.length === 0 ? (
        <section className="m-card m-empty m-notices-empty" data-testid="notices-empty">
          <span className="m-notice-icon m-notice-icon-other m-notice-icon-lg" aria-hidden>
            <svg viewBox="0 0 24 24" width="28" height="28">
              {KIND_ICONS.other}
            </svg>
          </span>
          <p className="m-empty-title">{t('notices.empty')}</p>
          <p className="m-muted m-empty-hint">{t('notices.emptyHint')}</p>
        </section>
      ) : notices ? (
        <ul className="m-card m-notices" data-testid="notices">
          {notices.map((n) => (
            <NoticeItem key={n.id} notice={n} tenant={tenant} unread={fresh.has(n.id)} />
          ))}
        </ul>
      ) : null}
      {cursor && (
        <button type="button" className="m-more" disabled={loadingMore} onClick={() => void loadMore()}>
          {t('common.loadMore')}
        </button>
      )}
    </Shell>
  );
}
