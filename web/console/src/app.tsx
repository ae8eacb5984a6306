import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import enUSLocale from 'antd/locale/en_US';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SessionProvider } from './session';
import { RequireAuth, RequireCapability } from './guards';
import { ConsoleLayout } from './layout/console-layout';
import { LoginPage } from './pages/login-page';
import { HomePage } from './pages/home-page';
import { NotFoundPage } from './pages/not-found-page';
import type { Capability } from './access';

/** Route-level code splitting: each page's code loads when first visited. */
function page(load: () => Promise<Record<string, unknown>>, name: string) {
  const Component = lazy(async () => ({ default: (await load())[name] as ComponentType }));
  return <Component />;
}

function guarded(capability: Capability, element: ReactNode) {
  return <RequireCapability capability={capability}>{element}</RequireCapability>;
}

const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginPage /> },
    {
      path: '/',
      element: (
        <RequireAuth>
          <ConsoleLayout />
        </RequireAuth>
      ),
      children: [
        { index: true, element: <HomePage /> },
        {
          path: 'products',
          element: guarded('products.read', page(() => import('./pages/products/product-list-page'), 'ProductListPage')),
        },
        {
          path: 'products/new',
          element: guarded('products.write', page(() => import('./pages/products/product-edit-page'), 'ProductEditPage')),
        },
        {
          path: 'products/:id',
          element: guarded('products.read', page(() => import('./pages/products/product-edit-page'), 'ProductEditPage')),
        },
        {
          path: 'campaigns',
          element: guarded('campaigns.read', page(() => import('./pages/campaigns/campaign-list-page'), 'CampaignListPage')),
        },
        {
          path: 'campaigns/new',
          element: guarded('campaigns.write', page(() => import('./pages/campaigns/campaign-edit-page'), 'CampaignEditPage')),
        },
        {
          path: 'campaigns/:id',
          element: guarded('campaigns.read', page(() => import('./pages/campaigns/campaign-detail-page'), 'CampaignDetailPage')),
        },
        {
          path: 'campaigns/:id/edit',
          element: guarded('campaigns.write', page(() => import('./pages/campaigns/campaign-edit-page'), 'CampaignEditPage')),
        },
        {
          path: 'orders',
          element: guarded('orders.read', page(() => import('./pages/orders/order-list-page'), 'OrderListPage')),
        },
        {
          path: 'distribution/distributors',
          element: guarded('distribution.read', page(() => import('./pages/distribution/distributors-page'), 'DistributorsPage')),
        },
        {
          path: 'distribution/policies',
          element: guarded('distribution.read', page(() => import('./pages/distribution/policies-page'), 'PoliciesPage')),
        },
        {
          path: 'distribution/balances',
          element: guarded('distribution.read', page(() => import('./pages/distribution/balances-page'), 'BalancesPage')),
        },
        {
          path: 'distribution/statements/:beneficiaryId',
          element: guarded('distribution.read', page(() => import('./pages/distribution/statement-page'), 'StatementPage')),
        },
        {
          path: 'distribution/ledger',
          element: guarded('distribution.read', page(() => import('./pages/distribution/ledger-page'), 'LedgerPage')),
        },
        {
          path: 'distribution/payouts',
          element: guarded('distribution.read', page(() => import('./pages/distribution/payout-batches-page'), 'PayoutBatchesPage')),
        },
        {
          path: 'distribution/payouts/:id',
          element: guarded('distribution.read', page(() => import('./pages/distribution/payout-batch-page'), 'PayoutBatchPage')),
        },
        {
          path: 'distribution/team-report',
          element: guarded('distribution.read', page(() => import('./pages/distribution/team-report-page'), 'TeamReportPage')),
        },
        {
          path: 'distribution/settings',
          element: guarded('distribution.read', page(() => import('./pages/distribution/distribution-settings-page'), 'DistributionSettingsPage')),
        },
        {
          path: 'my-commission',
          element: guarded('distribution.mine', page(() => import('./pages/distribution/my-commission-page'), 'MyCommissionPage')),
        },
        {
          path: 'groups',
          element: guarded('community.read', page(() => import('./pages/community/groups-page'), 'GroupsPage')),
        },
        {
          path: 'groups/:id',
          element: guarded('community.read', page(() => import('./pages/community/group-detail-page'), 'GroupDetailPage')),
        },
        {
          path: 'moderation',
          element: guarded('community.manage', page(() => import('./pages/community/moderation-page'), 'ModerationPage')),
        },
        {
          path: 'leaders',
          element: guarded('leaders.decide', page(() => import('./pages/community/leaders-page'), 'LeadersPage')),
        },
        {
          path: 'pickup-points',
          element: guarded('community.read', page(() => import('./pages/community/pickup-points-page'), 'PickupPointsPage')),
        },
        {
          path: 'community/imports',
          element: guarded('members.import', page(() => import('./pages/community/member-imports-page'), 'MemberImportsPage')),
        },
        {
          path: 'community/members',
          element: guarded('community.read', page(() => import('./pages/community/members-page'), 'MembersPage')),
        },
        {
          path: 'community/playbooks',
          element: guarded('playbooks.read', page(() => import('./pages/community/playbooks-page'), 'PlaybooksPage')),
        },
        {
          path: 'community/chat',
          element: guarded('chat.manage', page(() => import('./pages/community/chat-page'), 'ChatIntegrationPage')),
        },
        {
          path: 'fulfilment/picking-lists',
          element: guarded('fulfilment.read', page(() => import('./pages/fulfilment/picking-lists-page'), 'PickingListsPage')),
        },
        {
          path: 'fulfilment/picking-lists/:id',
          element: guarded('fulfilment.read', page(() => import('./pages/fulfilment/picking-list-page'), 'PickingListPage')),
        },
        {
          path: 'fulfilment/verify',
          element: guarded('fulfilment.verify', page(() => import('./pages/fulfilment/verify-pickup-page'), 'VerifyPickupPage')),
        },
        {
          path: 'fulfilment/uncollected',
          element: guarded('fulfilment.read', page(() => import('./pages/fulfilment/uncollected-page'), 'UncollectedPage')),
        },
        {
          path: 'crm/profiles',
          element: guarded('crm.read', page(() => import('./pages/crm/profiles-page'), 'ProfilesPage')),
        },
        {
          path: 'crm/profiles/:id',
          element: guarded('crm.read', page(() => import('./pages/crm/profile-page'), 'ProfilePage')),
        },
        {
          path: 'crm/segments',
          element: guarded('crm.read', page(() => import('./pages/crm/segments-page'), 'SegmentsPage')),
        },
        {
          path: 'crm/segments/new',
          element: guarded('crm.read', page(() => import('./pages/crm/segment-page'), 'SegmentPage')),
        },
        {
          path: 'crm/segments/:id',
          element: guarded('crm.read', page(() => import('./pages/crm/segment-page'), 'SegmentPage')),
        },
        {
          path: 'crm/tags',
          element: guarded('crm.read', page(() => import('./pages/crm/tags-page'), 'TagsPage')),
        },
        {
          path: 'crm/lifecycle',
          element: guarded('crm.read', page(() => import('./pages/crm/lifecycle-page'), 'LifecyclePage')),
        },
        { path: 'crm/koc', element: guarded('crm.read', page(() => import('./pages/crm/koc-page'), 'KocPage')) },
        { path: 'crm/tiers', element: guarded('crm.read', page(() => import('./pages/crm/tiers-page'), 'TiersPage')) },
        {
          path: 'warehouses',
          element: guarded('inventory.read', page(() => import('./pages/inventory/warehouses-page'), 'WarehousesPage')),
        },
        {
          path: 'stock',
          element: guarded('inventory.read', page(() => import('./pages/inventory/stock-page'), 'StockPage')),
        },
        {
          path: 'org-units',
          element: guarded('orgUnits.read', page(() => import('./pages/org/org-units-page'), 'OrgUnitsPage')),
        },
        {
          path: 'users',
          element: guarded('users.manage', page(() => import('./pages/org/users-page'), 'UsersPage')),
        },
        {
          path: 'api-tokens',
          element: guarded('apiTokens.manage', page(() => import('./pages/tokens/api-tokens-page'), 'ApiTokensPage')),
        },
        {
          path: 'sandbox/sms',
          element: guarded('sandbox.read', page(() => import('./pages/sandbox/sandbox-sms-page'), 'SandboxSmsPage')),
        },
        {
          path: 'audit-log',
          element: guarded('audit.read', page(() => import('./pages/audit/audit-log-page'), 'AuditLogPage')),
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
  { basename: '/console' },
);

const theme = {
  token: {
    colorPrimary: '#fa541c',
    colorLink: '#d4380d',
    borderRadius: 6,
  },
  components: {
    Layout: { headerBg: '#fff', siderBg: '#fff', bodyBg: '#f5f6f8' },
  },
};

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUSLocale : zhCNLocale} theme={theme}>
      <AntApp>
        <SessionProvider>
          <Suspense fallback={<FullPageSpin />}>
            <RouterProvider router={router} />
          </Suspense>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function FullPageSpin() {
  return (
    <div style={{ minHeight: '60vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" />
    </div>
  );
}
