import { Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../../api/client';
import type { ListPage } from '../../../api/pages';
import { usePreferences } from '../../../preferences/preferences';
import type { ProductBrief } from './types';

/**
 * A product chooser that searches the catalogue on the server (`GET /api/products?q=`, title substring); bundles
 * pass `supplierId` so every item comes from the first item's supplier. Picked products are reported with their
 * brief (supplier, unit, price tiers) so forms can default prices.
 */
export function ProductPicker({
  value,
  onChange,
  supplierId,
  ariaLabel,
  testId,
  onPicked,
}: {
  value?: string;
  onChange?: (id: string) => void;
  supplierId?: string | undefined;
  ariaLabel: string;
  testId?: string;
  onPicked?: (p: ProductBrief) => void;
}) {
  const { t } = usePreferences();
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<ProductBrief[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const p = new URLSearchParams({ limit: '20', status: 'active' });
      if (q.trim()) p.set('q', q.trim());
      if (supplierId) p.set('supplierId', supplierId);
      setLoading(true);
      api<ListPage<ProductBrief>>('GET', `/api/products?${p}`, undefined, controller.signal).then(
        (page) => {
          setOptions(page.items);
          setLoading(false);
        },
        () => {
          if (!controller.signal.aborted) setLoading(false);
        },
      );
    }, 250);
    return () => controller.abort();
  }, [q, supplierId]);

  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      aria-label={ariaLabel}
      data-testid={testId}
      placeholder={t('mkt.productSearch')}
      loading={loading}
      value={value}
      style={{ width: '100%' }}
      notFoundContent={loading ? t('app.loading') : t('mkt.noProducts')}
      options={options.map((p) => ({ value: p.id, label: p.title }))}
      onChange={(id: string) => {
        onChange?.(id);
        const picked = options.find((p) => p.id === id);
        if (picked) onPicked?.(picked);
      }}
    />
  );
}
