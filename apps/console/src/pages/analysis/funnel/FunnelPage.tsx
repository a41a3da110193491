import { Alert, Card, Divider, Space, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { today } from '../../../lib/dates';
import { usePageMarks } from '../../../lib/perf';
import { usePreferences } from '../../../preferences/preferences';
import { type FunnelState, funnelQuery, paramsFromState, removeStep, stateFromParams } from '../funnel-state';
import { ExclusionsEditor } from './ExclusionsEditor';
import { FunnelResults } from './FunnelResults';
import { SettingsForm } from './SettingsForm';
import { StepsEditor } from './StepsEditor';

/**
 * The funnel builder (issue 6): steps with property filters, exclusions, window, order, person/organisation,
 * breakdown, trend period and date range, all in the URL; below it the answer (FunnelResults).
 */
export default function FunnelPage() {
  const { t } = usePreferences();
  const [params, setParams] = useSearchParams();
  const todayDay = today();
  const state = stateFromParams(params, todayDay);
  // useAnalyticsQuery compares nodes as JSON, so a fresh node per render does not re-run the query.
  const node = funnelQuery(state);
  const [shown, setShown] = useState(false);
  usePageMarks('funnels', shown);
  const onShown = useCallback(() => setShown(true), []);

  const set = (next: FunnelState) => setParams(paramsFromState(next));
  const update = (patch: Partial<FunnelState>) => set({ ...state, ...patch });

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="funnels">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('funnel.title')}
      </Typography.Title>

      <Card size="small" title={t('funnel.steps')} data-testid="funnel-builder">
        <StepsEditor
          steps={state.steps}
          onChange={(steps) => update({ steps, dropStep: Math.min(state.dropStep, steps.length - 1) })}
          onRemove={(i) => set(removeStep(state, i))}
        />
        <Divider style={{ margin: '16px 0 12px' }} />
        <ExclusionsEditor
          steps={state.steps}
          exclusions={state.exclusions}
          onChange={(exclusions) => update({ exclusions })}
        />
        <SettingsForm state={state} today={todayDay} update={update} />
      </Card>

      {node ? (
        <FunnelResults
          node={node}
          dropStep={state.dropStep}
          onDropStep={(dropStep) => update({ dropStep })}
          dropValue={state.dropValue}
          onDropValue={(dropValue) => update({ dropValue })}
          onShown={onShown}
        />
      ) : (
        <Alert type="info" showIcon title={t('funnel.invalidStep')} data-testid="funnel-invalid" />
      )}
    </Space>
  );
}
