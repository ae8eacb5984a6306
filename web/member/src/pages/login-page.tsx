import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, maskPhone, type MemberMe } from '../api';
import { Shell } from '../shell';
import { safeNext } from '../session';

const PHONE_RE = /^1\d{10}$/;
const CODE_RE = /^\d{6}$/;

/** Seconds left until `until` (a timestamp), refreshed every second while positive. */
function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!until) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [until]);
  return until ? Math.max(0, Math.ceil((until - now) / 1000)) : 0;
}

export function LoginPage() {
  const { tenant = 'demo' } = useParams();
  const { t } = useTranslation('member');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // Back to where the member was going (checkout, an order) after signing in; home otherwise.
  const after = safeNext(tenant, params.get('next'));
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ phone?: string; code?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [verifying, setVerifying] = useState(false);
  const [resendAt, setResendAt] = useState<number | null>(null);
  const [codeSent, setCodeSent] = useState(false);
  const codeInput = useRef<HTMLInputElement>(null);
  const secondsLeft = useCountdown(resendAt);

  // Already signed in as this brand's member: straight on.
  useEffect(() => {
    let cancelled = false;
    api.get<MemberMe>('/me').then(
      (me) => {
        if (!cancelled && me.actor.type === 'member' && me.tenant.slug === tenant) {
          navigate(after, { replace: true });
        }
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [tenant, navigate, after]);

  const cleanPhone = phone.replace(/\s+/g, '');

  const showError = (err: unknown) => {
    if (err instanceof ApiError) {
      const fe: { phone?: string; code?: string } = {};
      for (const e of err.fieldErrors) {
        if (e.path === 'phone' || e.path === 'code') fe[e.path] = e.message;
      }
      setFieldErrors(fe);
      setError(err.status === 0 ? t('login.networkError') : err.message);
    } else {
      setError(t('login.networkError'));
    }
  };

  const requestCode = async () => {
    setError(null);
    setNotice(null);
    if (!PHONE_RE.test(cleanPhone)) {
      setFieldErrors({ phone: t('login.phoneInvalid') });
      return;
    }
    setFieldErrors({});
    setSending(true);
    try {
      const res = await api.post<{ expiresInSeconds: number; resendInSeconds: number }>('/member-auth/code', {
        tenant,
        phone: cleanPhone,
      });
      setResendAt(Date.now() + (res?.resendInSeconds ?? 60) * 1000);
      setCodeSent(true);
      setNotice(
        t('login.codeSent', { phone: maskPhone(cleanPhone), minutes: Math.max(1, Math.round((res?.expiresInSeconds ?? 300) / 60)) }),
      );
      codeInput.current?.focus();
    } catch (err) {
      showError(err);
    } finally {
      setSending(false);
    }
  };

  const verify = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const fe: { phone?: string; code?: string } = {};
    if (!PHONE_RE.test(cleanPhone)) fe.phone = t('login.phoneInvalid');
    if (!CODE_RE.test(code.trim())) fe.code = t('login.codeInvalid');
    setFieldErrors(fe);
    if (fe.phone || fe.code) return;
    setVerifying(true);
    try {
      await api.post('/member-auth/verify', { tenant, phone: cleanPhone, code: code.trim() });
      navigate(after, { replace: true });
    } catch (err) {
      showError(err);
      setVerifying(false);
    }
  };

  return (
    <Shell brand={t('appName')}>
      <section className="m-card">
        <h1 className="m-title">{t('login.title')}</h1>
        <p className="m-muted m-subtitle">{t('login.subtitle')}</p>
        {error && (
          <div className="m-alert m-alert-error" role="alert" data-testid="member-error">
            {error}
          </div>
        )}
        {notice && !error && (
          <div className="m-alert m-alert-info" role="status">
            {notice}
          </div>
        )}
        <form onSubmit={(e) => void verify(e)} noValidate>
          <label className="m-field">
            <span className="m-label">{t('login.phone')}</span>
            <span className={`m-input-row${fieldErrors.phone ? ' m-invalid' : ''}`}>
              <span className="m-prefix">+86</span>
              <input
                className="m-input"
                name="phone"
                type="tel"
                inputMode="numeric"
                autoComplete="tel-national"
                maxLength={13}
                placeholder={t('login.phonePlaceholder')}
                value={phone}
                onChange={(e) => setPhone(e.target.value.replace(/[^\d\s]/g, ''))}
              />
            </span>
            {fieldErrors.phone && <span className="m-field-error">{fieldErrors.phone}</span>}
          </label>
          <label className="m-field">
            <span className="m-label">{t('login.code')}</span>
            <span className={`m-input-row${fieldErrors.code ? ' m-invalid' : ''}`}>
              <input
                ref={codeInput}
                className="m-input"
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                placeholder={t('login.codePlaceholder')}
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
              />
              <button
                type="button"
                className="m-code-button"
                disabled={sending || secondsLeft > 0}
                onClick={() => void requestCode()}
                data-testid="get-code"
              >
                {secondsLeft > 0
                  ? t('login.resendIn', { seconds: secondsLeft })
                  : codeSent
                    ? t('login.resend')
                    : t('login.getCode')}
              </button>
            </span>
            {fieldErrors.code && <span className="m-field-error">{fieldErrors.code}</span>}
          </label>
          <button type="submit" className="m-primary" disabled={verifying}>
            {verifying ? <span className="m-spinner m-spinner-light" aria-hidden /> : null}
            {t('login.submit')}
          </button>
        </form>
        <p className="m-fine">{t('login.agreement')}</p>
      </section>
      {tenant === 'demo' && <p className="m-fine m-hint">{t('login.demoHint')}</p>}
    </Shell>
  );
}
