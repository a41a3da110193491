import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { eventStoreTestTargets } from '../../testing/event-stores.js';
import { eventStoreConformance } from '../event-store.case.js';
import { openEventStore } from '../open.js';

const target = eventStoreTestTargets().find((t) => t.engine === 'clickhouse');
if (!target) throw new Error('no clickhouse target');

describe('ClickHouse event store: conformance', () => eventStoreConformance(target));

describe('ClickHouse event store: opening', () => {
  it.skipIf(target.skipReason !== '')(
    'openEventStore picks ClickHouse for an http URL and creates the database',
    async () => {
      const database = `t_${randomBytes(6).toString('hex')}`;
      const viaUrl = await openEventStore({ eventsUrl: inject('chUrl'), dataDir: '/nonexistent', database });
      expect(viaUrl.engine).toBe('clickhouse');
      expect(viaUrl.location.endsWith(`/${database}`)).toBe(true);
      expect(await viaUrl.count({})).toBe(0);
      await viaUrl.close();
    },
  );
});
