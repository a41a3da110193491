import { oltpTestTargets } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorToken, createOrgWithMember } from '../../testing/actors.js';
import { expectRefusedWithoutWrites } from '../../testing/assertions.js';
import type { RequestOptions } from '../../testing/harness.js';
import { startTestApi, type TestApi } from '../../testing/harness.js';

const gmvNode = {
  kind: 'TrendsQuery',
  series: [{ event: 'order_paid', math: 'sum', property: 'total', name: 'GMV' }],
  interval: 'day',
  dateRange: { from: '2026-11-01', to: '2026-11-30' },
};
const funnelNode = {
  kind: 'FunnelQuery',
  steps: [{ event: 'product_viewed' }, { event: 'order_paid' }],
  window: { value: 7, unit: 'day' },
  order: 'ordered',
  dateRange: { from: '2026-11-01', to: '2026-11-30' },
};

describe.each(oltpTestTargets())(
  'saved queries and boards over HTTP on $dialect',
  ({ dialect, skipReason, ...target }) => {
    if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
    let api: TestApi;
    /** Two operators with the same scope (regions listed in another order), one with another scope. */
    let east1: string;
    let east2: string;
    let north: string;
    let eastAdmin: string;
    let member: string;

    const expectRefused = (
      method: string,
      url: string,
      options: RequestOptions,
      status: number,
      code: string,
      path?: (string | number)[],
    ) => expectRefusedWithoutWrites(api, () => api.request(method, url, options), status, code, path);

    async function ok(method: string, url: string, token: string | undefined, body?: unknown, status = 200) {
      const res = await api.request(method, url, { token, ...(body !== undefined ? { body } : {}) });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      return res.body;
    }

    beforeAll(async () => {
      if (skipReason) return;
      api = await startTestApi({ dialect, skipReason, ...target });
      east1 = (await createOperatorToken(api, 'analyst', { regions: ['east', 'south'], businessLines: ['steel'] }))
        .token;
      east2 = (await createOperatorToken(api, 'sales', { regions: ['south', 'east'], businessLines: ['steel'] })).token;
      north = (await createOperatorToken(api, 'analyst', { regions: ['north'], businessLines: ['steel'] })).token;
      eastAdmin = (await createOperatorToken(api, 'admin', { regions: ['east'], businessLines: '*' })).token;
      member = (await createOrgWithMember(api, { kind: 'buyer' })).token;
    });
    afterAll(async () => api?.close());

    it.skipIf(skipReason !== '')('saves, lists, changes and deletes saved queries; they are private', async () => {
      const sq = await ok(
        'POST',
        '/api/saved-queries',
        east1,
        { name: 'GMV 11 月', query: gmvNode, view: 'line' },
        201,
      );
      expect(sq).toMatchObject({ name: 'GMV 11 月', view: 'line', mine: true, editable: true });
      // The node comes back as validated (defaults filled in), ready for POST /api/query.
      expect(sq.query).toMatchObject({ ...gmvNode, timezone: 'Asia/Shanghai', formulas: [], filters: [] });
      expect(sq.ownerName).toMatch(/^analyst /);

      const list = await ok('GET', '/api/saved-queries?kind=TrendsQuery&q=gmv', east1);
      expect(list.items.map((x: { id: string }) => x.id)).toEqual([sq.id]);
      expect((await ok('GET', '/api/saved-queries', east2)).items).toEqual([]);
      expect((await ok('GET', '/api/saved-queries', undefined)).items.map((x: { id: string }) => x.id)).toContain(
        sq.id,
      );

      await expectRefused('GET', `/api/saved-queries/${sq.id}`, { token: east2 }, 404, 'not_found');
      await expectRefused(
        'PATCH',
        `/api/saved-queries/${sq.id}`,
        { token: east2, body: { name: 'x' } },
        404,
        'not_found',
      );
      await expectRefused('DELETE', `/api/saved-queries/${sq.id}`, { token: east2 }, 404, 'not_found');
      // A view the query kind cannot be drawn as, and a bad node, name their fields.
      await expectRefused(
        'POST',
        '/api/saved-queries',
        { token: east1, body: { name: 'x', query: gmvNode, view: 'sankey' } },
        400,
        'validation_failed',
        ['body', 'view'],
      );
      await expectRefused(
        'POST',
        '/api/saved-queries',
        { token: east1, body: { name: 'x', query: { ...gmvNode, interval: 'year' }, view: 'line' } },
        400,
        'validation_failed',
        ['body', 'query', 'interval'],
      );
      await expectRefused(
        'PATCH',
        `/api/saved-queries/${sq.id}`,
        { token: east1, body: { view: 'funnel' } },
        400,
        'validation_failed',
        ['body', 'view'],
      );
      await expectRefused('GET', '/api/saved-queries', { token: member }, 403, 'forbidden');

      const renamed = await ok('PATCH', `/api/saved-queries/${sq.id}`, east1, { name: 'GMV per day', view: 'bar' });
      expect(renamed).toMatchObject({ name: 'GMV per day', view: 'bar' });
      // An admin operator (any scope) may change it too.
      expect(await ok('PATCH', `/api/saved-queries/${sq.id}`, eastAdmin, { name: 'GMV (admin)' })).toMatchObject({
        name: 'GMV (admin)',
        mine: false,
        editable: true,
      });
      await ok('DELETE', `/api/saved-queries/${sq.id}`, east1, undefined, 204);
      await expectRefused('GET', `/api/saved-queries/${sq.id}`, { token: east1 }, 404, 'not_found');
    });

    it.skipIf(skipReason !== '')('builds a board of tiles, arranges it, and keeps the order', async () => {
      const sq = await ok(
        'POST',
        '/api/saved-queries',
        east1,
        { name: 'Funnel', query: funnelNode, view: 'funnel' },
        201,
      );
      const board = await ok(
        'POST',
        '/api/boards',
        east1,
        {
          name: '华东周报',
          tiles: [
            { title: 'GMV', query: gmvNode, view: 'number', saveAs: 'GMV pinned' },
            { title: '转化漏斗', savedQueryId: sq.id, size: 'large' },
          ],
        },
        201,
      );
      expect(board).toMatchObject({ name: '华东周报', description: '', shared: false, mine: true, tileCount: 2 });
      expect(board.scope).toEqual({ regions: ['east', 'south'], businessLines: ['steel'] });
      const [gmv, funnel] = board.tiles;
      expect(gmv).toMatchObject({ title: 'GMV', view: 'number', size: 'medium', query: { kind: 'TrendsQuery' } });
      expect(funnel).toMatchObject({ title: '转化漏斗', view: 'funnel', size: 'large', savedQueryId: sq.id });
      expect(funnel.query).toMatchObject({ kind: 'FunnelQuery', steps: funnelNode.steps });
      // saveAs kept the pinned node as a saved query of the caller, and the tile draws it.
      const pinned = (await ok('GET', '/api/saved-queries?q=pinned', east1)).items[0];
      expect(pinned).toMatchObject({ name: 'GMV pinned', view: 'number' });
      expect(gmv.savedQueryId).toBe(pinned.id);

      const third = await ok(
        'POST',
        `/api/boards/${board.id}/tiles`,
        east1,
        { title: 'inline', query: funnelNode, view: 'table' },
        201,
      );
      expect(third.tiles.map((t: { title: string }) => t.title)).toEqual(['GMV', '转化漏斗', 'inline']);
      const inline = third.tiles[2];
      expect(inline.savedQueryId).toBeNull();

      const moved = await ok('PUT', `/api/boards/${board.id}/layout`, east1, {
        tiles: [{ id: inline.id }, { id: gmv.id, size: 'small' }, { id: funnel.id }],
      });
      expect(moved.tiles.map((t: { id: string; size: string }) => [t.id, t.size])).toEqual([
        [inline.id, 'medium'],
        [gmv.id, 'small'],
        [funnel.id, 'large'],
      ]);
      const again = await ok('GET', `/api/boards/${board.id}`, east1);
      expect(again.tiles.map((t: { id: string }) => t.id)).toEqual([inline.id, gmv.id, funnel.id]);

      // A stale layout (a tile missing, or one of another board) is refused whole.
      await expectRefused(
        'PUT',
        `/api/boards/${board.id}/layout`,
        { token: east1, body: { tiles: [{ id: gmv.id }] } },
        400,
        'validation_failed',
        ['body', 'tiles'],
      );
      await expectRefused(
        'PUT',
        `/api/boards/${board.id}/layout`,
        { token: east1, body: { tiles: [{ id: gmv.id }, { id: 'tile_nope' }, { id: funnel.id }] } },
        422,
        'invalid_reference',
        ['body', 'tiles', 1, 'id'],
      );
      await expectRefused(
        'PATCH',
        `/api/boards/${board.id}/tiles/${gmv.id}`,
        { token: east1, body: { view: 'heatmap' } },
        400,
        'validation_failed',
        ['body', 'view'],
      );
      const retitled = await ok('PATCH', `/api/boards/${board.id}/tiles/${gmv.id}`, east1, {
        title: 'GMV 合计',
        view: 'line',
      });
      expect(retitled.tiles[1]).toMatchObject({ title: 'GMV 合计', view: 'line', size: 'small' });

      const removed = await ok('DELETE', `/api/boards/${board.id}/tiles/${inline.id}`, east1);
      expect(removed.tiles.map((t: { id: string }) => t.id)).toEqual([gmv.id, funnel.id]);
      // Deleting a saved query takes its tiles with it.
      await ok('DELETE', `/api/saved-queries/${sq.id}`, east1, undefined, 204);
      expect((await ok('GET', `/api/boards/${board.id}`, east1)).tiles.map((t: { id: string }) => t.id)).toEqual([
        gmv.id,
      ]);

      await ok('DELETE', `/api/boards/${board.id}`, east1, undefined, 204);
      await expectRefused('GET', `/api/boards/${board.id}`, { token: east1 }, 404, 'not_found');
      // The saved query made by saveAs outlives the board.
      await ok('GET', `/api/saved-queries/${pinned.id}`, east1);
    });

    it.skipIf(skipReason !== '')('writes nothing when one tile of a new board is bad', async () => {
      await expectRefused(
        'POST',
        '/api/boards',
        {
          token: east1,
          body: {
            name: 'half',
            tiles: [
              { title: 'ok', query: gmvNode, saveAs: 'kept?' },
              { title: 'bad', savedQueryId: 'sq_missing' },
            ],
          },
        },
        422,
        'invalid_reference',
        ['body', 'tiles', 1, 'savedQueryId'],
      );
      // Someone else's saved query is not theirs to draw.
      const other = await ok('POST', '/api/saved-queries', north, { name: 'north', query: gmvNode, view: 'line' }, 201);
      await expectRefused(
        'POST',
        '/api/boards',
        { token: east1, body: { name: 'x', tiles: [{ title: 'x', savedQueryId: other.id }] } },
        422,
        'invalid_reference',
        ['body', 'tiles', 0, 'savedQueryId'],
      );
      await expectRefused(
        'POST',
        '/api/boards',
        { token: east1, body: { name: 'x', tiles: [{ title: 'x', query: funnelNode, view: 'line' }] } },
        400,
        'validation_failed',
        ['body', 'tiles', 0, 'view'],
      );
      await expectRefused(
        'POST',
        '/api/boards',
        { token: east1, body: { name: 'x', tiles: [{ title: 'x', query: funnelNode, savedQueryId: other.id }] } },
        400,
        'validation_failed',
        ['body', 'tiles', 0, 'query'],
      );
    });

    it.skipIf(skipReason !== '')('shares a board with operators of the same scope only', async () => {
      const board = await ok(
        'POST',
        '/api/boards',
        east1,
        { name: 'shared east', tiles: [{ title: 'GMV', query: gmvNode }] },
        201,
      );
      const privateBoard = await ok('POST', '/api/boards', east1, { name: 'private east' }, 201);
      const ids = async (token: string | undefined, query = '') =>
        (await ok('GET', `/api/boards${query}`, token)).items.map((b: { id: string }) => b.id);

      // Private until shared.
      expect(await ids(east2)).not.toContain(board.id);
      await expectRefused('GET', `/api/boards/${board.id}`, { token: east2 }, 404, 'not_found');

      const shared = await ok('PATCH', `/api/boards/${board.id}`, east1, { shared: true, description: '每周一看' });
      expect(shared).toMatchObject({ shared: true, description: '每周一看' });

      // Same scope (the same regions listed in another order): listed, readable, not editable.
      expect(await ids(east2)).toContain(board.id);
      expect(await ids(east2, '?owner=shared')).toEqual([board.id]);
      expect(await ids(east2, '?owner=mine')).toEqual([]);
      expect(await ids(east2)).not.toContain(privateBoard.id);
      const seen = await ok('GET', `/api/boards/${board.id}`, east2);
      expect(seen).toMatchObject({ mine: false, editable: false, shared: true });
      // The viewer gets the node itself, which POST /api/query runs in the viewer's own scope.
      expect(seen.tiles[0].query).toMatchObject({ kind: 'TrendsQuery', series: gmvNode.series });
      expect(seen.tiles[0].view).toBe('line');
      await expectRefused(
        'PATCH',
        `/api/boards/${board.id}`,
        { token: east2, body: { name: 'mine now' } },
        403,
        'forbidden',
      );
      await expectRefused(
        'PUT',
        `/api/boards/${board.id}/layout`,
        { token: east2, body: { tiles: [] } },
        403,
        'forbidden',
      );
      await expectRefused(
        'POST',
        `/api/boards/${board.id}/tiles`,
        { token: east2, body: { title: 'x', query: gmvNode } },
        403,
        'forbidden',
      );
      await expectRefused('DELETE', `/api/boards/${board.id}`, { token: east2 }, 403, 'forbidden');
      const ran = await api.request('POST', '/api/query', { token: east2, body: seen.tiles[0].query });
      expect(ran.status, JSON.stringify(ran.body)).toBe(200);
      expect(ran.body.kind).toBe('TrendsQuery');

      // Another scope: not listed, not found.
      expect(await ids(north)).not.toContain(board.id);
      await expectRefused('GET', `/api/boards/${board.id}`, { token: north }, 404, 'not_found');
      await expectRefused('DELETE', `/api/boards/${board.id}`, { token: north }, 404, 'not_found');

      // Admins see (and may change) every board, private ones too.
      expect(await ids(eastAdmin)).toEqual(expect.arrayContaining([board.id, privateBoard.id]));
      expect(await ids(undefined)).toEqual(expect.arrayContaining([board.id, privateBoard.id]));
      expect(
        await ok('PATCH', `/api/boards/${privateBoard.id}`, eastAdmin, { name: 'renamed by admin' }),
      ).toMatchObject({
        name: 'renamed by admin',
        editable: true,
        mine: false,
      });

      // Unshared again: gone for the peer.
      await ok('PATCH', `/api/boards/${board.id}`, east1, { shared: false });
      expect(await ids(east2)).not.toContain(board.id);
      await expectRefused('GET', '/api/boards', { token: member }, 403, 'forbidden');
    });
  },
);
