import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { toggleLanguage } from './i18n';

/** The mobile frame of every member page: a slim brand bar and a centred column. */
export function Shell({ brand, children }: { brand: string; children: ReactNode }) {
  const { t } = useTranslation('member');
  useEffect(() => {
    document.title = brand;
  }, [brand]);
  return (
    <div className="m-shell">
      <header className="m-bar">
        <span className="m-logo">团</span>
        <span className="m-brand">{brand}</span>
        <button type="button" className="m-link-button" onClick={() => void toggleLanguage()}>
          {t('switchLanguage')}
        </button>
      </header>
      <main className="m-main">{children}</main>
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
