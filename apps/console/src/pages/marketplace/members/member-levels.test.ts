import { describe, expect, it } from 'vitest';
import {
  byRankDescending,
  levelCreateRequest,
  levelProgress,
  levelUpdateRequest,
  pointsPerYuan,
  pointsStateFromParams,
  pointsStateToParams,
} from './member-levels';
import type { MemberLevel } from './types';

const level = (rank: number, min: number, code = `l${rank}`): MemberLevel => ({
  id: `lvl_${rank}`,
  code,
  name: code.toUpperCase(),
  rank,
  minLifetimePoints: min,
  pointsRatePercent: 100 + rank * 10,
  createdAt: '',
  updatedAt: '',
});
const levels = [level(20, 50_000, 'gold'), level(0, 0, 'basic'), level(10, 10_000, 'silver')];

describe('member level forms', () => {
  it('trims the text of a new level', () => {
    expect(
      levelCreateRequest({ code: ' gold ', name: ' 金牌 ', rank: 2, minLifetimePoints: 5, pointsRatePercent: 150 }),
    ).toEqual({
      code: 'gold',
      name: '金牌',
      rank: 2,
      minLifetimePoints: 5,
      pointsRatePercent: 150,
    });
  });

  it('patches only what changed', () => {
    const gold = level(20, 50_000, 'gold');
    expect(
      levelUpdateRequest(gold, {
        code: 'gold',
        name: 'GOLD',
        rank: 20,
        minLifetimePoints: 60_000,
        pointsRatePercent: 250,
      }),
    ).toEqual({
      minLifetimePoints: 60_000,
      pointsRatePercent: 250,
    });
    expect(
      levelUpdateRequest(gold, {
        code: 'gold',
        name: 'GOLD',
        rank: 20,
        minLifetimePoints: 50_000,
        pointsRatePercent: 300,
      }),
    ).toEqual({});
  });
});

describe('level progress', () => {
  it('finds the reached level and the points missing for the next', () => {
    expect(levelProgress(levels, 0)).toMatchObject({
      current: { code: 'basic' },
      next: { code: 'silver' },
      missing: 10_000,
    });
    expect(levelProgress(levels, 12_345)).toMatchObject({
      current: { code: 'silver' },
      next: { code: 'gold' },
      missing: 37_655,
    });
    expect(levelProgress(levels, 90_000)).toMatchObject({ current: { code: 'gold' }, next: null, missing: 0 });
    expect(levelProgress([level(5, 100)], 10)).toMatchObject({ current: null, next: { rank: 5 }, missing: 90 });
    expect(byRankDescending(levels).map((l) => l.code)).toEqual(['gold', 'silver', 'basic']);
    expect(pointsPerYuan(150)).toBe(1.5);
  });
});

describe('points URL state', () => {
  it('keeps the organisation and ledger page beside other parameters', () => {
    const s = pointsStateFromParams(new URLSearchParams('org=org_1&ledger=2&sort=rank'));
    expect(s).toEqual({ org: 'org_1', page: 2 });
    expect(pointsStateToParams(new URLSearchParams('sort=rank&org=old'), { org: 'org_2', page: 1 }).toString()).toBe(
      'sort=rank&org=org_2',
    );
    expect(pointsStateFromParams(new URLSearchParams('org=%3Cscript%3E&ledger=x'))).toEqual({ page: 1 });
  });
});
