import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderStatus } from './api';
import { durationParts, pad2 } from '../../shared/time';

/** The current time, ticking every second while `active`, shifted by `offsetMs` (server − device clock). */
export function useNow(offsetMs: number, active = true): number {
  const [now, setNow] = useState(() => Date.now() + offsetMs);
  useEffect(() => {
    setNow(Date.now() + offsetMs);
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now() + offsetMs), 1000);
    return () => clearInterval(timer);
  }, [offsetMs, active]);
  return now;
}

/** "2天 03:12:09" or "03:12:09" until `target`, in the server's time. */
export function CountdownText({ ms }: { ms: number }) {
  const { t } = useTranslation('member');
  const p = durationParts(ms);
  const hms = (
    <span className="m-clock">
      <b>{pad2(p.hours)}</b>:<b>{pad2(p.minutes)}</b>:<b>{pad2(p.seconds)}</b>
    </span>
  );
  return p.days > 0 ? (
    <span>
      {t('common.days', { count: p.days })} {hms}
    </span>
  ) : (
    hms
  );
}

/** − n + with big touch targets; never below `min` nor above `max`. */
export function Stepper(props: {
  value: number;
  max: number;
  min?: number;
  disabled?: boolean;
  label: string;
  onChange: (value: number) => void;
  testId?: string;
}) {
  const { t } = useTranslation('member');
  const min = props.min ?? 0;
  const { value, max, disabled } = props;
  return (
    <div className={`m-stepper${value > 0 ? ' m-stepper-active' : ''}`} data-testid={props.testId}>
      <button
        type="button"
        aria-label={t('common.decrease', { item: props.label })}
        disabled={disabled || value <= min}
        onClick={() => props.onChange(Math.max(min, value - 1))}
      >
        −
      </button>
      <span className="m-stepper-value" aria-live="polite">
        {value}
      </span>
      <button
        type="button"
        aria-label={t('common.increase', { item: props.label })}
        disabled={disabled || value >= max}
        onClick={() => props.onChange(Math.min(max, value + 1))}
      >
        +
      </button>
    </div>
  );
}

const PILL_CLASS: Record<OrderStatus, string> = {
  pending_payment: 'warn',
  paid: 'ok',
  fulfilling: 'ok',
  ready_for_pickup: 'info',
  shipped: 'info',
  completed: 'done',
  canceled: 'muted',
  refunded: 'muted',
};

export function OrderStatusPill({ status }: { status: OrderStatus }) {
  const { t } = useTranslation('member');
  return (
    <span className={`m-pill m-pill-${PILL_CLASS[status]}`} data-status={status}>
      {t(`orderStatus.${status}`)}
    </span>
  );
}

/** A cover for campaigns without an image: a warm gradient and a basket. */
export function CoverPlaceholder({ title }: { title: string }) {
  return (
    <div className="m-cover m-cover-placeholder" role="img" aria-label={title}>
      <svg viewBox="0 0 120 90" width="120" height="90" aria-hidden>
        <circle cx="42" cy="34" r="13" fill="#ffd591" />
        <circle cx="63" cy="28" r="11" fill="#ff9c6e" />
        <circle cx="81" cy="36" r="12" fill="#ffc069" />
        <path d="M52 20c2-6 7-9 12-9" stroke="#73d13d" strokeWidth="3" fill="none" strokeLinecap="round" />
        <path d="M20 42h80l-9 34a6 6 0 0 1-6 5H35a6 6 0 0 1-6-5z" fill="#fff" opacity="0.95" />
        <path d="M34 52l4 20M50 52l1 20M66 52l-1 20M82 52l-4 20" stroke="#ffbb96" strokeWidth="2.5" strokeLinecap="round" />
      </svg>
    </div>
  );
}

/** A small message at the bottom of the screen for two seconds. */
export function useToast(): [ReactNode, (text: string) => void] {
  const [text, setText] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const show = useCallback((value: string) => {
    setText(value);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setText(null), 2200);
  }, []);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const node = text ? (
    <div className="m-toast" role="status" aria-live="polite" data-testid="toast">
      {text}
    </div>
  ) : null;
  return [node, show];
}

export function ErrorBox({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const { t } = useTranslation('member');
  return (
    <div className="m-alert m-alert-error" role="alert">
      {message}
      {onRetry && (
        <button type="button" className="m-inline-button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
