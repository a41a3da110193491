import { describe, expect, it } from 'vitest';
import { canMove, layoutBody, moveTile, resizeTile, withRange } from './layout';
import type { TileSize } from './types';

const tiles = (sizes: TileSize[]) => sizes.map((size, i) => ({ id: `t${i}`, size }));
const ids = (ts: { id: string }[]) => ts.map((t) => t.id).join(' ');

describe('board layout', () => {
  it('moves a tile one place left or right, clamped at the ends', () => {
    const ts = tiles(['medium', 'medium', 'medium']);
    expect(ids(moveTile(ts, 't1', 'left'))).toBe('t1 t0 t2');
    expect(ids(moveTile(ts, 't1', 'right'))).toBe('t0 t2 t1');
    expect(ids(moveTile(ts, 't0', 'left'))).toBe('t0 t1 t2');
    expect(canMove(ts, 't0', 'left')).toBe(false);
    expect(canMove(ts, 't2', 'down')).toBe(false);
    expect(canMove(ts, 't2', 'up')).toBe(true);
  });

  it('moves up and down by as many places as tiles of its size fill a row', () => {
    const small = tiles(['small', 'small', 'small', 'small', 'small']);
    expect(ids(moveTile(small, 't4', 'up'))).toBe('t0 t4 t1 t2 t3');
    expect(ids(moveTile(small, 't0', 'down'))).toBe('t1 t2 t3 t0 t4');
    const medium = tiles(['medium', 'medium', 'medium']);
    expect(ids(moveTile(medium, 't2', 'up'))).toBe('t2 t0 t1');
    const large = tiles(['large', 'medium', 'medium']);
    expect(ids(moveTile(large, 't0', 'down'))).toBe('t1 t0 t2');
  });

  it('resizes one tile and sends every tile in order', () => {
    const ts = resizeTile(tiles(['small', 'medium']), 't1', 'large');
    expect(layoutBody(ts)).toEqual({
      tiles: [
        { id: 't0', size: 'small' },
        { id: 't1', size: 'large' },
      ],
    });
  });

  it('overrides the period of nodes that have one', () => {
    const node = { kind: 'TrendsQuery' as const, dateRange: { from: '2026-01-01', to: '2026-01-31' }, series: [] };
    expect(withRange(node, { from: '2026-11-01', to: '2026-11-30' }).dateRange).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
    });
    expect(withRange(node, null)).toBe(node);
    const actors: { kind: string; funnel: object; dateRange?: unknown } = { kind: 'FunnelActorsQuery', funnel: {} };
    expect(withRange(actors, { from: '2026-11-01', to: '2026-11-30' })).toBe(actors);
  });
});
