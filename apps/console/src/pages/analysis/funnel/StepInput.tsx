import { AutoComplete } from 'antd';
import { useEffect, useState } from 'react';
import { usePreferences } from '../../../preferences/preferences';
import { isEventName } from '../funnel-state';
import { STANDARD_EVENT_NAMES } from './properties';

/**
 * An event name: pick a standard event or type any name. The draft is local; it reaches the URL (and the query)
 * on picking, Enter or leaving the field, so typing does not send a query per keystroke.
 */
export function EventInput({
  value,
  label,
  testId,
  width = 240,
  onCommit,
}: {
  value: string;
  /** The accessible name (the field has no visible label of its own). */
  label: string;
  testId?: string;
  width?: number;
  onCommit: (v: string) => void;
}) {
  const { t } = usePreferences();
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const options = STANDARD_EVENT_NAMES.filter((e) => e.includes(draft.trim()) || draft === value).map((e) => ({
    value: e,
  }));
  const commit = (v: string) => {
    if (v.trim() !== value) onCommit(v.trim());
  };
  return (
    <AutoComplete
      aria-label={label}
      data-testid={testId}
      style={{ width }}
      value={draft}
      options={options}
      placeholder={t('funnel.stepPlaceholder')}
      status={draft.trim() !== '' && !isEventName(draft.trim()) ? 'error' : undefined}
      onChange={(v: string) => setDraft(v)}
      onSelect={(v: string) => {
        setDraft(v);
        commit(v);
      }}
      onBlur={() => commit(draft)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit(draft);
      }}
    />
  );
}
