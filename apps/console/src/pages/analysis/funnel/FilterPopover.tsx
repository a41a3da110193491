import { FilterOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Form, Input, Popover, Select, Space } from 'antd';
import { useState } from 'react';
import type { MessageKey } from '../../../i18n/messages';
import { usePreferences } from '../../../preferences/preferences';
import { type FilterState, isValidFilter } from '../funnel-state';
import { operatorValue, propertySuggestions } from './properties';
import { FILTER_OPERATORS, type FilterOperator, PROPERTY_SOURCES, type PropertySource } from './types';

type Draft = { source: PropertySource; name: string; operator: FilterOperator; value: string; values: string[] };
const EMPTY: Draft = { source: 'event', name: '', operator: 'eq', value: '', values: [] };

export function draftToFilter(d: Draft): FilterState {
  const kind = operatorValue(d.operator);
  return {
    property: { source: d.source, name: d.name.trim() },
    operator: d.operator,
    value: kind === 'none' ? null : kind === 'list' ? d.values.map((v) => v.trim()).filter(Boolean) : d.value.trim(),
  };
}

/**
 * "Add a filter" for one step's event: property (source and name), operator and value in a small form; only a
 * complete filter is added (and so reaches the URL and the query).
 */
export function FilterPopover({
  event,
  buttonLabel,
  testId,
  disabled,
  onAdd,
}: {
  /** The step's event, for suggesting its properties. */
  event: string;
  buttonLabel: string;
  testId: string;
  disabled?: boolean;
  onAdd: (f: FilterState) => void;
}) {
  const { t } = usePreferences();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const filter = draftToFilter(draft);
  const valid = isValidFilter(filter);
  const kind = operatorValue(draft.operator);
  const badNumber = kind === 'number' && draft.value.trim() !== '' && !Number.isFinite(Number(draft.value.trim()));
  const names = propertySuggestions(draft.source, event);
  const closed = draft.source === 'event_field' || draft.source === 'organization';
  const add = () => {
    if (!valid) return;
    onAdd(filter);
    setOpen(false);
    setDraft(EMPTY);
  };

  const content = (
    <Form layout="vertical" style={{ width: 320 }} data-testid={`${testId}-form`} onFinish={add}>
      <Form.Item label={t('funnel.filter.source')} style={{ marginBottom: 8 }}>
        <Select
          aria-label={t('funnel.filter.source')}
          value={draft.source}
          options={PROPERTY_SOURCES.map((s) => ({ value: s, label: t(`funnel.source.${s}` as MessageKey) }))}
          onChange={(source: PropertySource) => setDraft({ ...draft, source, name: '' })}
        />
      </Form.Item>
      <Form.Item label={t('funnel.filter.property')} style={{ marginBottom: 8 }}>
        {closed ? (
          <Select
            aria-label={t('funnel.filter.property')}
            showSearch
            value={draft.name || undefined}
            options={names.map((n) => ({
              value: n,
              label: draft.source === 'organization' ? t(`funnel.org.${n}` as MessageKey) : n,
            }))}
            onChange={(name: string) => setDraft({ ...draft, name })}
          />
        ) : (
          <AutoComplete
            aria-label={t('funnel.filter.property')}
            value={draft.name}
            options={names.filter((n) => n.toLowerCase().includes(draft.name.toLowerCase())).map((n) => ({ value: n }))}
            onChange={(name: string) => setDraft({ ...draft, name })}
          />
        )}
      </Form.Item>
      <Form.Item label={t('funnel.filter.operator')} style={{ marginBottom: 8 }}>
        <Select
          aria-label={t('funnel.filter.operator')}
          value={draft.operator}
          options={FILTER_OPERATORS.map((o) => ({ value: o, label: t(`funnel.op.${o}` as MessageKey) }))}
          onChange={(operator: FilterOperator) => setDraft({ ...draft, operator })}
        />
      </Form.Item>
      {kind === 'none' ? null : kind === 'list' ? (
        <Form.Item label={t('funnel.filter.values')} style={{ marginBottom: 8 }}>
          <Select
            aria-label={t('funnel.filter.values')}
            mode="tags"
            open={false}
            value={draft.values}
            tokenSeparators={[',', '，']}
            onChange={(values: string[]) => setDraft({ ...draft, values })}
          />
        </Form.Item>
      ) : (
        <Form.Item
          label={t('funnel.filter.value')}
          style={{ marginBottom: 8 }}
          validateStatus={badNumber ? 'error' : undefined}
          help={badNumber ? t('funnel.filter.needNumber') : undefined}
        >
          <Input
            aria-label={t('funnel.filter.value')}
            value={draft.value}
            inputMode={kind === 'number' ? 'decimal' : undefined}
            onChange={(e) => setDraft({ ...draft, value: e.target.value })}
            onPressEnter={add}
          />
        </Form.Item>
      )}
      <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
        <Button onClick={() => setOpen(false)}>{t('funnel.filter.cancel')}</Button>
        <Button type="primary" htmlType="submit" disabled={!valid} data-testid={`${testId}-apply`}>
          {t('funnel.filter.apply')}
        </Button>
      </Space>
    </Form>
  );

  return (
    <Popover
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      title={t('funnel.filter.title')}
      content={content}
      placement="bottomLeft"
      destroyOnHidden
    >
      <Button icon={<FilterOutlined />} aria-label={buttonLabel} data-testid={testId} disabled={disabled}>
        {t('funnel.filter.add')}
      </Button>
    </Popover>
  );
}
