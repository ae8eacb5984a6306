import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { LoginPage } from './pages/login-page';
import { HomePage } from './pages/home-page';
import { CampaignPage } from './pages/campaign-page';
import { CheckoutPage } from './pages/checkout-page';
import { PayPage } from './pages/pay-page';
import { OrdersPage } from './pages/orders-page';
import { OrderDetailPage } from './pages/order-detail-page';
import { EarningsPage } from './pages/earnings-page';
import { SharePage } from './pages/share-section';
import { JoinPage } from './pages/join-page';
import { GroupsPage } from './pages/groups-page';
import { LeaderApplyPage } from './pages/leader-apply-page';
import { NoticesPage } from './pages/notices-page';
import { PrivacyPage } from './pages/privacy-page';

/** `/m/` alone (or an unknown path) opens the demo brand's pages. */
const router = createBrowserRouter(
  [
    { path: '/', element: <Navigate to="/demo/" replace /> },
    { path: '/:tenant/login', element: <LoginPage /> },
    { path: '/:tenant/c/:campaignId', element: <CampaignPage /> },
    { path: '/:tenant/c/:campaignId/checkout', element: <CheckoutPage /> },
    { path: '/:tenant/pay/:paymentId', element: <PayPage /> },
    { path: '/:tenant/orders', element: <OrdersPage /> },
    { path: '/:tenant/orders/:id', element: <OrderDetailPage /> },
    { path: '/:tenant/earnings', element: <EarningsPage /> },
    { path: '/:tenant/share', element: <SharePage /> },
    { path: '/:tenant/join/:code', element: <JoinPage /> },
    { path: '/:tenant/groups', element: <GroupsPage /> },
    { path: '/:tenant/leader/apply', element: <LeaderApplyPage /> },
    { path: '/:tenant/notices', element: <NoticesPage /> },
    { path: '/:tenant/privacy', element: <PrivacyPage /> },
    { path: '/:tenant', element: <HomePage /> },
    { path: '*', element: <Navigate to="/demo/" replace /> },
  ],
  { basename: '/m' },
);

export function App() {
  return <RouterProvider router={router} />;
}
