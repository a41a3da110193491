import {
  ApiOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BranchesOutlined,
  CrownOutlined,
  DashboardOutlined,
  DotChartOutlined,
  FileSearchOutlined,
  FunnelPlotOutlined,
  GiftOutlined,
  HeatMapOutlined,
  LineChartOutlined,
  NodeIndexOutlined,
  ProductOutlined,
  SaveOutlined,
  ShoppingCartOutlined,
  StarOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/messages';

/**
 * The console's navigation: groups of pages, in the order of the sider. Every later area (customers, discovery,
 * engagement) adds its items to its group here and its route in `routes.tsx`; a group shows once it has a page.
 * `permission` hides an item from operators who lack it.
 */
export type NavItem = { path: string; label: MessageKey; icon?: ReactNode; permission?: string };
export type NavGroup = { key: string; label: MessageKey; items: NavItem[] };

export const NAVIGATION: NavGroup[] = [
  {
    key: 'home',
    label: 'nav.home',
    items: [
      { path: '/', label: 'nav.overview', icon: <DashboardOutlined /> },
      { path: '/boards', label: 'nav.boards', icon: <AppstoreOutlined /> },
      { path: '/saved-queries', label: 'nav.savedQueries', icon: <SaveOutlined /> },
    ],
  },
  {
    key: 'analysis',
    label: 'nav.analysis',
    items: [
      { path: '/analysis/funnels', label: 'nav.funnels', icon: <FunnelPlotOutlined /> },
      { path: '/analysis/aipl', label: 'nav.aipl', icon: <BranchesOutlined /> },
      { path: '/analysis/retention', label: 'nav.retention', icon: <HeatMapOutlined /> },
      { path: '/analysis/trends', label: 'nav.trends', icon: <LineChartOutlined /> },
      { path: '/analysis/attribution', label: 'nav.attribution', icon: <NodeIndexOutlined /> },
      { path: '/analysis/channels', label: 'nav.channels', icon: <DotChartOutlined /> },
      { path: '/analysis/products', label: 'nav.productPerformance', icon: <BarChartOutlined /> },
    ],
  },
  {
    key: 'marketplace',
    label: 'nav.marketplace',
    items: [
      { path: '/marketplace/organizations', label: 'nav.organizations', icon: <BankOutlined /> },
      { path: '/marketplace/certification', label: 'nav.certificationQueue', icon: <AuditOutlined /> },
      { path: '/marketplace/contacts', label: 'nav.contacts', icon: <UserOutlined /> },
      { path: '/marketplace/products', label: 'nav.products', icon: <ProductOutlined /> },
      { path: '/marketplace/rfqs', label: 'nav.rfqs', icon: <FileSearchOutlined /> },
      { path: '/marketplace/orders', label: 'nav.orders', icon: <ShoppingCartOutlined /> },
      { path: '/marketplace/reviews', label: 'nav.reviews', icon: <StarOutlined /> },
      { path: '/marketplace/marketing', label: 'nav.marketing', icon: <GiftOutlined /> },
      { path: '/marketplace/members', label: 'nav.members', icon: <CrownOutlined /> },
    ],
  },
  { key: 'customers', label: 'nav.customers', items: [] },
  { key: 'discovery', label: 'nav.discovery', items: [] },
  { key: 'engagement', label: 'nav.engagement', items: [] },
  {
    key: 'settings',
    label: 'nav.settings',
    items: [
      { path: '/settings/operators', label: 'nav.operators', icon: <TeamOutlined />, permission: 'operator:manage' },
      { path: '/settings/sources', label: 'nav.sources', icon: <ApiOutlined />, permission: 'operator:manage' },
    ],
  },
];
/** The groups and items an operator sees: items they may open, groups that have any. */
export function visibleNavigation(groups: NavGroup[], permissions: readonly string[]): NavGroup[] {
  const may = (p?: string) => p === undefined || permissions.includes('*') || permissions.includes(p);
  return groups
    .map((g) => ({ ...g, items: g.items.filter((i) => may(i.permission)) }))
    .filter((g) => g.items.length > 0);
}

/** The nav item whose path is the longest prefix of the location (so sub-pages keep their item selected). */
export function selectedPath(groups: NavGroup[], pathname: string): string | undefined {
  let best: string | undefined;
  for (const g of groups) {
    for (const i of g.items) {
      const hit = i.path === '/' ? pathname === '/' : pathname === i.path || pathname.startsWith(`${i.path}/`);
      if (hit && (best === undefined || i.path.length > best.length)) best = i.path;
    }
  }
  return best;
}
