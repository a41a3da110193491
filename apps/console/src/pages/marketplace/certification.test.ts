import { describe, expect, it } from 'vitest';
import { businessLineLabel, hasPermission, oldestFirstWindow } from './certification';

describe('oldestFirstWindow', () => {
  it('reads the far end of the newest-first list, page by page', () => {
    // 45 pending, pages of 20: oldest 20 are newest-first positions 25..44, then 5..24, then 0..4.
    expect(oldestFirstWindow(45, 1, 20)).toEqual({ offset: 25, limit: 20 });
    expect(oldestFirstWindow(45, 2, 20)).toEqual({ offset: 5, limit: 20 });
    expect(oldestFirstWindow(45, 3, 20)).toEqual({ offset: 0, limit: 5 });
    expect(oldestFirstWindow(45, 4, 20)).toBeNull();
    expect(oldestFirstWindow(3, 1, 20)).toEqual({ offset: 0, limit: 3 });
    expect(oldestFirstWindow(0, 1, 20)).toBeNull();
  });
});

describe('labels and permissions', () => {
  it('labels known business lines and shows other slugs as they are', () => {
    const t = (k: string) => `<${k}>`;
    expect(businessLineLabel('steel', t)).toBe('<businessLine.steel>');
    expect(businessLineLabel('timber', t)).toBe('timber');
  });

  it('grants a permission when listed or when the viewer has all (*)', () => {
    expect(hasPermission(['org:certify'], 'org:certify')).toBe(true);
    expect(hasPermission(['*'], 'org:certify')).toBe(true);
    expect(hasPermission(['org:write'], 'org:certify')).toBe(false);
  });
});
