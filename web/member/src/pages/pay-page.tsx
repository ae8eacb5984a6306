import { useEffect, useState } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Order, type Payment } from '../api';
import { Shell, Spinner } from '../shell';
import { ErrorBox } from '../ui';
import { currentFullPath, loginPath } from '../session';
import { formatFen } from '../../../shared/money';

/**
 * `/m/:tenant/pay/:paymentId` — the sandbox provider's hosted pay page. No money moves: "Pay" and
 * "Fail" ask the sandbox to send its signed notification, then the member lands on the order.
 */
export function PayPage() {
  const { tenant = 'demo', paymentId = '' } = useParams();
  const { t } = useTranslation('member');
  const navigate = useNavigate();
  const [payment, setPayment] = useState<Payment | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'paid' | 'failed' | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let cancelled = false;
    api.get<Payment>(`/payments/${encodeURIComponent(paymentId)}`).then(
      (p) => {
        if (cancelled) return;
        setPayment(p);
        setError(null);
      },
      (err: unknown) => !cancelled && setError(err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) })),
    );
    return () => {
      cancelled = true;
    };
  }, [paymentId, version]);

  if (error?.status === 401) return <Navigate to={loginPath(tenant, currentFullPath())} replace />;

  const complete = async (outcome: 'paid' | 'failed') => {
    if (!payment) return;
    setBusy(outcome);
    setError(null);
    try {
      const order = await api.post<Order>(`/sandbox/payments/${encodeURIComponent(payment.id)}/complete`, { outcome });
      navigate(`/${encodeURIComponent(tenant)}/orders/${order.id}?payment=${outcome}`, { replace: true });
    } catch (err) {
      setBusy(null);
      setError(err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }));
      setVersion((v) => v + 1);
    }
  };

  const orderPath = payment ? `/${encodeURIComponent(tenant)}/orders/${payment.orderId}` : `/${encodeURIComponent(tenant)}/orders`;

  return (
    <Shell brand={t('appName')} title={t('pay.title')} back={orderPath}>
      <div className="m-sandbox-banner" role="note" data-testid="sandbox-banner">
        <strong>沙箱支付 · Sandbox payment</strong>
        <span>{t('pay.banner')}</span>
      </div>
      {error && <ErrorBox message={error.status === 0 ? t('common.networkError') : error.message} />}
      {!payment && !error && <Spinner />}
      {payment && (
        <section className="m-card m-pay" data-testid="pay-card">
          <p className="m-muted">{t('pay.amount')}</p>
          <p className="m-pay-amount" data-testid="pay-amount">
            {formatFen(payment.amountFen)}
          </p>
          <p className="m-muted m-small">
            {t('pay.provider')} · <span className="m-mono">{payment.id}</span>
          </p>
          {payment.status === 'created' ? (
            <>
              <button
                type="button"
                className="m-primary"
                disabled={busy !== null}
                onClick={() => void complete('paid')}
                data-testid="pay-confirm"
              >
                {busy === 'paid' ? <span className="m-spinner m-spinner-light" aria-hidden /> : null}
                {t('pay.pay')}
              </button>
              <button
                type="button"
                className="m-secondary"
                disabled={busy !== null}
                onClick={() => void complete('failed')}
                data-testid="pay-fail"
              >
                {t('pay.fail')}
              </button>
            </>
          ) : (
            <>
              <p className="m-alert m-alert-info">{t(`pay.status.${payment.status}`)}</p>
              <Link className="m-primary m-link-primary" to={orderPath}>
                {t('pay.viewOrder')}
              </Link>
            </>
          )}
        </section>
      )}
    </Shell>
  );
}
