import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Navigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Leader, type PublicOrgUnit } from '../api';
import { canApply, LEADER_LIMITS, leaderFieldErrorsOf, leaderView, orgUnitChoices, preferOwnMessage, validateLeaderForm, type LeaderField, type LeaderForm } from '../community';
import { currentLanguage } from '../i18n';
import { formatShortDateTime } from '../format';
import { currentFullPath, loginPath, useMemberSession } from '../session';
import { Shell, Spinner } from '../shell';
import { ErrorBox, useToast } from '../ui';
import { StatusIcon } from './apply-distributor';

/** What a 团长 does, in three steps, for a member who has not applied. */
function LeaderIntro() {
  const { t } = useTranslation('member');
  return (
    <section className="m-card m-section m-intro" data-testid="leader-intro">
      <h2 className="m-intro-title">{t('leader.intro.title')}</h2>
      <p className="m-muted m-small">{t('leader.intro.body')}</p>
      <ol className="m-steps">
        {(['step1', 'step2', 'step3'] as const).map((step, i) => (
          <li key={step}>
            <span className="m-step-no">{i + 1}</span>
            <span>{t(`leader.intro.${step}`)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

const EMPTY: LeaderForm = { realName: '', email: '', orgUnitId: '', intro: '' };

/**
 * The application (POST /me/leader-application): name, the email for the console account, where
 * they would serve and a few words. Mistakes show under their field, first from the same rules as
 * the server, then from the server's own `errors[]`.
 */
function LeaderApplyForm(props: { units: PublicOrgUnit[]; initial?: Partial<LeaderForm>; again: boolean; onApplied: (notice: string) => void }) {
  const { t } = useTranslation('member');
  const [form, setForm] = useState<LeaderForm>({ ...EMPTY, ...props.initial });
  const [errors, setErrors] = useState<Partial<Record<LeaderField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const choices = useMemo(() => orgUnitChoices(props.units), [props.units]);
  // A unit from the last application that is no longer offered is not kept.
  const known = choices.some((g) => g.options.some((o) => o.id === form.orgUnitId));

  const set = (field: LeaderField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const message = (field: LeaderField, problem: 'required' | 'tooLong' | 'invalid'): string => {
    if (problem === 'tooLong') return t('leader.form.tooLong', { max: LEADER_LIMITS[field] });
    if (field === 'email') return problem === 'invalid' ? t('leader.form.emailInvalid') : t('leader.form.emailRequired');
    if (field === 'orgUnitId') return t('leader.form.orgUnitRequired');
    return t('leader.form.realNameRequired');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const clean: LeaderForm = { realName: form.realName.trim(), email: form.email.trim(), orgUnitId: known ? form.orgUnitId : '', intro: form.intro.trim() };
    const problems = validateLeaderForm(clean);
    const messages: Partial<Record<LeaderField, string>> = {};
    for (const [field, problem] of Object.entries(problems) as [LeaderField, 'required' | 'tooLong' | 'invalid'][]) messages[field] = message(field, problem);
    setErrors(messages);
    if (Object.keys(messages).length) return;
    setSending(true);
    try {
      await api.post('/me/leader-application', clean);
      props.onApplied(t('leader.form.submitted'));
    } catch (err) {
      setSending(false);
      if (err instanceof ApiError && err.code === 'community.leader_exists') {
        props.onApplied(t('leader.form.already'));
        return;
      }
      if (err instanceof ApiError) {
        const byField = leaderFieldErrorsOf(err.fieldErrors);
        // The server's words under each field, unless they are English on the Chinese page.
        for (const [name, text] of Object.entries(byField) as [LeaderField, string][]) {
          if (preferOwnMessage(text, currentLanguage())) byField[name] = message(name, name === 'email' ? 'invalid' : name === 'intro' ? 'tooLong' : 'required');
        }
        setErrors(byField);
        setFormError(Object.keys(byField).length ? null : err.status === 0 ? t('common.networkError') : err.message);
      } else {
        setFormError(t('common.networkError'));
      }
    }
  };

  const field = (name: LeaderField, control: ReactNode, opts: { required?: boolean; hint?: string; multiline?: boolean; select?: boolean } = {}) => (
    <label className="m-field">
      <span className="m-label">
        {t(`leader.form.${name}`)}
        {opts.required && <span className="m-required" aria-hidden> *</span>}
      </span>
      <span className={`m-input-row${opts.multiline ? ' m-textarea-row' : ''}${opts.select ? ' m-select-row' : ''}${errors[name] ? ' m-invalid' : ''}`}>{control}</span>
      {errors[name] ? (
        <span className="m-field-error" data-testid={`error-${name}`}>
          {errors[name]}
        </span>
      ) : (
        opts.hint && <span className="m-field-hint">{opts.hint}</span>
      )}
    </label>
  );

  const input = (name: 'realName' | 'email', extra: { type?: string; autoComplete?: string; inputMode?: 'email' }) => (
    <input
      className="m-input"
      name={name}
      type={extra.type ?? 'text'}
      inputMode={extra.inputMode}
      autoComplete={extra.autoComplete}
      maxLength={LEADER_LIMITS[name] + 20}
      placeholder={t(`leader.form.${name}Placeholder`)}
      value={form[name]}
      aria-invalid={Boolean(errors[name])}
      onChange={(e) => set(name, e.target.value)}
    />
  );

  return (
    <section className="m-card m-section" data-testid="leader-form">
      <h2 className="m-section-title">{props.again ? t('leader.form.againTitle') : t('leader.form.title')}</h2>
      {formError && (
        <div className="m-alert m-alert-error" role="alert" data-testid="leader-form-error">
          {formError}
        </div>
      )}
      {choices.length === 0 && <p className="m-note m-note-warn">{t('leader.form.noUnits')}</p>}
      <form onSubmit={(e) => void submit(e)} noValidate>
        {field('realName', input('realName', { autoComplete: 'name' }), { required: true })}
        {field('email', input('email', { type: 'email', inputMode: 'email', autoComplete: 'email' }), { required: true, hint: t('leader.form.emailHint') })}
        {field(
          'orgUnitId',
          <select
            className={`m-input m-select${known ? '' : ' m-select-empty'}`}
            name="orgUnitId"
            value={known ? form.orgUnitId : ''}
            aria-invalid={Boolean(errors.orgUnitId)}
            onChange={(e) => set('orgUnitId', e.target.value)}
            data-testid="leader-org-unit"
          >
            <option value="" disabled>
              {t('leader.form.orgUnitPlaceholder')}
            </option>
            {choices.map((g) => (
              <optgroup key={g.kind} label={t(`leader.form.kinds.${g.kind}`)}>
                {g.options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>,
          { required: true, select: true, hint: t('leader.form.orgUnitHint') },
        )}
        {field(
          'intro',
          <textarea
            className="m-input m-textarea"
            name="intro"
            rows={4}
            maxLength={LEADER_LIMITS.intro + 20}
            placeholder={t('leader.form.introPlaceholder')}
            value={form.intro}
            aria-invalid={Boolean(errors.intro)}
            onChange={(e) => set('intro', e.target.value)}
          />,
          { multiline: true },
        )}
        <button type="submit" className="m-primary" disabled={sending || choices.length === 0} data-testid="leader-submit">
          {sending ? <span className="m-spinner m-spinner-light" aria-hidden /> : null}
          {t('leader.form.submit')}
        </button>
      </form>
    </section>
  );
}

/** Where the application stands: under review, approved (how to reach the console), refused or suspended. */
function LeaderStatusCard({ application }: { application: Leader }) {
  const { t } = useTranslation('member');
  const a = application;
  if (a.status === 'applied') {
    return (
      <section className="m-card m-status-note m-status-note-wait" data-testid="leader-review">
        <StatusIcon kind="wait" />
        <h2 className="m-status-note-title">{t('leader.review.title')}</h2>
        <p className="m-muted m-small">{t('leader.review.body')}</p>
        <dl className="m-status-note-facts m-small">
          <dd>{t('leader.review.realName', { name: a.realName })}</dd>
          <dd>{t('leader.review.email', { email: a.email })}</dd>
          {a.orgUnitName && <dd>{t('leader.review.orgUnit', { name: a.orgUnitName })}</dd>}
          <dd>{t('leader.review.appliedAt', { date: formatShortDateTime(a.createdAt) })}</dd>
        </dl>
      </section>
    );
  }
  if (a.status === 'approved') {
    const consoleUrl = `${window.location.origin}/console/`;
    return (
      <section className="m-card m-status-note" data-testid="leader-approved">
        <StatusIcon kind="ok" />
        <h2 className="m-status-note-title">{t('leader.approved.title')}</h2>
        <p className="m-muted m-small">{t('leader.approved.body')}</p>
        <div className="m-leader-login">
          <span className="m-label">{t('leader.approved.email')}</span>
          <span className="m-leader-login-email" data-testid="leader-email">
            {a.email}
          </span>
        </div>
        <a className="m-primary" href="/console/" data-testid="leader-console-link">
          {t('leader.approved.console')}
        </a>
        <p className="m-leader-console-note m-small m-muted">{t('leader.approved.password')}</p>
        <p className="m-leader-console-note m-mono m-muted">{t('leader.approved.where', { url: consoleUrl })}</p>
      </section>
    );
  }
  if (a.status === 'rejected') {
    return (
      <section className="m-card m-status-note m-status-note-no" data-testid="leader-rejected">
        <StatusIcon kind="no" />
        <h2 className="m-status-note-title">{t('leader.rejected.title')}</h2>
        {a.decisionNote && <p className="m-status-note-quote">{t('leader.rejected.note', { note: a.decisionNote })}</p>}
        <p className="m-muted m-small">{t('leader.rejected.body')}</p>
      </section>
    );
  }
  return (
    <section className="m-card m-status-note m-status-note-no" data-testid="leader-suspended">
      <StatusIcon kind="pause" />
      <h2 className="m-status-note-title">{t('leader.suspended.title')}</h2>
      {a.decisionNote && <p className="m-status-note-quote">{a.decisionNote}</p>}
      <p className="m-muted m-small">{t('leader.suspended.body')}</p>
    </section>
  );
}

/** `/m/:tenant/leader/apply` — apply to become a 团长, or see where the application stands. */
export function LeaderApplyPage() {
  const { tenant = 'demo' } = useParams();
  const { t } = useTranslation('member');
  const session = useMemberSession(tenant);
  const [application, setApplication] = useState<Leader | null | undefined>(undefined);
  const [units, setUnits] = useState<PublicOrgUnit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [toast, showToast] = useToast();
  const signedIn = session.status === 'ok';

  useEffect(() => {
    if (!signedIn) return;
    let cancelled = false;
    setError(null);
    Promise.all([
      api.get<{ application: Leader | null }>('/me/leader-application'),
      api.get<{ items: PublicOrgUnit[] }>(`/t/${encodeURIComponent(tenant)}/org-units`),
    ]).then(
      ([mine, list]) => {
        if (cancelled) return;
        setApplication(mine.application);
        setUnits(list.items);
      },
      (err: unknown) => !cancelled && setError(err instanceof ApiError && err.status !== 0 ? err.message : t('common.networkError')),
    );
    return () => {
      cancelled = true;
    };
  }, [signedIn, tenant, version, t]);

  if (session.status === 'anonymous') return <Navigate to={loginPath(tenant, currentFullPath())} replace />;

  const loaded = application !== undefined && units !== null;
  const view = loaded ? leaderView(application) : null;
  const applied = (notice: string) => {
    showToast(notice);
    setVersion((v) => v + 1);
  };

  return (
    <Shell brand={session.status === 'ok' ? session.me.tenant.name : t('appName')} title={t('leader.title')} back={`/${encodeURIComponent(tenant)}/groups`}>
      {session.status === 'error' && <ErrorBox message={session.message} onRetry={session.reload} />}
      {error && <ErrorBox message={error} onRetry={() => setVersion((v) => v + 1)} />}
      {!loaded && !error && session.status !== 'error' && <Spinner />}
      {loaded && view && (
        <div data-testid="leader-page" data-view={view}>
          {view === 'apply' ? <LeaderIntro /> : <LeaderStatusCard application={application!} />}
          {canApply(view) && (
            <LeaderApplyForm
              key={application?.id ?? 'new'}
              units={units}
              again={view === 'rejected'}
              initial={application ? { realName: application.realName, email: application.email, orgUnitId: application.orgUnitId, intro: application.intro } : undefined}
              onApplied={applied}
            />
          )}
        </div>
      )}
      {toast}
    </Shell>
  );
}
