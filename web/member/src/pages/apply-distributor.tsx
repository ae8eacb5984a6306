import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type DistributorApplication, type MyEarnings } from '../api';
import { APPLICATION_LIMITS, fieldErrorsOf, validateApplication, type ApplicationField } from '../earnings';

/** What distribution is, in three steps, for a member who has not applied. */
export function DistributionIntro() {
  const { t } = useTranslation('member');
  return (
    <section className="m-card m-section m-intro" data-testid="distribution-intro">
      <h2 className="m-intro-title">{t('earnings.intro.title')}</h2>
      <p className="m-muted m-small">{t('earnings.intro.body')}</p>
      <ol className="m-steps">
        {(['step1', 'step2', 'step3'] as const).map((step, i) => (
          <li key={step}>
            <span className="m-step-no">{i + 1}</span>
            <span>{t(`earnings.intro.${step}`)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

const EMPTY: DistributorApplication = { realName: '', reason: '', payoutAccount: '' };

/**
 * The application to become a distributor (POST /me/distributor). Mistakes show under their field,
 * from the same rules as the server, then from the server's own answer.
 */
export function ApplyDistributorForm({ initial, onApplied }: { initial?: Partial<DistributorApplication>; onApplied: (notice: string) => void }) {
  const { t } = useTranslation('member');
  const [form, setForm] = useState<DistributorApplication>({ ...EMPTY, ...initial });
  const [errors, setErrors] = useState<Partial<Record<ApplicationField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const set = (field: ApplicationField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const problems = validateApplication(form);
    const messages: Partial<Record<ApplicationField, string>> = {};
    for (const [field, problem] of Object.entries(problems) as [ApplicationField, string][]) {
      messages[field] = problem === 'required' ? t('earnings.apply.realNameRequired') : t('earnings.apply.tooLong', { max: APPLICATION_LIMITS[field] });
    }
    setErrors(messages);
    if (Object.keys(messages).length) return;
    setSending(true);
    try {
      await api.post('/me/distributor', { realName: form.realName.trim(), reason: form.reason.trim(), payoutAccount: form.payoutAccount.trim() });
      onApplied(t('earnings.apply.submitted'));
    } catch (err) {
      setSending(false);
      if (err instanceof ApiError && err.code === 'distribution.already_distributor') {
        onApplied(t('earnings.apply.already'));
        return;
      }
      if (err instanceof ApiError) {
        const byField = fieldErrorsOf(err.fieldErrors);
        setErrors(byField);
        setFormError(Object.keys(byField).length ? null : err.status === 0 ? t('common.networkError') : err.message);
      } else {
        setFormError(t('common.networkError'));
      }
    }
  };

  const field = (name: ApplicationField, props: { multiline?: boolean; hint?: string; required?: boolean; autoComplete?: string }) => (
    <label className="m-field">
      <span className="m-label">
        {t(`earnings.apply.${name}`)}
        {props.required && <span className="m-required" aria-hidden> *</span>}
      </span>
      <span className={`m-input-row${props.multiline ? ' m-textarea-row' : ''}${errors[name] ? ' m-invalid' : ''}`}>
        {props.multiline ? (
          <textarea
            className="m-input m-textarea"
            name={name}
            rows={3}
            maxLength={APPLICATION_LIMITS[name] + 20}
            placeholder={t(`earnings.apply.${name}Placeholder`)}
            value={form[name]}
            aria-invalid={Boolean(errors[name])}
            onChange={(e) => set(name, e.target.value)}
          />
        ) : (
          <input
            className="m-input"
            name={name}
            autoComplete={props.autoComplete}
            maxLength={APPLICATION_LIMITS[name] + 20}
            placeholder={t(`earnings.apply.${name}Placeholder`)}
            value={form[name]}
            aria-invalid={Boolean(errors[name])}
            onChange={(e) => set(name, e.target.value)}
          />
        )}
      </span>
      {errors[name] ? (
        <span className="m-field-error" data-testid={`error-${name}`}>
          {errors[name]}
        </span>
      ) : (
        props.hint && <span className="m-field-hint">{props.hint}</span>
      )}
    </label>
  );

  return (
    <section className="m-card m-section" data-testid="apply-form">
      <h2 className="m-section-title">{t('earnings.apply.title')}</h2>
      {formError && (
        <div className="m-alert m-alert-error" role="alert">
          {formError}
        </div>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        {field('realName', { required: true, autoComplete: 'name' })}
        {field('reason', { multiline: true })}
        {field('payoutAccount', { hint: t('earnings.apply.payoutAccountHint') })}
        <button type="submit" className="m-primary" disabled={sending} data-testid="apply-submit">
          {sending ? <span className="m-spinner m-spinner-light" aria-hidden /> : null}
          {t('earnings.apply.submit')}
        </button>
      </form>
    </section>
  );
}

/** The card a member sees while their application waits, or after it was refused or suspended. */
export function DistributorStatusCard({ me }: { me: MyEarnings }) {
  const { t } = useTranslation('member');
  const d = me.distributor;
  if (!d) return null;
  if (d.status === 'applied') {
    return (
      <section className="m-card m-status-note m-status-note-wait" data-testid="distributor-review">
        <StatusIcon kind="wait" />
        <h2 className="m-status-note-title">{t('earnings.review.title')}</h2>
        <p className="m-muted m-small">{t('earnings.review.body')}</p>
        <dl className="m-status-note-facts m-small">
          <dd>{t('earnings.review.realName', { name: d.realName })}</dd>
          {d.payoutAccount && <dd>{t('earnings.review.payoutAccount', { account: d.payoutAccount })}</dd>}
        </dl>
      </section>
    );
  }
  if (d.status === 'rejected') {
    return (
      <section className="m-card m-status-note m-status-note-no" data-testid="distributor-rejected">
        <StatusIcon kind="no" />
        <h2 className="m-status-note-title">{t('earnings.rejected.title')}</h2>
        {d.decisionNote && <p className="m-status-note-quote">{t('earnings.rejected.note', { note: d.decisionNote })}</p>}
        <p className="m-muted m-small">{t('earnings.rejected.noReapply')}</p>
      </section>
    );
  }
  if (d.status === 'suspended') {
    return (
      <section className="m-card m-status-note m-status-note-no" data-testid="distributor-suspended">
        <StatusIcon kind="pause" />
        <h2 className="m-status-note-title">{t('earnings.suspended.title')}</h2>
        {d.decisionNote && <p className="m-status-note-quote">{d.decisionNote}</p>}
        <p className="m-muted m-small">{t('earnings.suspended.body')}</p>
      </section>
    );
  }
  return null;
}

/** The round icon above a status note: waiting, refused, paused or done. */
export function StatusIcon({ kind }: { kind: 'wait' | 'no' | 'pause' | 'ok' }) {
  return (
    <svg className="m-status-note-icon" viewBox="0 0 48 48" width="48" height="48" aria-hidden>
      <circle cx="24" cy="24" r="21" fill={kind === 'wait' ? '#fff7e6' : kind === 'ok' ? '#f6ffed' : '#f5f5f5'} />
      {kind === 'ok' && <path d="M15 24.5l6 6 12-13" fill="none" stroke="#52c41a" strokeWidth="3.2" strokeLinecap="round" strokeLinejoin="round" />}
      {kind === 'wait' && <path d="M24 13v11l7 5" fill="none" stroke="#fa8c16" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />}
      {kind === 'no' && <path d="M17 17l14 14M31 17L17 31" stroke="#8c8c8c" strokeWidth="3" strokeLinecap="round" />}
      {kind === 'pause' && <path d="M20 16v16M28 16v16" stroke="#8c8c8c" strokeWidth="3.4" strokeLinecap="round" />}
    </svg>
  );
}
