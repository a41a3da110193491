import { Button, Result } from 'antd';
import { type ComponentType, lazy, Suspense, useEffect } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { AppLayout } from './layout/AppLayout';
import { PageSpinner } from './layout/PageSpinner';
import { usePreferences } from './preferences/preferences';
import { useSession } from './session/session';

// Every page is its own chunk: the first load carries the shell only. Once the console is idle after sign-in, the
// other pages' chunks are fetched in the background (prefetchPages), so opening one from the sider does not wait on
// the network.
const importers: (() => Promise<unknown>)[] = [];
function page(load: () => Promise<{ default: ComponentType }>): ComponentType {
  // Once the chunk is in (prefetched or visited), the page renders at once; React.lazy alone would still suspend
  // for a turn on its first render and show the spinner between the click and the page.
  let loaded: ComponentType | null = null;
  const loadAndKeep = () =>
    load().then((m) => {
      loaded = m.default;
      return m;
    });
  importers.push(loadAndKeep);
  const Lazy = lazy(loadAndKeep);
  return function Page() {
    const Loaded = loaded;
    return Loaded ? <Loaded /> : <Lazy />;
  };
}

/** Fetches every page's chunk (each once; the browser caches them); marks `tl:prefetched` when all are in. */
export function prefetchPages(): void {
  // A failed prefetch is simply retried by the navigation that needs it.
  Promise.allSettled(importers.map((load) => load())).then(() => performance.mark('tl:prefetched'));
}
const SignInPage = page(() => import('./session/SignInPage'));
const OverviewPage = page(() => import('./pages/overview/OverviewPage'));
const OrganizationsPage = page(() => import('./pages/marketplace/OrganizationsPage'));
const FunnelsPage = page(() => import('./pages/analysis/FunnelsPage'));
const OrganizationPage = page(() => import('./pages/marketplace/OrganizationPage'));
const CertificationQueuePage = page(() => import('./pages/marketplace/CertificationQueuePage'));
const AiplPage = page(() => import('./pages/analysis/aipl/AiplPage'));
const RetentionPage = page(() => import('./pages/analysis/retention/RetentionPage'));
const TrendsPage = page(() => import('./pages/analysis/trends/TrendsPage'));
const AttributionPage = page(() => import('./pages/analysis/attribution/AttributionPage'));
const ChannelsPage = page(() => import('./pages/analysis/channels/ChannelsPage'));
const ProductPerformancePage = page(() => import('./pages/analysis/products/ProductPerformancePage'));
const ProductsPage = page(() => import('./pages/marketplace/products/ProductsPage'));
const ProductPage = page(() => import('./pages/marketplace/products/ProductPage'));
const RfqsPage = page(() => import('./pages/marketplace/rfqs/RfqsPage'));
const RfqPage = page(() => import('./pages/marketplace/rfqs/RfqPage'));
const OrdersPage = page(() => import('./pages/marketplace/orders/OrdersPage'));
const OrderPage = page(() => import('./pages/marketplace/orders/OrderPage'));
const NewOrderPage = page(() => import('./pages/marketplace/orders/NewOrderPage'));
const ContactsPage = page(() => import('./pages/marketplace/contacts/ContactsPage'));
const ReviewsPage = page(() => import('./pages/marketplace/reviews/ReviewsPage'));
const MarketingPage = page(() => import('./pages/marketplace/marketing/MarketingPage'));
const MemberLevelsPage = page(() => import('./pages/marketplace/members/MemberLevelsPage'));
const OperatorsPage = page(() => import('./pages/settings/operators/OperatorsPage'));
const SourcesPage = page(() => import('./pages/settings/sources/SourcesPage'));
const BoardsPage = page(() => import('./pages/boards/BoardsPage'));
const BoardPage = page(() => import('./pages/boards/BoardPage'));
const SavedQueriesPage = page(() => import('./pages/boards/SavedQueriesPage'));

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

function SignedIn({ viewer }: { viewer: Parameters<typeof AppLayout>[0]['viewer'] }) {
  // Prefetch once the first page has its data on screen (its `tl:ready:` mark), or after 4 s: earlier, the chunks
  // would compete with the page the operator is waiting for.
  useEffect(() => {
    let done = false;
    const start = () => {
      if (done) return;
      done = true;
      observer?.disconnect();
      window.clearTimeout(timer);
      prefetchPages();
    };
    const ready = () => performance.getEntriesByType('mark').some((m) => m.name.startsWith('tl:ready:'));
    const observer =
      typeof PerformanceObserver === 'undefined'
        ? undefined
        : new PerformanceObserver(() => {
            if (ready()) start();
          });
    observer?.observe({ type: 'mark' });
    const timer = window.setTimeout(start, 4000);
    if (ready()) start();
    return () => {
      done = true;
      observer?.disconnect();
      window.clearTimeout(timer);
    };
  }, []);
  return <AppLayout viewer={viewer} />;
}

function Protected() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <PageSpinner />;
  if (state.status === 'signed-out') {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <SignedIn viewer={state.viewer} />;
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
