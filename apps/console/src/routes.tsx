import { Button, Result } from 'antd';
import { type ComponentType, lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { AppLayout } from './layout/AppLayout';
import { PageSpinner } from './layout/PageSpinner';
import { StyleWarmup } from './layout/StyleWarmup';
import { usePreferences } from './preferences/preferences';
import { useSession } from './session/session';

// Every page is its own chunk: the first load carries the shell only. Once the console is idle after sign-in, the
// other pages' chunks are fetched in the background (prefetchPages), so opening one from the sider does not wait on
// the network.
const importers: (() => Promise<unknown>)[] = [];
type PageSlot = { loaded: ComponentType | null; lazy: ComponentType };
function page(load: () => Promise<{ default: ComponentType }>): PageSlot {
  const loaded: { current: ComponentType | null } = { current: null };
  const loadAndKeep = () =>
    load().then((m) => {
      loaded.current = m.default;
      return m;
    });
  importers.push(loadAndKeep);
  return {
    get loaded() {
      return loaded.current;
    },
    lazy: lazy(loadAndKeep),
  };
}

/**
 * A page by its slot: once the chunk is in (prefetched or visited) it renders at once; React.lazy alone would still
 * suspend for a turn on its first render and show the spinner between the click and the page.
 */
function PageOf({ slot }: { slot: PageSlot }) {
  const Loaded = slot.loaded;
  if (Loaded) return <Loaded />;
  const Lazy = slot.lazy;
  return <Lazy />;
}

/** Fetches every page's chunk (each once; the browser caches them); resolves when all are in. */
export async function prefetchPages(): Promise<void> {
  // A failed prefetch is simply retried by the navigation that needs it.
  await Promise.allSettled(importers.map((load) => load()));
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
  // Once the first page has its data: fetch the other pages' chunks, then write Ant Design's styles ahead of the
  // first click (StyleWarmup), then mark `tl:prefetched` (the performance test clicks after it).
  const [warmup, setWarmup] = useState<'waiting' | 'rendering' | 'done'>('waiting');
  const warmedUp = useCallback(() => setWarmup('done'), []);
  useEffect(() => {
    if (warmup === 'done') performance.mark('tl:prefetched');
  }, [warmup]);
  // Prefetch once the first page has its data on screen (its `tl:ready:` mark), or after 4 s: earlier, the chunks
  // would compete with the page the operator is waiting for.
  useEffect(() => {
    let done = false;
    const start = () => {
      if (done) return;
      done = true;
      observer?.disconnect();
      window.clearTimeout(timer);
      prefetchPages().then(() => setWarmup('rendering'));
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
  return (
    <>
      <AppLayout viewer={viewer} />
      {warmup === 'waiting' ? null : <StyleWarmup onDone={warmedUp} />}
    </>
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
  return <SignedIn viewer={state.viewer} />;
}

export function AppRoutes() {
  return (
    <Suspense fallback={<PageSpinner />}>
      <Routes>
        <Route path="/sign-in" element={<PageOf slot={SignInPage} />} />
        <Route element={<Protected />}>
          <Route index element={<PageOf slot={OverviewPage} />} />
          <Route path="boards" element={<PageOf slot={BoardsPage} />} />
          <Route path="boards/:id" element={<PageOf slot={BoardPage} />} />
          <Route path="saved-queries" element={<PageOf slot={SavedQueriesPage} />} />
          <Route path="analysis/funnels" element={<PageOf slot={FunnelsPage} />} />
          <Route path="analysis/aipl" element={<PageOf slot={AiplPage} />} />
          <Route path="analysis/retention" element={<PageOf slot={RetentionPage} />} />
          <Route path="analysis/trends" element={<PageOf slot={TrendsPage} />} />
          <Route path="analysis/attribution" element={<PageOf slot={AttributionPage} />} />
          <Route path="analysis/channels" element={<PageOf slot={ChannelsPage} />} />
          <Route path="analysis/products" element={<PageOf slot={ProductPerformancePage} />} />
          <Route path="marketplace/organizations" element={<PageOf slot={OrganizationsPage} />} />
          <Route path="marketplace/organizations/:id" element={<PageOf slot={OrganizationPage} />} />
          <Route path="marketplace/certification" element={<PageOf slot={CertificationQueuePage} />} />
          <Route path="marketplace/contacts" element={<PageOf slot={ContactsPage} />} />
          <Route path="marketplace/products" element={<PageOf slot={ProductsPage} />} />
          <Route path="marketplace/products/:id" element={<PageOf slot={ProductPage} />} />
          <Route path="marketplace/rfqs" element={<PageOf slot={RfqsPage} />} />
          <Route path="marketplace/rfqs/:id" element={<PageOf slot={RfqPage} />} />
          <Route path="marketplace/orders" element={<PageOf slot={OrdersPage} />} />
          <Route path="marketplace/orders/new" element={<PageOf slot={NewOrderPage} />} />
          <Route path="marketplace/orders/:id" element={<PageOf slot={OrderPage} />} />
          <Route path="marketplace/reviews" element={<PageOf slot={ReviewsPage} />} />
          <Route path="marketplace/marketing" element={<PageOf slot={MarketingPage} />} />
          <Route path="marketplace/members" element={<PageOf slot={MemberLevelsPage} />} />
          <Route path="settings/operators" element={<PageOf slot={OperatorsPage} />} />
          <Route path="settings/sources" element={<PageOf slot={SourcesPage} />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
