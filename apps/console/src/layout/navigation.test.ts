import { describe, expect, it } from 'vitest';
import { type NavGroup, selectedPath, visibleNavigation } from './navigation';

const groups: NavGroup[] = [
  { key: 'home', label: 'nav.overview', items: [{ path: '/', label: 'nav.overview' }] },
  { key: 'analysis', label: 'nav.analysis', items: [{ path: '/analysis/funnels', label: 'nav.analysis' }] },
  {
    key: 'marketplace',
    label: 'nav.marketplace',
    items: [{ path: '/marketplace/operators', label: 'nav.marketplace', permission: 'operator:manage' }],
  },
  { key: 'engagement', label: 'nav.engagement', items: [] },
];

describe('navigation', () => {
  it('hides items the operator may not open, and groups left without items', () => {
    expect(visibleNavigation(groups, ['order:write']).map((g) => g.key)).toEqual(['home', 'analysis']);
    expect(visibleNavigation(groups, ['operator:manage']).map((g) => g.key)).toEqual([
      'home',
      'analysis',
      'marketplace',
    ]);
  });

  it('selects the item whose path is the longest prefix of the location', () => {
    expect(selectedPath(groups, '/')).toBe('/');
    expect(selectedPath(groups, '/analysis/funnels/42')).toBe('/analysis/funnels');
    expect(selectedPath(groups, '/analysis/funnelsx')).toBeUndefined();
  });
});
