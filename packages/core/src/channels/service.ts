import type {
  ChannelSpendList,
  ChannelSpendListQuery,
  ChannelSpendRow,
  ChannelSpendWriteResult,
} from '@tradeloop/schema';
import { isPlatform, type Principal, requirePermission } from '../marketplace/access.js';
import { inTransaction, type MarketplaceDeps, nowIso } from '../marketplace/context.js';
import { MarketplaceError } from '../marketplace/errors.js';
import { parseSpendCsv } from './csv.js';

/** Rows per INSERT statement (SQLite allows 32k bound parameters; 5 per row). */
const BATCH = 500;

/**
 * Spend per acquisition channel per day, the cost side of the channel quadrant. Written by operators with
 * marketing:write (JSON rows or a CSV), read by any platform-side caller. A write stores every row or none; a row
 * for a channel and day already stored replaces it (a later row in the same write wins).
 *
 * @example
 * await spend.put(admin, [{ channel: 'baidu', day: '2026-11-01', amount: 300_000, currency: 'CNY' }]);
 * await spend.list(admin, { from: '2026-11-01', to: '2026-11-30' });
 */
export class ChannelSpendService {
  constructor(private readonly deps: MarketplaceDeps) {}

  /** Stores validated rows (the HTTP layer parsed them with ChannelSpendImport) in one transaction. */
  async put(p: Principal, rows: readonly ChannelSpendRow[]): Promise<ChannelSpendWriteResult> {
    requirePermission(p, 'marketing:write');
    const at = nowIso(this.deps.clock);
    // The last row of each (channel, day) wins, as if they were written one after the other.
    const latest = new Map<string, ChannelSpendRow>();
    for (const r of rows) latest.set(`${r.channel}\u0000${r.day}`, r);
    const values = [...latest.values()].map((r) => ({ ...r, updatedAt: at }));
    await inTransaction(this.deps, async (trx) => {
      for (let i = 0; i < values.length; i += BATCH) {
        await trx
          .insertInto('channelSpend')
          .values(values.slice(i, i + BATCH))
          .onConflict((oc) =>
            oc.columns(['channel', 'day']).doUpdateSet((eb) => ({
              amount: eb.ref('excluded.amount'),
              currency: eb.ref('excluded.currency'),
              updatedAt: eb.ref('excluded.updatedAt'),
            })),
          )
          .execute();
      }
    });
    return { written: rows.length };
  }

  /**
   * Imports a CSV (`channel,day,amount[,currency]`, amount in minor units). Any bad row refuses the whole file with
   * validation_failed naming the first bad line and field (`details.errors` lists them all); nothing is written.
   */
  async importCsv(p: Principal, text: string): Promise<ChannelSpendWriteResult> {
    requirePermission(p, 'marketing:write');
    const { rows, errors } = parseSpendCsv(text);
    const first = errors[0];
    if (first) {
      throw new MarketplaceError('validation_failed', `line ${first.line}, ${first.field}: ${first.message}`, {
        path: ['body', first.line, first.field],
        details: { errors: errors.slice(0, 100), errorCount: errors.length },
      });
    }
    if (rows.length > 100_000) {
      throw new MarketplaceError('validation_failed', 'at most 100000 rows per import', { path: ['body'] });
    }
    return this.put(p, rows);
  }

  /** Stored spend between two days (both included), by day then channel. */
  async list(p: Principal, q: ChannelSpendListQuery): Promise<ChannelSpendList> {
    if (!isPlatform(p)) throw new MarketplaceError('forbidden', 'channel spend is for the platform’s operators');
    if (q.to < q.from) {
      throw new MarketplaceError('validation_failed', 'to must not be before from', { path: ['querystring', 'to'] });
    }
    return { rows: await this.between(q.from, q.to) };
  }

  /** Spend between two days (both included), for analytics (the caller has authorised the query). */
  async between(fromDay: string, toDay: string): Promise<Required<ChannelSpendRow>[]> {
    const rows = await this.deps.store.db
      .selectFrom('channelSpend')
      .select(['channel', 'day', 'amount', 'currency'])
      .where('day', '>=', fromDay)
      .where('day', '<=', toDay)
      .orderBy('day')
      .orderBy('channel')
      .execute();
    return rows.map((r) => ({ channel: r.channel, day: r.day, amount: Number(r.amount), currency: r.currency }));
  }
}
