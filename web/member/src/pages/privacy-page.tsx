import { useEffect, useRef, useState } from 'react';
import { Navigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api';
import { CONSENT_SWITCHES, consentToastKey, readConsents, settleConsent, withConsent, type ConsentPurpose, type MyConsents } from '../crm';
import { currentFullPath, loginPath, useMemberSession } from '../session';
import { Shell, Spinner } from '../shell';
import { ErrorBox, useToast } from '../ui';

/** An on/off switch with a big touch target, announced as a switch. */
function Switch(props: { checked: boolean; busy: boolean; label: string; describedBy: string; onChange: (checked: boolean) => void; testId: string }) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={props.checked}
      aria-label={props.label}
      aria-describedby={props.describedBy}
      aria-busy={props.busy || undefined}
      className={`m-switch${props.checked ? ' m-switch-on' : ''}`}
      disabled={props.busy}
      onClick={() => props.onChange(!props.checked)}
      data-testid={props.testId}
    >
      <span className="m-switch-knob" aria-hidden />
    </button>
  );
}

/**
 * `/m/:tenant/privacy` — 隐私与授权: the member's consents as switches (marketing messages; sharing
 * their contact details with their group leaders), each saved the moment it is turned.
 */
export function PrivacyPage() {
  const { tenant = 'demo' } = useParams();
  const { t } = useTranslation('member');
  const session = useMemberSession(tenant);
  const [consents, setConsents] = useState<MyConsents | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Partial<Record<ConsentPurpose, boolean>>>({});
  const [version, setVersion] = useState(0);
  const [toast, showToast] = useToast();
  // The last state the server confirmed, to go back to when a save fails.
  const confirmed = useRef<MyConsents | null>(null);
  const signedIn = session.status === 'ok';

  useEffect(() => {
    if (!signedIn) return;
    let cancelled = false;
    setError(null);
    api.get<unknown>('/me/consents').then(
      (value) => {
        if (cancelled) return;
        const settled = readConsents(value);
        confirmed.current = settled;
        setConsents(settled);
      },
      (err: unknown) => !cancelled && setError(err instanceof ApiError && err.status !== 0 ? err.message : t('common.networkError')),
    );
    return () => {
      cancelled = true;
    };
  }, [signedIn, version, t]);

  if (session.status === 'anonymous') return <Navigate to={loginPath(tenant, currentFullPath())} replace />;

  const turn = async (purpose: ConsentPurpose, granted: boolean) => {
    if (!consents || busy[purpose]) return;
    const before = confirmed.current ?? consents;
    setConsents((c) => (c ? withConsent(c, purpose, granted) : c));
    setBusy((b) => ({ ...b, [purpose]: true }));
    try {
      const answer = await api.post<unknown>('/me/consents', { purpose, granted });
      const settled = settleConsent(before, answer);
      confirmed.current = settled;
      // Another switch may be saving: keep its shown state.
      setConsents((c) => (c ? withConsent(c, purpose, settled[purpose]) : settled));
      showToast(t(consentToastKey(purpose, settled[purpose])));
    } catch (err) {
      setConsents((c) => (c ? withConsent(c, purpose, before[purpose]) : before));
      showToast(err instanceof ApiError && err.status !== 0 ? err.message : t('privacy.saveFailed'));
    } finally {
      setBusy((b) => ({ ...b, [purpose]: false }));
    }
  };

  return (
    <Shell brand={session.status === 'ok' ? session.me.tenant.name : t('appName')} title={t('privacy.title')} back={`/${encodeURIComponent(tenant)}/`}>
      {session.status === 'error' && <ErrorBox message={session.message} onRetry={session.reload} />}
      {error && <ErrorBox message={`${t('privacy.loadFailed')}：${error}`} onRetry={() => setVersion((v) => v + 1)} />}
      {!consents && !error && session.status !== 'error' ? (
        <Spinner />
      ) : consents ? (
        <>
          <p className="m-muted m-small m-privacy-intro">{t('privacy.intro')}</p>
          <section className="m-card m-privacy" data-testid="privacy" aria-label={t('privacy.title')}>
            {CONSENT_SWITCHES.map((purpose) => {
              const on = consents[purpose];
              const hintId = `privacy-hint-${purpose}`;
              return (
                <div key={purpose} className="m-privacy-row" data-testid={`consent-${purpose}`} data-granted={on}>
                  <div className="m-privacy-text">
                    <b>{t(`privacy.switches.${purpose}.title`)}</b>
                    <span id={hintId}>{t(`privacy.switches.${purpose}.hint`)}</span>
                    <span className={`m-privacy-state${on ? ' m-privacy-state-on' : ''}`} aria-live="polite">
                      {busy[purpose] ? t('privacy.saving') : on ? t('privacy.on') : t('privacy.off')}
                    </span>
                  </div>
                  <Switch
                    checked={on}
                    busy={Boolean(busy[purpose])}
                    label={t(`privacy.switches.${purpose}.title`)}
                    describedBy={hintId}
                    onChange={(granted) => void turn(purpose, granted)}
                    testId={`consent-switch-${purpose}`}
                  />
                </div>
              );
            })}
          </section>
          <section className="m-card m-section" data-testid="privacy-data">
            <h2 className="m-section-title">{t('privacy.dataTitle')}</h2>
            <p className="m-muted m-small" style={{ margin: 0 }}>
              {t('privacy.dataHint')}
            </p>
          </section>
        </>
      ) : null}
      {toast}
    </Shell>
  );
}
