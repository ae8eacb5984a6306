import type { ReactNode } from 'react';
import { Button, Result, Spin } from 'antd';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from './session';
import type { Capability } from './access';
import { NoAccess } from './pages/not-found-page';

/** Sends visitors without a session to the login page, remembering where they were going. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state, reload, logout } = useSession();
  const location = useLocation();
  const { t } = useTranslation();

  if (state.status === 'loading') {
    return (
      <div style={{ height: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <Result
        status="warning"
        title={t('common.loadFailed')}
        subTitle={state.error.status === 0 ? t('common.networkError') : state.error.message}
        extra={<Button onClick={() => void reload()}>{t('common.retry')}</Button>}
      />
    );
  }
  if (state.status === 'anonymous') {
    const redirect = location.pathname + location.search;
    const to = redirect && redirect !== '/' ? `/login?redirect=${encodeURIComponent(redirect)}` : '/login';
    return <Navigate to={to} replace />;
  }
  if (state.me.actor.type === 'member' || state.me.actor.role === 'member') {
    return (
      <Result
        status="403"
        title={t('login.noConsoleAccess')}
        extra={<Button onClick={() => void logout()}>{t('header.logout')}</Button>}
      />
    );
  }
  return <>{children}</>;
}

/** Shows a 403 page instead of `children` when the signed-in role lacks `capability`. */
export function RequireCapability({ capability, children }: { capability: Capability; children: ReactNode }) {
  const { can } = useSession();
  return can(capability) ? <>{children}</> : <NoAccess />;
}
