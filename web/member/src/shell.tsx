import { useEffect, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { toggleLanguage } from './i18n';
import { badgeText } from './fulfilment';
import { useUnreadNotices } from './use-notices';

export type NavTab = 'home' | 'orders' | 'groups' | 'earnings';

const NAV_ICONS: Record<NavTab, ReactNode> = {
  home: (
    <>
      <circle cx="12" cy="8.5" r="3.6" fill="none" stroke="currentColor" strokeWidth="1.9" />
      <path d="M4.8 20c.9-3.8 3.7-5.6 7.2-5.6s6.3 1.8 7.2 5.6" fill="none" stroke="currentColor" strokeWidth="1.9" strokeLinecap="round" />
    </>
  ),
  orders: (
    <>
      <rect x="5" y="3.5" width="14" height="17" rx="2.5" fill="none" stroke="currentColor" strokeWidth="1.9" />
      <path d="M8.5 9h7M8.5 12.5h7M8.5 16h4" stroke="currentColor" strokeWidth="1.9" strokeLinecap="round" />
    </>
  ),
  groups: (
    <>
      <circle cx="9.2" cy="8.8" r="3.3" fill="none" stroke="currentColor" strokeWidth="1.9" />
      <path d="M3.4 19.5c.7-3.4 2.9-5.1 5.8-5.1s5.1 1.7 5.8 5.1" fill="none" stroke="currentColor" strokeWidth="1.9" strokeLinecap="round" />
      <path d="M15.4 5.7a3.2 3.2 0 0 1 0 6.3M17.4 14.8c1.9.6 3 2.1 3.4 4.7" fill="none" stroke="currentColor" strokeWidth="1.9" strokeLinecap="round" />
    </>
  ),
  earnings: (
    <>
      <circle cx="12" cy="12" r="8.2" fill="none" stroke="currentColor" strokeWidth="1.9" />
      <path d="M9 8l3 3.6L15 8M8.8 12.4h6.4M8.8 15h6.4M12 11.6V18" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
    </>
  ),
};

/** The tab bar of the member's own pages: home (我的), orders, groups (我的群) and earnings. */
function NavBar({ current }: { current: NavTab }) {
  const { t } = useTranslation('member');
  const { tenant = 'demo' } = useParams();
  const base = `/${encodeURIComponent(tenant)}`;
  const tabs: [NavTab, string][] = [
    ['home', `${base}/`],
    ['orders', `${base}/orders`],
    ['groups', `${base}/groups`],
    ['earnings', `${base}/earnings`],
  ];
  return (
    <nav className="m-tabbar" aria-label={t('nav.label')} data-testid="nav">
      <div className="m-tabbar-inner">
        {tabs.map(([tab, to]) => (
          <Link key={tab} to={to} className={`m-tabbar-item${tab === current ? ' m-tabbar-on' : ''}`} aria-current={tab === current ? 'page' : undefined} data-testid={`nav-${tab}`}>
            <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden>
              {NAV_ICONS[tab]}
            </svg>
            <span>{t(`nav.${tab}`)}</span>
          </Link>
        ))}
      </div>
    </nav>
  );
}

/** The bell in the bar of the member's own pages: their notices, with the unread count. */
function NoticesBell() {
  const { t } = useTranslation('member');
  const { tenant = 'demo' } = useParams();
  const unread = useUnreadNotices(true);
  const badge = badgeText(unread);
  return (
    <Link
      to={`/${encodeURIComponent(tenant)}/notices`}
      className="m-bell"
      aria-label={badge ? t('notices.bellUnread', { count: unread }) : t('notices.title')}
      data-testid="notices-bell"
      data-unread={unread}
    >
      <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden>
        <path d="M6.5 16.5V11a5.5 5.5 0 0 1 11 0v5.5l1.5 1.8H5z" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
        <path d="M10 20.2a2.2 2.2 0 0 0 4 0" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
      {badge && (
        <span className="m-bell-badge" data-testid="notices-badge">
          {badge}
        </span>
      )}
    </Link>
  );
}

/**
 * The mobile frame of every member page: a slim brand bar (with a back link on inner pages) and a
 * centred column. `footer` is a bar fixed to the bottom (the campaign's total and Buy button);
 * `nav` shows the tab bar of the member's own pages instead, with that tab current, and the bell
 * of their notices in the bar.
 */
export function Shell(props: { brand: string; title?: string; back?: string; footer?: ReactNode; nav?: NavTab; children: ReactNode }) {
  const { brand, title, back, footer, nav, children } = props;
  const { t } = useTranslation('member');
  useEffect(() => {
    document.title = title ? `${title} · ${brand}` : brand;
  }, [brand, title]);
  return (
    <div className={`m-shell${footer ? ' m-has-footer' : nav ? ' m-has-nav' : ''}`}>
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
        {nav && !footer && <NoticesBell />}
        <button type="button" className="m-link-button" onClick={() => void toggleLanguage()}>
          {t('switchLanguage')}
        </button>
      </header>
      <main className="m-main">{children}</main>
      {footer ? <div className="m-footer">{footer}</div> : nav ? <NavBar current={nav} /> : null}
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
