import { useEffect, useState } from 'react';
import { Link, Navigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Order, type OrderStatus, type Page } from '../api';
import { Shell, Spinner } from '../shell';
import { ErrorBox, OrderStatusPill } from '../ui';
import { currentFullPath, loginPath, useMemberSession } from '../session';
import { formatShortDateTime } from '../format';
import { formatFen } from '../../../shared/money';
import { CodeDigits, usePickupCode } from './pickup-code';

const TABS: { key: string; status?: OrderStatus }[] = [
  { key: 'all' },
  { key: 'toPay', status: 'pending_payment' },
  { key: 'pickup', status: 'ready_for_pickup' },
  { key: 'paid', status: 'paid' },
  { key: 'refunded', status: 'refunded' },
];

/** The code on a card of an order waiting at its pickup point. */
function CardPickupCode({ orderId }: { orderId: string }) {
  const { t } = useTranslation('member');
  const code = usePickupCode(orderId, true);
  // No code (the order was moved on by hand) or it could not be read: the order's page says what to do.
  if (code.status === 'none' || code.status === 'error') return null;
  return (
    <div className="m-order-code" data-testid="order-card-code">
      <span>{t('orders.pickupCode')}</span>
      {code.status === 'ok' ? <CodeDigits code={code.code.code} size="sm" /> : <span className="m-muted m-order-code-wait" aria-hidden>…</span>}
      <span className="m-order-code-go" aria-hidden>
        ›
      </span>
    </div>
  );
}

/** One order as a card: campaign, items, total, status; links to its page (with the code while it waits for pickup). */
export function OrderCard({ order, tenant }: { order: Order; tenant: string }) {
  const { t } = useTranslation('member');
  const units = order.lines.reduce((s, l) => s + l.quantity, 0);
  const waiting = order.status === 'ready_for_pickup' && order.fulfilment === 'pickup';
  return (
    <li>
      <Link to={`/${encodeURIComponent(tenant)}/orders/${order.id}`} className="m-order-card" data-testid="order-card">
        <div className="m-row-between">
          <span className="m-order-title">{order.campaignTitle}</span>
          <OrderStatusPill status={order.status} />
        </div>
        <div className="m-order-lines m-muted m-small">
          {order.lines.map((l) => `${l.title}×${l.quantity}`).join('，')}
        </div>
        <div className="m-row-between m-small">
          <span className="m-muted">{formatShortDateTime(order.placedAt)}</span>
          <span>
            {t('orders.unitsTotal', { count: units })} <span className="m-price">{formatFen(order.totalFen)}</span>
          </span>
        </div>
        {order.status === 'pending_payment' && <div className="m-order-cta">{t('orders.payNow')}</div>}
        {waiting && <CardPickupCode orderId={order.id} />}
      </Link>
    </li>
  );
}

/** `/m/:tenant/orders` — the member's orders by status tab, newest first. */
export function OrdersPage() {
  const { tenant = 'demo' } = useParams();
  const { t } = useTranslation('member');
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((x) => x.key === params.get('tab')) ?? TABS[0]!;
  const session = useMemberSession(tenant);
  const [orders, setOrders] = useState<Order[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [version, setVersion] = useState(0);
  const signedIn = session.status === 'ok';

  useEffect(() => {
    if (!signedIn) return;
    let cancelled = false;
    setOrders(null);
    api.get<Page<Order>>('/me/orders', { status: tab.status, limit: 20 }).then(
      (page) => {
        if (cancelled) return;
        setOrders(page.items);
        setCursor(page.nextCursor);
        setError(null);
      },
      (err: unknown) => !cancelled && setError(err instanceof ApiError ? err.message : String(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [signedIn, tab.status, version]);

  if (session.status === 'anonymous') return <Navigate to={loginPath(tenant, currentFullPath())} replace />;

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await api.get<Page<Order>>('/me/orders', { status: tab.status, limit: 20, cursor });
      setOrders((o) => [...(o ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Shell brand={session.status === 'ok' ? session.me.tenant.name : t('appName')} title={t('orders.title')} nav="orders">
      <nav className="m-tabs" aria-label={t('orders.title')}>
        {TABS.map((x) => (
          <button
            key={x.key}
            type="button"
            className={`m-tab${x.key === tab.key ? ' m-tab-on' : ''}`}
            aria-current={x.key === tab.key ? 'page' : undefined}
            onClick={() => setParams(x.key === 'all' ? {} : { tab: x.key }, { replace: true })}
          >
            {t(`orders.tabs.${x.key as 'all' | 'toPay' | 'pickup' | 'paid' | 'refunded'}`)}
          </button>
        ))}
      </nav>
      {error && <ErrorBox message={error} onRetry={() => setVersion((v) => v + 1)} />}
      {session.status === 'error' && <ErrorBox message={session.message} onRetry={session.reload} />}
      {orders === null && !error ? (
        <Spinner />
      ) : orders && orders.length === 0 ? (
        <div className="m-card m-empty">
          <p className="m-empty-title">{t('orders.empty')}</p>
          <p className="m-muted m-empty-hint">{t('orders.emptyHint')}</p>
        </div>
      ) : (
        <ul className="m-order-list" data-testid="order-list">
          {(orders ?? []).map((o) => (
            <OrderCard key={o.id} order={o} tenant={tenant} />
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" className="m-more" disabled={loadingMore} onClick={() => void loadMore()}>
          {t('common.loadMore')}
        </button>
      )}
    </Shell>
  );
}
