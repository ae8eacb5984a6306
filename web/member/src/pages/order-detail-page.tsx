import { useEffect, useState } from 'react';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type MyGroup, type Order, type PaymentStart, type PickupPoint } from '../api';
import { Shell, Spinner } from '../shell';
import { CountdownText, ErrorBox, useNow } from '../ui';
import { currentFullPath, loginPath } from '../session';
import { formatShortDateTime } from '../format';
import { formatFen } from '../../../shared/money';
import { goToPayUrl } from './checkout-page';
import { campaignPath, mayHavePickupCode } from '../fulfilment';
import { PickupCodeCard, usePickupCode } from './pickup-code';
import { PickupPointLines } from './pickup-points';

/** The order's pickup point and group, by name (from the member's points and groups). */
function useOrderPlaces(order: Order | null) {
  const [point, setPoint] = useState<PickupPoint | null | undefined>(undefined);
  const [group, setGroup] = useState<MyGroup | null | undefined>(undefined);
  const pointId = order?.pickupPointId ?? null;
  const groupId = order?.groupId ?? null;
  useEffect(() => {
    if (!pointId) return;
    let cancelled = false;
    // Every open point; one that closed since is no longer listed.
    api.get<{ items: PickupPoint[] }>('/me/pickup-points').then(
      (value) => !cancelled && setPoint(value.items.find((p) => p.id === pointId) ?? null),
      () => !cancelled && setPoint(null),
    );
    return () => {
      cancelled = true;
    };
  }, [pointId]);
  useEffect(() => {
    if (!groupId) return;
    let cancelled = false;
    api.get<{ items: MyGroup[] }>('/me/groups').then(
      (value) => !cancelled && setGroup(value.items.find((g) => g.groupId === groupId) ?? null),
      () => !cancelled && setGroup(null),
    );
    return () => {
      cancelled = true;
    };
  }, [groupId]);
  return { point: pointId ? point : null, group: groupId ? group : null };
}

/**
 * `/m/:tenant/orders/:id` — status and its timeline, lines, totals; pay or cancel while unpaid; the
 * pickup code while the goods wait at the pickup point, and when they were collected.
 */
export function OrderDetailPage() {
  const { tenant = 'demo', id = '' } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation('member');
  const navigate = useNavigate();
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'pay' | 'cancel' | null>(null);
  const [version, setVersion] = useState(0);
  const [codeVersion, setCodeVersion] = useState(0);
  const pending = order?.status === 'pending_payment';
  const { point, group } = useOrderPlaces(order);
  const withCode = order ? mayHavePickupCode(order) : false;
  const code = usePickupCode(id, withCode, codeVersion + version);
  const now = useNow(0, pending);
  const flash = params.get('payment');

  useEffect(() => {
    let cancelled = false;
    api.get<Order>(`/orders/${encodeURIComponent(id)}`).then(
      (o) => {
        if (cancelled) return;
        setOrder(o);
        setError(null);
      },
      (err: unknown) => !cancelled && setError(err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) })),
    );
    return () => {
      cancelled = true;
    };
  }, [id, version]);

  // An unpaid order expires on the server: look again when its time is up.
  const expiresIn = order ? Date.parse(order.expiresAt) - now : 0;
  useEffect(() => {
    if (!pending || expiresIn > 0) return;
    const timer = setTimeout(() => setVersion((v) => v + 1), 3000);
    return () => clearTimeout(timer);
  }, [pending, expiresIn]);

  const back = `/${encodeURIComponent(tenant)}/orders`;
  if (error?.status === 401) return <Navigate to={loginPath(tenant, currentFullPath())} replace />;
  if (error && !order) {
    return (
      <Shell brand={t('appName')} title={t('order.title')} back={back}>
        {error.status === 404 ? (
          <div className="m-card m-empty">
            <p className="m-empty-title">{t('order.notFound')}</p>
          </div>
        ) : (
          <ErrorBox message={error.status === 0 ? t('common.networkError') : error.message} onRetry={() => setVersion((v) => v + 1)} />
        )}
      </Shell>
    );
  }
  if (!order) {
    return (
      <Shell brand={t('appName')} title={t('order.title')} back={back}>
        <Spinner />
      </Shell>
    );
  }

  const pay = async () => {
    setBusy('pay');
    setActionError(null);
    try {
      const payment = await api.post<PaymentStart>(`/orders/${order.id}/payments`);
      goToPayUrl(navigate, payment.payUrl);
    } catch (err) {
      setBusy(null);
      setActionError(err instanceof Error ? err.message : String(err));
      setVersion((v) => v + 1);
    }
  };

  const cancel = async () => {
    if (!window.confirm(t('order.cancelConfirm'))) return;
    setBusy('cancel');
    setActionError(null);
    try {
      setOrder(await api.post<Order>(`/orders/${order.id}/cancel`, {}));
    } catch (err) {
      setActionError(err instanceof Error ? err.message : String(err));
      setVersion((v) => v + 1);
    } finally {
      setBusy(null);
    }
  };

  const timeline = [...(order.timeline ?? [])].reverse();
  const ready = order.status === 'ready_for_pickup';
  const collectedAt = order.status === 'completed' && code.status === 'ok' ? code.code.usedAt : null;
  const hint = (() => {
    switch (order.status) {
      case 'pending_payment':
        return null;
      case 'canceled':
        return order.cancelReason ? t('order.hint.canceledWhy', { reason: order.cancelReason }) : t('order.hint.canceled');
      case 'refunded':
        return t('order.hint.refunded', { amount: formatFen(order.refundedFen) });
      case 'ready_for_pickup':
        return code.status === 'none' ? t('order.hint.readyNoCode') : t('order.hint.ready_for_pickup');
      default:
        return t(`order.hint.${order.status}`);
    }
  })();

  return (
    <Shell brand={t('appName')} title={t('order.title')} back={back}>
      {flash === 'paid' && order.status !== 'pending_payment' && (
        <div className="m-alert m-alert-info" role="status" data-testid="paid-flash">
          {t('order.paidFlash')}
        </div>
      )}
      {flash === 'failed' && order.status === 'pending_payment' && (
        <div className="m-alert m-alert-error" role="alert">
          {t('order.failedFlash')}
        </div>
      )}
      {actionError && <ErrorBox message={actionError} />}

      <section className={`m-status-card m-status-${order.status}`} data-testid="order-status">
        <h1 className="m-status-title" data-status={order.status}>
          {t(`orderStatus.${order.status}`)}
        </h1>
        {pending ? (
          <p className="m-status-hint">
            {expiresIn > 0 ? (
              <>
                {t('order.payWithin')} <CountdownText ms={expiresIn} />
              </>
            ) : (
              t('order.expiring')
            )}
          </p>
        ) : (
          hint && <p className="m-status-hint">{hint}</p>
        )}
        {pending && (
          <div className="m-status-actions">
            <button type="button" className="m-primary" disabled={busy !== null} onClick={() => void pay()} data-testid="order-pay">
              {busy === 'pay' ? <span className="m-spinner m-spinner-light" aria-hidden /> : null}
              {t('order.pay', { amount: formatFen(order.totalFen) })}
            </button>
            <button type="button" className="m-secondary" disabled={busy !== null} onClick={() => void cancel()} data-testid="order-cancel">
              {t('order.cancel')}
            </button>
          </div>
        )}
      </section>

      {ready && <PickupCodeCard state={code} point={point ?? null} onRetry={() => setCodeVersion((v) => v + 1)} />}

      <section className="m-card m-section">
        <h2 className="m-section-title">
          <Link to={campaignPath(tenant, order.campaignId, order.groupId)} className="m-title-link">
            {order.campaignTitle} <span aria-hidden>›</span>
          </Link>
        </h2>
        <ul className="m-lines" data-testid="order-lines">
          {order.lines.map((l) => (
            <li key={l.id} className="m-line">
              <div className="m-line-main">
                <div>{l.title}</div>
                <div className="m-muted m-small">
                  {formatFen(l.unitPriceFen)} × {l.quantity}
                  {l.refundedQuantity > 0 && (
                    <span className="m-danger"> · {t('order.lineRefunded', { count: l.refundedQuantity, amount: formatFen(l.refundedFen) })}</span>
                  )}
                </div>
              </div>
              <div className="m-line-total">{formatFen(l.lineTotalFen)}</div>
            </li>
          ))}
        </ul>
        <dl className="m-totals">
          <div>
            <dt>{t('order.total')}</dt>
            <dd>{formatFen(order.totalFen)}</dd>
          </div>
          {order.paidFen > 0 && (
            <div>
              <dt>{t('order.paid')}</dt>
              <dd className="m-price" data-testid="order-paid">
                {formatFen(order.paidFen)}
              </dd>
            </div>
          )}
          {order.refundedFen > 0 && (
            <div>
              <dt>{t('order.refunded')}</dt>
              <dd className="m-danger">−{formatFen(order.refundedFen)}</dd>
            </div>
          )}
        </dl>
      </section>

      <section className="m-card m-section" data-testid="order-fulfilment">
        <h2 className="m-section-title m-row-between">
          <span>{t(`checkout.${order.fulfilment}`)}</span>
          {collectedAt && (
            <span className="m-pill m-pill-done" data-testid="pickup-collected">
              {t('order.pickup.collected', { time: formatShortDateTime(collectedAt) })}
            </span>
          )}
        </h2>
        {order.address ? (
          <p className="m-address-text">
            {order.address.name} {order.address.phone}
            <br />
            {order.address.region} {order.address.detail}
          </p>
        ) : ready && point ? (
          // The point is on the code card above.
          <p className="m-muted m-small">{t('order.pickup.seeAbove')}</p>
        ) : point ? (
          <div className="m-order-point" data-testid="order-pickup-point">
            <b className="m-point-name">{point.name}</b>
            <PickupPointLines point={point} />
          </div>
        ) : (
          <p className="m-muted m-small">{order.pickupPointId && point === null ? t('order.pickup.pointClosed') : t('checkout.pickupHint')}</p>
        )}
        {order.groupId && group !== undefined && (
          <p className="m-order-group m-small" data-testid="order-group">
            <span className="m-muted">{t('order.group')}</span>
            <span>{group ? group.name : t('order.groupLeft')}</span>
          </p>
        )}
        {order.note && <p className="m-small">{t('order.note', { note: order.note })}</p>}
      </section>

      {timeline.length > 0 && (
        <section className="m-card m-section">
          <h2 className="m-section-title">{t('order.timeline')}</h2>
          <ol className="m-timeline" data-testid="order-timeline">
            {timeline.map((e, i) => (
              <li key={`${e.at}-${i}`} className={i === 0 ? 'm-timeline-now' : ''}>
                <div className="m-timeline-title">
                  {e.from === null ? t('order.placed') : e.from === e.to ? t('order.partialRefund') : t(`orderStatus.${e.to}`)}
                </div>
                {/* Staff notes (pickup place, tracking number) are for the member; system notes are not. */}
                {e.actorType === 'user' && e.note && e.from !== e.to && <div className="m-small">{e.note}</div>}
                <div className="m-muted m-small">{formatShortDateTime(e.at)}</div>
              </li>
            ))}
          </ol>
        </section>
      )}

      <section className="m-card m-section m-small">
        <div className="m-row-between">
          <span className="m-muted">{t('order.number')}</span>
          <span className="m-mono">{order.id}</span>
        </div>
        <div className="m-row-between">
          <span className="m-muted">{t('order.placedAt')}</span>
          <span>{formatShortDateTime(order.placedAt)}</span>
        </div>
        {order.paidAt && (
          <div className="m-row-between">
            <span className="m-muted">{t('order.paidAt')}</span>
            <span>{formatShortDateTime(order.paidAt)}</span>
          </div>
        )}
      </section>
    </Shell>
  );
}
