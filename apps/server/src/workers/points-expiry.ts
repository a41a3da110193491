import type { Marketplace } from '@tradeloop/core';
import { expirePoints } from '@tradeloop/core';
import type { FastifyBaseLogger } from 'fastify';

/**
 * Lapses expired points lots once at start and then every `intervalMs` (hourly by default). Runs in-process:
 * on SQLite there is one writer anyway, and on PostgreSQL concurrent runs are harmless (each lot is zeroed once
 * in its own transaction).
 */
export function startPointsExpiry(market: Marketplace, log: FastifyBaseLogger, intervalMs = 3_600_000): () => void {
  const tick = async () => {
    try {
      const at = market.deps.clock().toISOString();
      const result = await market.deps.store.db.transaction().execute((trx) => expirePoints(trx, at));
      if (result.lots > 0) log.info(result, 'points lots expired');
    } catch (err) {
      log.error({ err }, 'points expiry failed');
    }
  };
  void tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
