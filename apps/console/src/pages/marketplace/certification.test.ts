import { describe, expect, it } from 'vitest';
import { businessLineLabel, hasPermission } from './certification';

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
