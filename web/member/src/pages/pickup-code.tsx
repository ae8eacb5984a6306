import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type PickupCode, type PickupPoint } from '../api';
import { formatPickupCode, qrImageSrc } from '../fulfilment';
import { formatShortDateTime } from '../format';
import { PickupPointLines } from './pickup-points';

export type CodeState = { status: 'loading' } | { status: 'none' } | { status: 'error'; message: string } | { status: 'ok'; code: PickupCode };

// What was read last per order, shown at once when the page opens again while it is read afresh.
const cache = new Map<string, PickupCode>();

/** An order's pickup code, read when `enabled`; `none` when the order has no code (404). */
export function usePickupCode(orderId: string, enabled: boolean, version = 0): CodeState {
  const [state, setState] = useState<CodeState>(() => {
    const known = cache.get(orderId);
    return known ? { status: 'ok', code: known } : { status: 'loading' };
  });
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    api.get<PickupCode>(`/me/orders/${encodeURIComponent(orderId)}/pickup-code`).then(
      (code) => {
        cache.set(orderId, code);
        if (!cancelled) setState({ status: 'ok', code });
      },
      (err: unknown) => {
        if (cancelled) return;
        if (err instanceof ApiError && err.status === 404) setState({ status: 'none' });
        else setState({ status: 'error', message: err instanceof ApiError && err.status !== 0 ? err.message : '' });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [orderId, enabled, version]);
  return enabled ? state : { status: 'none' };
}

/** "483 920" with each digit in its own box, for reading out at the counter. */
export function CodeDigits({ code, size = 'lg' }: { code: string; size?: 'lg' | 'sm' }) {
  const { t } = useTranslation('member');
  const grouped = formatPickupCode(code);
  return (
    <span className={`m-code m-code-${size}`} aria-label={t('order.pickup.codeLabel', { code: grouped })} data-testid="pickup-code" data-code={code}>
      {grouped}
    </span>
  );
}

/**
 * The member's pickup code while the goods wait at the point: the 6 digits big and spaced, the QR
 * code, where to collect and how. Once collected, when.
 */
export function PickupCodeCard({ state, point, onRetry }: { state: CodeState; point: PickupPoint | null; onRetry: () => void }) {
  const { t } = useTranslation('member');
  if (state.status === 'loading') {
    return (
      <section className="m-card m-section m-code-card" aria-busy>
        <p className="m-muted m-small">{t('loading')}</p>
      </section>
    );
  }
  if (state.status === 'error') {
    return (
      <section className="m-card m-section m-code-card">
        <p className="m-field-error" role="alert">
          {state.message || t('order.pickup.loadFailed')}
          <button type="button" className="m-inline-button" onClick={onRetry}>
            {t('common.retry')}
          </button>
        </p>
      </section>
    );
  }
  if (state.status === 'none') {
    return (
      <section className="m-card m-section m-code-card" data-testid="pickup-no-code">
        <h2 className="m-section-title">{t('order.pickup.noCodeTitle')}</h2>
        <p className="m-small m-muted">{t('order.pickup.noCode')}</p>
        {point && <PointBlock point={point} />}
      </section>
    );
  }
  const { code } = state;
  const qr = qrImageSrc(code.qrSvg);
  return (
    <section className="m-card m-section m-code-card" data-testid="pickup-code-card">
      <h2 className="m-code-label">{t('order.pickup.title')}</h2>
      <CodeDigits code={code.code} />
      {qr && <img className="m-code-qr" src={qr} alt={t('order.pickup.qrAlt')} width={176} height={176} data-testid="pickup-qr" />}
      <p className="m-code-show">{t('order.pickup.show')}</p>
      {point && <PointBlock point={point} />}
      <p className="m-muted m-small m-code-issued">{t('order.pickup.issuedAt', { time: formatShortDateTime(code.issuedAt) })}</p>
    </section>
  );
}

/** Where to collect, under the code. */
function PointBlock({ point }: { point: PickupPoint }) {
  const { t } = useTranslation('member');
  return (
    <div className="m-code-point" data-testid="pickup-code-point">
      <span className="m-label">{t('order.pickup.point')}</span>
      <b className="m-point-name">{point.name}</b>
      <PickupPointLines point={point} />
    </div>
  );
}
