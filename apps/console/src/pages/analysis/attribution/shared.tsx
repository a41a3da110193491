import { Alert, Button, DatePicker } from 'antd';
import dayjs from 'dayjs';
import type { MessageKey } from '../../../i18n/messages';
import { type DayRange, lastDays } from '../../../lib/period';
import { usePreferences } from '../../../preferences/preferences';

/**
 * Pieces the three analysis-model pages (attribution, channel quadrant, product performance) share: the date
 * range field with its presets and the in-place error with the server's message and a retry.
 */

export function RangeField({
  range,
  todayDay,
  label,
  onChange,
}: {
  range: DayRange;
  todayDay: string;
  label: string;
  onChange: (r: DayRange) => void;
}) {
  const { t } = usePreferences();
  const presets = [30, 90, 180, 365].map((n) => {
    const r = lastDays(todayDay, n);
    return {
      label: t(`analysisModels.last${n}` as MessageKey),
      value: [dayjs(r.from), dayjs(r.to)] as [dayjs.Dayjs, dayjs.Dayjs],
    };
  });
  return (
    <DatePicker.RangePicker
      aria-label={label}
      allowClear={false}
      value={[dayjs(range.from), dayjs(range.to)]}
      presets={presets}
      disabledDate={(d) => d.format('YYYY-MM-DD') > todayDay}
      onChange={(values) => {
        const [from, to] = values ?? [];
        if (from && to) onChange({ from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') });
      }}
    />
  );
}

export function QueryError({ error, retry, testId }: { error: Error; retry: () => void; testId?: string }) {
  const { t } = usePreferences();
  return (
    <Alert
      type="error"
      showIcon
      title={t('analysisModels.error')}
      description={error.message}
      data-testid={testId}
      action={
        <Button size="small" onClick={retry}>
          {t('analysisModels.retry')}
        </Button>
      }
    />
  );
}

export const percent = (v: number | null | undefined, locale: string, digits = 1) =>
  v === null || v === undefined || !Number.isFinite(v)
    ? '—'
    : new Intl.NumberFormat(locale, {
        style: 'percent',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(v);

/** Fractional credit (linear, time decay, Markov): up to two decimals. */
export const decimal = (v: number | null | undefined, locale: string, digits = 2) =>
  v === null || v === undefined || !Number.isFinite(v)
    ? '—'
    : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v);
