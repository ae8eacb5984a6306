import { useEffect, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { toggleLanguage } from './i18n';

/**
 * The mobile frame of every member page: a slim brand bar (with a back link on inner pages) and a
 * centred column. `footer` is a bar fixed to the bottom (the campaign's total and Buy button).
 */
export function Shell(props: { brand: string; title?: string; back?: string; footer?: ReactNode; children: ReactNode }) {
  const { brand, title, back, footer, children } = props;
  const { t } = useTranslation('member');
  useEffect(() => {
    document.title = title ? `${title} · ${brand}` : brand;
  }, [brand, title]);
  return (
    <div className={`m-shell${footer ? ' m-has-footer' : ''}`}>
      <header className="m-bar">
        {back ? (
          <Link to={back} className="m-back" aria-label={t('common.back')}>
            <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden>
              <path d="M15 5l-7 7 7 7" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </Link>
        ) : (
          <span className="m-logo">团</span>
        )}
        <span className="m-brand">{title ?? brand}</span>
        <button type="button" className="m-link-button" onClick={() => void toggleLanguage()}>
          {t('switchLanguage')}
        </button>
      </header>
      <main className="m-main">{children}</main>
      {footer && <div className="m-footer">{footer}</div>}
    </div>
  );
}

export function Spinner() {
  const { t } = useTranslation('member');
  return (
    <div className="m-center" role="status" aria-live="polite">
      <span className="m-spinner" aria-hidden />
      <span className="m-muted">{t('loading')}</span>
    </div>
  );
}
