import { Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../../api/client';
import type { ListPage } from '../../../api/pages';
import { usePreferences } from '../../../preferences/preferences';
import { rememberOrganizationNames, useOrganizationNames } from './org-names';

type OrgBrief = { id: string; name: string; kind: string };

/**
 * An organisation chooser that searches by name on the server (`GET /api/organizations?q=`, within the operator's
 * scope); `kind` narrows it (suppliers for DSR and bundles). The chosen id's name is shown even before a search.
 */
export function OrganizationPicker({
  value,
  onChange,
  kind,
  ariaLabel,
  placeholder,
  width = 280,
  allowClear = true,
  testId,
}: {
  value?: string | undefined;
  onChange: (id: string | undefined) => void;
  kind?: 'buyer' | 'supplier';
  ariaLabel: string;
  placeholder?: string;
  width?: number;
  allowClear?: boolean;
  testId?: string;
}) {
  const { t } = usePreferences();
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<OrgBrief[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const names = useOrganizationNames(value ? [value] : []);

  useEffect(() => {
    const controller = new AbortController();
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const p = new URLSearchParams({ limit: '20' });
      if (q.trim()) p.set('q', q.trim());
      if (kind) p.set('kind', kind);
      setLoading(true);
      api<ListPage<OrgBrief>>('GET', `/api/organizations?${p}`, undefined, controller.signal).then(
        (page) => {
          rememberOrganizationNames(page.items);
          setOptions(page.items);
          setLoading(false);
        },
        () => {
          if (!controller.signal.aborted) setLoading(false);
        },
      );
    }, 250);
    return () => controller.abort();
  }, [q, kind]);

  const shown =
    options.some((o) => o.id === value) || !value
      ? options
      : [{ id: value, name: names.get(value) ?? value, kind: '' }, ...options];
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear={allowClear}
      aria-label={ariaLabel}
      data-testid={testId}
      placeholder={placeholder ?? t('mkt.orgSearch')}
      loading={loading}
      value={value}
      style={{ width }}
      notFoundContent={loading ? t('app.loading') : t('mkt.noOrganizations')}
      options={shown.map((o) => ({ value: o.id, label: o.name }))}
      onChange={(id?: string) => onChange(id || undefined)}
    />
  );
}
