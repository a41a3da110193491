import { Button, Result } from 'antd';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { AppLayout } from './layout/AppLayout';
import { PageSpinner } from './layout/PageSpinner';
import { usePreferences } from './preferences/preferences';
import { useSession } from './session/session';

// Every page is its own chunk: the first load carries the shell only.
const SignInPage = lazy(() => import('./session/SignInPage'));
const OverviewPage = lazy(() => import('./pages/overview/OverviewPage'));
const OrganizationsPage = lazy(() => import('./pages/marketplace/OrganizationsPage'));
const FunnelsPage = lazy(() => import('./pages/analysis/FunnelsPage'));
const OrganizationPage = lazy(() => import('./pages/marketplace/OrganizationPage'));
const CertificationQueuePage = lazy(() => import('./pages/marketplace/CertificationQueuePage'));

function NotFound() {
  const { t } = usePreferences();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('app.notFound')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('app.backHome')}
        </Button>
      }
    />
  );
}

function Protected() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <PageSpinner />;
  if (state.status === 'signed-out') {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <AppLayout viewer={state.viewer} />;
}

export function AppRoutes() {
  return (
    <Suspense fallback={<PageSpinner />}>
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route element={<Protected />}>
          <Route index element={<OverviewPage />} />
          <Route path="analysis/funnels" element={<FunnelsPage />} />
          <Route path="marketplace/organizations" element={<OrganizationsPage />} />
          <Route path="marketplace/organizations/:id" element={<OrganizationPage />} />
          <Route path="marketplace/certification" element={<CertificationQueuePage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
