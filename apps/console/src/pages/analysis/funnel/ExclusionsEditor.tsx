import { StopOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Form, Popover, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { usePreferences } from '../../../preferences/preferences';
import { type ExclusionState, isEventName, MAX_EXCLUSIONS, type StepState } from '../funnel-state';
import { STANDARD_EVENT_NAMES } from './properties';

/**
 * Exclusions: an event that, happening between step `fromStep` and step `toStep` of an entry, removes the entry.
 * Shown as closable tags; a small form adds one (event, then the two steps it must fall between).
 */
export function ExclusionsEditor({
  steps,
  exclusions,
  onChange,
}: {
  steps: StepState[];
  exclusions: ExclusionState[];
  onChange: (exclusions: ExclusionState[]) => void;
}) {
  const { t } = usePreferences();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<ExclusionState>({ event: '', fromStep: 0, toStep: 1 });
  const valid = isEventName(draft.event.trim()) && draft.toStep > draft.fromStep && draft.toStep < steps.length;
  const stepOption = (i: number) => ({
    value: i,
    label: t('funnel.exclusion.stepOption', { n: i + 1, event: steps[i]?.event ?? '' }),
  });
  const add = () => {
    if (!valid) return;
    onChange([...exclusions, { ...draft, event: draft.event.trim() }]);
    setOpen(false);
    setDraft({ event: '', fromStep: 0, toStep: 1 });
  };

  const form = (
    <Form layout="vertical" style={{ width: 320 }} onFinish={add} data-testid="funnel-exclusion-form">
      <Form.Item label={t('funnel.exclusion.event')} style={{ marginBottom: 8 }}>
        <AutoComplete
          aria-label={t('funnel.exclusion.event')}
          value={draft.event}
          options={STANDARD_EVENT_NAMES.filter((e) => e.includes(draft.event.trim())).map((e) => ({ value: e }))}
          placeholder={t('funnel.stepPlaceholder')}
          status={draft.event.trim() !== '' && !isEventName(draft.event.trim()) ? 'error' : undefined}
          onChange={(event: string) => setDraft({ ...draft, event })}
        />
      </Form.Item>
      <Form.Item label={t('funnel.exclusion.from')} style={{ marginBottom: 8 }}>
        <Select
          aria-label={t('funnel.exclusion.from')}
          value={draft.fromStep}
          options={steps.slice(0, -1).map((_, i) => stepOption(i))}
          onChange={(fromStep: number) =>
            setDraft({ ...draft, fromStep, toStep: Math.max(draft.toStep, fromStep + 1) })
          }
        />
      </Form.Item>
      <Form.Item label={t('funnel.exclusion.to')} style={{ marginBottom: 8 }}>
        <Select
          aria-label={t('funnel.exclusion.to')}
          value={draft.toStep}
          options={steps.map((_, i) => stepOption(i)).filter((o) => o.value > draft.fromStep)}
          onChange={(toStep: number) => setDraft({ ...draft, toStep })}
        />
      </Form.Item>
      <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
        <Button onClick={() => setOpen(false)}>{t('funnel.filter.cancel')}</Button>
        <Button type="primary" htmlType="submit" disabled={!valid} data-testid="funnel-exclusion-apply">
          {t('funnel.filter.apply')}
        </Button>
      </Space>
    </Form>
  );

  return (
    <Space wrap align="center" data-testid="funnel-exclusions">
      <Typography.Text>{t('funnel.exclusions')}</Typography.Text>
      {exclusions.length === 0 ? (
        <Typography.Text type="secondary">{t('funnel.exclusion.none')}</Typography.Text>
      ) : (
        exclusions.map((x, i) => (
          <Tag
            // biome-ignore lint/suspicious/noArrayIndexKey: an exclusion is its position in the list
            key={i}
            color="volcano"
            closable={{ 'aria-label': t('funnel.exclusion.remove') }}
            onClose={(e) => {
              e.preventDefault();
              onChange(exclusions.filter((_, j) => j !== i));
            }}
            data-testid={`funnel-exclusion-${i}`}
          >
            {t('funnel.exclusion.tag', { event: x.event, from: x.fromStep + 1, to: x.toStep + 1 })}
          </Tag>
        ))
      )}
      <Popover
        trigger="click"
        open={open}
        onOpenChange={setOpen}
        title={t('funnel.exclusion.hint')}
        content={form}
        placement="bottomLeft"
        destroyOnHidden
      >
        <Button
          icon={<StopOutlined />}
          data-testid="funnel-add-exclusion"
          disabled={exclusions.length >= MAX_EXCLUSIONS}
        >
          {t('funnel.exclusion.add')}
        </Button>
      </Popover>
    </Space>
  );
}
