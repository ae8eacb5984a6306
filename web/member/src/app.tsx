import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { LoginPage } from './pages/login-page';
import { HomePage } from './pages/home-page';

/** `/m/` alone (or an unknown path) opens the demo brand's pages. */
const router = createBrowserRouter(
  [
    { path: '/', element: <Navigate to="/demo/" replace /> },
    { path: '/:tenant/login', element: <LoginPage /> },
    { path: '/:tenant', element: <HomePage /> },
    { path: '*', element: <Navigate to="/demo/" replace /> },
  ],
  { basename: '/m' },
);

export function App() {
  return <RouterProvider router={router} />;
}
