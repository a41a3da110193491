import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Space, Tag, Tooltip, Typography } from 'antd';
import { usePreferences } from '../../../preferences/preferences';
import { MAX_FILTERS, MAX_STEPS, MIN_STEPS, type StepState } from '../funnel-state';
import { FilterPopover } from './FilterPopover';
import { filterText } from './format';
import { EventInput } from './StepInput';

/**
 * The funnel's steps: each an event with its filters (closable tags and an "add filter" form), moved up and down,
 * removed, or added at the end. Filters belong to their step and move with it.
 */
export function StepsEditor({
  steps,
  onChange,
  onRemove,
}: {
  steps: StepState[];
  onChange: (steps: StepState[]) => void;
  onRemove: (index: number) => void;
}) {
  const { t } = usePreferences();
  const setStep = (i: number, patch: Partial<StepState>) =>
    onChange(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const swap = (i: number, j: number) => {
    const next = [...steps];
    [next[i], next[j]] = [next[j] as StepState, next[i] as StepState];
    onChange(next);
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {steps.map((step, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: steps are positions; the same event may appear twice
        <div key={i} data-testid={`funnel-step-row-${i}`}>
          <Space wrap>
            <Typography.Text style={{ display: 'inline-block', width: 64 }}>
              {t('funnel.step', { n: i + 1 })}
            </Typography.Text>
            <EventInput
              value={step.event}
              label={t('funnel.step', { n: i + 1 })}
              testId={`funnel-step-${i}`}
              onCommit={(event) => setStep(i, { event })}
            />
            <FilterPopover
              event={step.event}
              buttonLabel={t('funnel.filter.addFor', { n: i + 1 })}
              testId={`funnel-add-filter-${i}`}
              disabled={step.filters.length >= MAX_FILTERS}
              onAdd={(f) => setStep(i, { filters: [...step.filters, f] })}
            />
            <Tooltip title={t('funnel.moveUp')}>
              <Button
                aria-label={t('funnel.moveUp')}
                icon={<ArrowUpOutlined />}
                disabled={i === 0}
                onClick={() => swap(i, i - 1)}
              />
            </Tooltip>
            <Tooltip title={t('funnel.moveDown')}>
              <Button
                aria-label={t('funnel.moveDown')}
                icon={<ArrowDownOutlined />}
                disabled={i === steps.length - 1}
                onClick={() => swap(i, i + 1)}
              />
            </Tooltip>
            <Tooltip title={t('funnel.removeStep')}>
              <Button
                aria-label={t('funnel.removeStep')}
                icon={<DeleteOutlined />}
                disabled={steps.length <= MIN_STEPS}
                onClick={() => onRemove(i)}
              />
            </Tooltip>
          </Space>
          {step.filters.length ? (
            <div style={{ margin: '6px 0 0 72px' }} data-testid={`funnel-filters-${i}`}>
              {step.filters.map((f, k) => (
                <Tag
                  // biome-ignore lint/suspicious/noArrayIndexKey: a filter is its position in the step
                  key={k}
                  color="blue"
                  closable={{ 'aria-label': t('funnel.filter.remove') }}
                  onClose={(e) => {
                    e.preventDefault();
                    setStep(i, { filters: step.filters.filter((_, m) => m !== k) });
                  }}
                  style={{ marginBottom: 4 }}
                >
                  {filterText(f, t)}
                </Tag>
              ))}
            </div>
          ) : null}
        </div>
      ))}
      <Button
        icon={<PlusOutlined />}
        data-testid="funnel-add-step"
        disabled={steps.length >= MAX_STEPS}
        onClick={() => onChange([...steps, { event: '', filters: [] }])}
      >
        {t('funnel.addStep')}
      </Button>
    </Space>
  );
}
