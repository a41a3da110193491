import { Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { usePreferences } from '../../../preferences/preferences';
import { searchOrganizations, useOrgNames } from './lookups';
import type { OrgSummary } from './types';

/**
 * A searchable organisation picker over the server's name search (`GET /api/organizations?q=&kind=`): the lists are
 * too long to load whole (thousands of buyers in the medium demo). The chosen id's name comes from the shared cache.
 */
export function OrgPicker({
  kind,
  value,
  onChange,
  label,
  width = 240,
  allowClear = true,
  status,
  testId,
  placeholder,
}: {
  kind: 'buyer' | 'supplier';
  value: string | undefined;
  onChange: (id: string | undefined) => void;
  label: string;
  width?: number | string;
  allowClear?: boolean;
  status?: 'error';
  testId?: string;
  placeholder?: string;
}) {
  const { t } = usePreferences();
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<OrgSummary[]>([]);
  const [loading, setLoading] = useState(false);
  const opened = useRef(false);
  const [open, setOpen] = useState(false);
  // The chosen organisation's name, also when the page opens from a link that holds only its id.
  const name = useOrgNames([value]);

  useEffect(() => {
    if (!open && !opened.current) return;
    opened.current = true;
    const controller = new AbortController();
    setLoading(true);
    // A short pause so typing a name asks the server once, not once per keystroke.
    const timer = setTimeout(() => {
      searchOrganizations(query, kind, controller.signal).then(
        (items) => {
          setOptions(items);
          setLoading(false);
        },
        () => {
          if (!controller.signal.aborted) setLoading(false);
        },
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, kind, open]);

  const shown = options.map((o) => ({ value: o.id, label: o.name }));
  if (value && !shown.some((o) => o.value === value)) shown.unshift({ value, label: name(value) ?? '…' });

  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQuery }}
      aria-label={label}
      data-testid={testId}
      placeholder={placeholder ?? t('trade.searchOrg')}
      style={{ width }}
      value={value}
      allowClear={allowClear}
      status={status}
      options={shown}
      onOpenChange={setOpen}
      notFoundContent={loading ? <Spin size="small" /> : t('trade.noOrg')}
      onChange={(v: string | undefined) => onChange(v || undefined)}
    />
  );
}
