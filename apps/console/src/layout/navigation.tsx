import { AuditOutlined, BankOutlined, DashboardOutlined, FunnelPlotOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/messages';

/**
 * The console's navigation: groups of pages, in the order of the sider. Every later area (analysis pages, the
 * marketplace admin, customers, discovery, engagement) adds its items to its group here and its route in
 * `routes.tsx`; a group shows once it has a page. `permission` hides an item from operators who lack it.
 */
export type NavItem = { path: string; label: MessageKey; icon?: ReactNode; permission?: string };
export type NavGroup = { key: string; label: MessageKey; items: NavItem[] };

export const NAVIGATION: NavGroup[] = [
  { key: 'home', label: 'nav.overview', items: [{ path: '/', label: 'nav.overview', icon: <DashboardOutlined /> }] },
  // funnels, AIPL, retention, trends, attribution, channels, products
  {
    key: 'analysis',
    label: 'nav.analysis',
    items: [{ path: '/analysis/funnels', label: 'nav.funnels', icon: <FunnelPlotOutlined /> }],
  },
  // next: products, RFQs & quotes, orders, reviews, coupons & promotions, members, operators, sources
  {
    key: 'marketplace',
    label: 'nav.marketplace',
    items: [
      { path: '/marketplace/organizations', label: 'nav.organizations', icon: <BankOutlined /> },
      { path: '/marketplace/certification', label: 'nav.certificationQueue', icon: <AuditOutlined /> },
    ],
  },
  { key: 'customers', label: 'nav.customers', items: [] },
  { key: 'discovery', label: 'nav.discovery', items: [] },
  { key: 'engagement', label: 'nav.engagement', items: [] },
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
