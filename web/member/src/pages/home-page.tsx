import { useEffect, useState } from 'react';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, maskPhone, type Order, type Page } from '../api';
import { currentFullPath, loginPath, rememberReferral, useMemberSession } from '../session';
import { useReferralTouch } from '../use-referral-touch';
import { Shell, Spinner } from '../shell';
import { useToast } from '../ui';
import { copyText } from '../../../shared/clipboard';
import { OrderCard } from './orders-page';
import { ForYouSection } from './for-you';
import { privacyPath } from '../crm';

function OrdersIcon() {
  return (
    <svg viewBox="0 0 48 48" width="44" height="44" aria-hidden>
      <rect x="10" y="8" width="28" height="34" rx="4" fill="#fff2e8" stroke="#ffbb96" strokeWidth="2" />
      <path d="M17 18h14M17 25h14M17 32h8" stroke="#fa8c16" strokeWidth="2.5" strokeLinecap="round" />
    </svg>
  );
}

function ReferralsIcon() {
  return (
    <svg viewBox="0 0 48 48" width="44" height="44" aria-hidden>
      <circle cx="17" cy="18" r="6" fill="#fff2e8" stroke="#ffbb96" strokeWidth="2" />
      <circle cx="33" cy="18" r="6" fill="#fff2e8" stroke="#ffbb96" strokeWidth="2" />
      <path d="M7 38c1-6 5-9 10-9s9 3 10 9M23 38c1-6 5-9 10-9s9 3 10 9" fill="none" stroke="#fa8c16" strokeWidth="2.5" strokeLinecap="round" />
    </svg>
  );
}

function GroupsMenuIcon() {
  return (
    <svg className="m-menu-icon" viewBox="0 0 32 32" width="32" height="32" aria-hidden>
      <rect width="32" height="32" rx="9" fill="#fff2e8" />
      <circle cx="13" cy="12.5" r="3.4" fill="none" stroke="#fa541c" strokeWidth="2" />
      <path d="M7.2 23c.7-3.3 2.9-5 5.8-5s5.1 1.7 5.8 5" fill="none" stroke="#fa541c" strokeWidth="2" strokeLinecap="round" />
      <path d="M19.3 9.4a3.3 3.3 0 0 1 0 6.4M21.3 18.3c1.9.6 3 2.1 3.4 4.7" fill="none" stroke="#fa541c" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

function PrivacyMenuIcon() {
  return (
    <svg className="m-menu-icon" viewBox="0 0 32 32" width="32" height="32" aria-hidden>
      <rect width="32" height="32" rx="9" fill="#e6f4ff" />
      <path d="M16 7.5l7 2.6v5.3c0 4.4-2.9 7.7-7 9.1-4.1-1.4-7-4.7-7-9.1v-5.3z" fill="none" stroke="#1677ff" strokeWidth="2" strokeLinejoin="round" />
      <path d="M12.6 16l2.4 2.4 4.4-4.6" fill="none" stroke="#1677ff" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

function LeaderMenuIcon() {
  return (
    <svg className="m-menu-icon" viewBox="0 0 32 32" width="32" height="32" aria-hidden>
      <rect width="32" height="32" rx="9" fill="#fff7e6" />
      <path d="M9 21.5l1.6-9 4.2 4.1L16 9.5l1.2 7.1 4.2-4.1 1.6 9z" fill="#ffc53d" stroke="#d48806" strokeWidth="1.6" strokeLinejoin="round" />
      <path d="M9.5 24h13" stroke="#d48806" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}

export function HomePage() {
  const { tenant = 'demo' } = useParams();
  const { t } = useTranslation('member');
  const navigate = useNavigate();
  const state = useMemberSession(tenant);
  const [params] = useSearchParams();
  const ref = params.get('ref');
  const [loggingOut, setLoggingOut] = useState(false);
  const [orders, setOrders] = useState<Order[] | null>(null);
  const [toast, showToast] = useToast();

  const signedIn = state.status === 'ok';
  // A shared link to the shop itself (`/m/demo/?ref=CODE`): kept for checkout, and a touch once signed in.
  useEffect(() => rememberReferral(tenant, ref), [tenant, ref]);
  useReferralTouch(ref, signedIn ? state.me : null);
  useEffect(() => {
    if (!signedIn) return;
    let cancelled = false;
    api.get<Page<Order>>('/me/orders', { limit: 3 }).then(
      (page) => !cancelled && setOrders(page.items),
      () => !cancelled && setOrders([]),
    );
    return () => {
      cancelled = true;
    };
  }, [signedIn]);

  if (state.status === 'anonymous') {
    // Back here after signing in when the link carried a referral code, so the touch is recorded.
    return <Navigate to={ref ? loginPath(tenant, currentFullPath()) : `/${encodeURIComponent(tenant)}/login`} replace />;
  }
  if (state.status === 'loading') {
    return (
      <Shell brand={t('appName')}>
        <Spinner />
      </Shell>
    );
  }
  if (state.status === 'error') {
    return (
      <Shell brand={t('appName')}>
        <div className="m-alert m-alert-error" role="alert">
          {state.message}
        </div>
      </Shell>
    );
  }

  const { me } = state;
  const masked = maskPhone(me.actor.phone);
  // New members have no name yet: greet them without one rather than with their number twice.
  const name = me.actor.name.trim();

  const logout = async () => {
    setLoggingOut(true);
    try {
      await api.post('/auth/logout');
      navigate(`/${encodeURIComponent(tenant)}/login`, { replace: true });
    } catch {
      setLoggingOut(false);
      alert(t('home.loggedOutFailed'));
    }
  };

  return (
    <Shell brand={me.tenant.name} nav="home">
      <section className="m-hero" data-testid="member-home">
        <div className="m-avatar" aria-hidden>
          <svg viewBox="0 0 24 24" width="28" height="28">
            <circle cx="12" cy="8.5" r="4" fill="#fff" />
            <path d="M4 20c.8-4 4-6 8-6s7.2 2 8 6" fill="#fff" />
          </svg>
        </div>
        <div>
          <h1 className="m-hero-title">{name ? t('home.greeting', { name }) : t('home.welcome')}</h1>
          {masked && <p className="m-hero-sub">{t('home.phone', { phone: masked })}</p>}
        </div>
      </section>

      <ForYouSection tenant={tenant} />

      <section className="m-card m-section" data-testid="recent-orders">
        <h2 className="m-section-title m-row-between">
          <span>{t('home.orders')}</span>
          <Link to={`/${encodeURIComponent(tenant)}/orders`} className="m-section-link">
            {t('home.allOrders')} ›
          </Link>
        </h2>
        {orders === null ? (
          <p className="m-muted m-small">{t('loading')}</p>
        ) : orders.length === 0 ? (
          <div className="m-empty">
            <OrdersIcon />
            <p className="m-empty-title">{t('home.ordersEmpty')}</p>
            <p className="m-muted m-empty-hint">{t('home.ordersHint')}</p>
          </div>
        ) : (
          <ul className="m-order-list m-order-list-flat">
            {orders.map((o) => (
              <OrderCard key={o.id} order={o} tenant={tenant} />
            ))}
          </ul>
        )}
      </section>

      <section className="m-card m-section" data-testid="referrals">
        <h2 className="m-section-title m-row-between">
          <span>{t('home.referrals')}</span>
          <Link to={`/${encodeURIComponent(tenant)}/earnings`} className="m-section-link" data-testid="earnings-link">
            {t('home.earningsLink')} ›
          </Link>
        </h2>
        {me.actor.referralCode ? (
          <div className="m-referral">
            <ReferralsIcon />
            <div className="m-referral-body">
              <p className="m-muted m-small" style={{ margin: 0 }}>
                {t('home.referralCode')}
              </p>
              <p className="m-referral-code" data-testid="referral-code">
                {me.actor.referralCode}
              </p>
              <p className="m-muted m-small" style={{ margin: 0 }}>
                {t('home.referralHint')}
              </p>
            </div>
            <button
              type="button"
              className="m-share"
              onClick={() =>
                void copyText(me.actor.referralCode ?? '').then((ok) => showToast(ok ? t('home.codeCopied') : t('campaign.copyFailed')))
              }
            >
              {t('common.copy')}
            </button>
          </div>
        ) : (
          <div className="m-empty">
            <ReferralsIcon />
            <p className="m-muted m-empty-hint">{t('home.referralHint')}</p>
          </div>
        )}
      </section>

      <section className="m-card m-menu" data-testid="community-menu" aria-label={t('home.community')}>
        <Link to={`/${encodeURIComponent(tenant)}/groups`} className="m-menu-row" data-testid="home-groups-link">
          <GroupsMenuIcon />
          <span className="m-menu-text">
            <b>{t('home.myGroups')}</b>
            <span>{t('home.myGroupsHint')}</span>
          </span>
          <span className="m-menu-go" aria-hidden>
            ›
          </span>
        </Link>
        <Link to={`/${encodeURIComponent(tenant)}/leader/apply`} className="m-menu-row" data-testid="home-leader-link">
          <LeaderMenuIcon />
          <span className="m-menu-text">
            <b>{t('home.leaderApply')}</b>
            <span>{t('home.leaderApplyHint')}</span>
          </span>
          <span className="m-menu-go" aria-hidden>
            ›
          </span>
        </Link>
      </section>

      <section className="m-card m-menu" data-testid="account-menu" aria-label={t('home.account')}>
        <Link to={privacyPath(tenant)} className="m-menu-row" data-testid="home-privacy-link">
          <PrivacyMenuIcon />
          <span className="m-menu-text">
            <b>{t('home.privacy')}</b>
            <span>{t('home.privacyHint')}</span>
          </span>
          <span className="m-menu-go" aria-hidden>
            ›
          </span>
        </Link>
      </section>

      <button type="button" className="m-secondary" onClick={() => void logout()} disabled={loggingOut}>
        {t('home.logout')}
      </button>
      {toast}
    </Shell>
  );
}
