import { Card, Tabs, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { usePageMarks } from '../../../lib/perf';
import { usePreferences } from '../../../preferences/preferences';
import { useSession } from '../../../session/session';
import { hasPermission } from '../certification';
import { BundlesTab } from './BundlesTab';
import { CouponsTab } from './CouponsTab';
import {
  MARKETING_TABS,
  type MarketingState,
  type MarketingTab,
  marketingStateFromParams,
  marketingStateToParams,
} from './marketing';
import { PromotionsTab } from './PromotionsTab';

/**
 * Marketplace → coupons, promotions and bundles: one tab each (the tab, status filter and page in the URL), with
 * create forms and enable/disable for operators with `marketing:write`.
 */
export default function MarketingPage() {
  const { t } = usePreferences();
  const { state: session } = useSession();
  const [params, setParams] = useSearchParams();
  const state = marketingStateFromParams(params);
  const canWrite = session.status === 'signed-in' && hasPermission(session.viewer.permissions, 'marketing:write');
  const [ready, setReady] = useState(false);
  const onLoaded = useCallback(() => setReady(true), []);
  usePageMarks('marketing', ready);

  // Any change but paging starts again at page 1.
  const update = (patch: Partial<MarketingState>) => {
    const next: MarketingState = { ...state, page: 1, ...patch };
    for (const k of ['status', 'code'] as const) if (next[k] === undefined) delete next[k];
    setParams(marketingStateToParams(next));
  };
  const tabProps = { state, update, canWrite, onLoaded };

  return (
    <div data-testid="marketing" style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('mkt.title')}
      </Typography.Title>
      <Card size="small">
        <Tabs
          activeKey={state.tab}
          onChange={(key) => setParams(marketingStateToParams({ tab: key as MarketingTab, page: 1, size: state.size }))}
          items={MARKETING_TABS.map((tab) => ({
            key: tab,
            label: t(`mkt.tab.${tab}`),
            children:
              tab !== state.tab ? null : tab === 'coupons' ? (
                <CouponsTab {...tabProps} />
              ) : tab === 'promotions' ? (
                <PromotionsTab {...tabProps} />
              ) : (
                <BundlesTab {...tabProps} />
              ),
          }))}
        />
      </Card>
    </div>
  );
}
