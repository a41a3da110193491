import { describe, expect, it } from 'vitest';
import { applyTableState, tableStateFromParams, tableStateToParams } from './table-state';

type Row = { name: string; gmv: number | null; region: string };
const rows: Row[] = [
  { name: '宝钢', gmv: 300, region: 'east' },
  { name: 'Acme', gmv: null, region: 'north' },
  { name: '鞍钢', gmv: 1200, region: 'north' },
  { name: 'beta', gmv: 50, region: 'east' },
];
const columns = [
  { key: 'name', value: (r: Row) => r.name },
  { key: 'gmv', value: (r: Row) => r.gmv },
  { key: 'region', value: (r: Row) => r.region },
];
const zh = new Intl.Collator('zh-CN');

describe('applyTableState', () => {
  it('sorts numbers numerically with nulls last in both directions', () => {
    const asc = applyTableState(rows, columns, { q: '', sort: { key: 'gmv', dir: 'ascend' }, filters: {} }, zh);
    expect(asc.map((r) => r.gmv)).toEqual([50, 300, 1200, null]);
    const desc = applyTableState(rows, columns, { q: '', sort: { key: 'gmv', dir: 'descend' }, filters: {} }, zh);
    expect(desc.map((r) => r.gmv)).toEqual([1200, 300, 50, null]);
  });

  it('sorts Chinese text by pinyin (an 鞍 before bao 宝)', () => {
    const out = applyTableState(rows, columns, { q: '', sort: { key: 'name', dir: 'ascend' }, filters: {} }, zh);
    expect(out.map((r) => r.name).indexOf('鞍钢')).toBeLessThan(out.map((r) => r.name).indexOf('宝钢'));
  });

  it('filters by a column value and searches every column, case-insensitively', () => {
    expect(applyTableState(rows, columns, { q: '', filters: { region: ['north'] } }, zh).map((r) => r.name)).toEqual([
      'Acme',
      '鞍钢',
    ]);
    expect(applyTableState(rows, columns, { q: 'BET', filters: {} }, zh).map((r) => r.name)).toEqual(['beta']);
    expect(applyTableState(rows, columns, { q: '1200', filters: {} }, zh).map((r) => r.name)).toEqual(['鞍钢']);
  });
});

describe('table state in the URL', () => {
  it('round-trips and keeps unrelated parameters', () => {
    const state = {
      q: 'steel',
      sort: { key: 'gmv', dir: 'descend' as const },
      page: 3,
      filters: { region: ['east', 'north'] },
    };
    const params = tableStateToParams(new URLSearchParams('from=2026-01-01'), state, 't.');
    expect(params.get('from')).toBe('2026-01-01');
    expect(params.get('t.sort')).toBe('-gmv');
    expect(tableStateFromParams(params, 't.')).toEqual(state);
  });

  it('drops defaults and reads junk as defaults', () => {
    const params = tableStateToParams(new URLSearchParams(), { q: ' ', page: 1, filters: { region: [] } });
    expect(params.toString()).toBe('');
    expect(tableStateFromParams(new URLSearchParams('page=abc'))).toEqual({ q: '', page: 1, filters: {} });
  });
});
