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
const AiplPage = lazy(() => import('./pages/analysis/aipl/AiplPage'));
const RetentionPage = lazy(() => import('./pages/analysis/retention/RetentionPage'));
const TrendsPage = lazy(() => import('./pages/analysis/trends/TrendsPage'));
const AttributionPage = lazy(() => import('./pages/analysis/attribution/AttributionPage'));
const ChannelsPage = lazy(() => import('./pages/analysis/channels/ChannelsPage'));
const ProductPerformancePage = lazy(() => import('./pages/analysis/products/ProductPerformancePage'));
const ProductsPage = lazy(() => import('./pages/marketplace/products/ProductsPage'));
const ProductPage = lazy(() => import('./pages/marketplace/products/ProductPage'));
const RfqsPage = lazy(() => import('./pages/marketplace/rfqs/RfqsPage'));
const RfqPage = lazy(() => import('./pages/marketplace/rfqs/RfqPage'));
const OrdersPage = lazy(() => import('./pages/marketplace/orders/OrdersPage'));
const OrderPage = lazy(() => import('./pages/marketplace/orders/OrderPage'));
const NewOrderPage = lazy(() => import('./pages/marketplace/orders/NewOrderPage'));
const ContactsPage = lazy(() => import('./pages/marketplace/contacts/ContactsPage'));
const ReviewsPage = lazy(() => import('./pages/marketplace/reviews/ReviewsPage'));
const MarketingPage = lazy(() => import('./pages/marketplace/marketing/MarketingPage'));
const MemberLevelsPage = lazy(() => import('./pages/marketplace/members/MemberLevelsPage'));
const OperatorsPage = lazy(() => import('./pages/settings/operators/OperatorsPage'));
const SourcesPage = lazy(() => import('./pages/settings/sources/SourcesPage'));
const BoardsPage = lazy(() => import('./pages/boards/BoardsPage'));
const BoardPage = lazy(() => import('./pages/boards/BoardPage'));
const SavedQueriesPage = lazy(() => import('./pages/boards/SavedQueriesPage'));

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
          <Route path="boards" element={<BoardsPage />} />
          <Route path="boards/:id" element={<BoardPage />} />
          <Route path="saved-queries" element={<SavedQueriesPage />} />
          <Route path="analysis/funnels" element={<FunnelsPage />} />
          <Route path="analysis/aipl" element={<AiplPage />} />
          <Route path="analysis/retention" element={<RetentionPage />} />
          <Route path="analysis/trends" element={<TrendsPage />} />
          <Route path="analysis/attribution" element={<AttributionPage />} />
          <Route path="analysis/channels" element={<ChannelsPage />} />
          <Route path="analysis/products" element={<ProductPerformancePage />} />
          <Route path="marketplace/organizations" element={<OrganizationsPage />} />
          <Route path="marketplace/organizations/:id" element={<OrganizationPage />} />
          <Route path="marketplace/certification" element={<CertificationQueuePage />} />
          <Route path="marketplace/contacts" element={<ContactsPage />} />
          <Route path="marketplace/products" element={<ProductsPage />} />
          <Route path="marketplace/products/:id" element={<ProductPage />} />
          <Route path="marketplace/rfqs" element={<RfqsPage />} />
          <Route path="marketplace/rfqs/:id" element={<RfqPage />} />
          <Route path="marketplace/orders" element={<OrdersPage />} />
          <Route path="marketplace/orders/new" element={<NewOrderPage />} />
          <Route path="marketplace/orders/:id" element={<OrderPage />} />
          <Route path="marketplace/reviews" element={<ReviewsPage />} />
          <Route path="marketplace/marketing" element={<MarketingPage />} />
          <Route path="marketplace/members" element={<MemberLevelsPage />} />
          <Route path="settings/operators" element={<OperatorsPage />} />
          <Route path="settings/sources" element={<SourcesPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
