import { describe, expect, it } from 'vitest';
import {
  createOperatorRequest,
  formFromScope,
  generatePassword,
  operatorStateFromParams,
  operatorStateToParams,
  operatorsApiPath,
  scopeFromForm,
  updateOperatorRequest,
} from './operator-form';

describe('operators URL state', () => {
  it('round-trips role, status and paging and drops unknown values', () => {
    const s = operatorStateFromParams(new URLSearchParams('role=sales&status=disabled&page=2&size=50'));
    expect(s).toEqual({ role: 'sales', status: 'disabled', page: 2, size: 50 });
    expect(operatorStateToParams(s).toString()).toBe('role=sales&status=disabled&page=2&size=50');
    expect(operatorsApiPath(s)).toBe('/api/operators?limit=50&offset=50&role=sales&status=disabled');
    expect(operatorStateFromParams(new URLSearchParams('role=root&status=x&page=0'))).toEqual({ page: 1, size: 20 });
  });
});

describe('operator forms → requests', () => {
  it('reads an empty scope choice as all, and a list as that list', () => {
    expect(scopeFromForm({ regions: [], businessLines: undefined })).toEqual({ regions: '*', businessLines: '*' });
    expect(scopeFromForm({ regions: ['east', 'east', 'north'], businessLines: ['steel'] })).toEqual({
      regions: ['east', 'north'],
      businessLines: ['steel'],
    });
    expect(formFromScope({ regions: '*', businessLines: ['steel'] })).toEqual({
      regions: [],
      businessLines: ['steel'],
    });
  });

  it('builds the create body', () => {
    expect(
      createOperatorRequest({ name: ' 华东运营 ', email: ' east@example.com ', role: 'operations', regions: ['east'] }),
    ).toEqual({
      name: '华东运营',
      email: 'east@example.com',
      role: 'operations',
      scope: { regions: ['east'], businessLines: '*' },
    });
  });

  it('patches only what changed, comparing the scope without regard to order', () => {
    const before = { name: 'A', role: 'sales', scope: { regions: ['east', 'north'], businessLines: '*' as const } };
    expect(
      updateOperatorRequest(before, { name: 'A', role: 'sales', regions: ['north', 'east'], businessLines: [] }),
    ).toEqual({});
    expect(updateOperatorRequest(before, { name: 'B', role: 'analyst', regions: ['east'], businessLines: [] })).toEqual(
      {
        name: 'B',
        role: 'analyst',
        scope: { regions: ['east'], businessLines: '*' },
      },
    );
    expect(updateOperatorRequest(before, { name: 'A', role: 'sales', regions: [], businessLines: [] })).toEqual({
      scope: { regions: '*', businessLines: '*' },
    });
  });
});

describe('generatePassword', () => {
  it('gives passwords of the asked length from the unambiguous alphabet, different each time', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-HJ-NP-Za-km-z2-9]{16}$/);
    expect(generatePassword(24)).toHaveLength(24);
    expect(new Set(Array.from({ length: 20 }, () => generatePassword())).size).toBe(20);
  });

  it('skips bytes that would bias the choice', () => {
    // 57 characters: bytes ≥ 228 are rejected; 0 → 'A', 57 → 'A', 1 → 'B'.
    let call = 0;
    const random = (b: Uint8Array) => {
      if (call++ > 0) return b.fill(1);
      b.fill(250);
      b[0] = 0;
      b[1] = 57;
      return b;
    };
    expect(generatePassword(3, random)).toBe('AAB');
  });
});
