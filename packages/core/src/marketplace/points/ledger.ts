import { sql } from 'kysely';
import { DAY_MS } from '../../clock.js';
import { newId } from '../../ids.js';
import type { Executor } from '../context.js';
import { MarketplaceError } from '../errors.js';

/** Points earned on an order lapse this long after they were earned. */
export const POINTS_LIFETIME_DAYS = 365;
/** Points per whole currency unit when an organisation has no member level. */
export const DEFAULT_POINTS_RATE_PERCENT = 100;

/**
 * The points ledger. Earned points form lots (`remaining`, `expiresAt`); spending consumes the oldest lots first
 * and expiry removes what is left of lapsed lots, so the balance is always the sum of live lots' `remaining`.
 * These functions take an executor so they join the caller's transaction (order completion, returns).
 */

/** Points currently spendable by an organisation. */
export async function pointsBalance(db: Executor, organizationId: string, at: string): Promise<number> {
  const row = await db
    .selectFrom('pointsLedger')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('remaining'), sql<number>`0`).as('balance'))
    .where('organizationId', '=', organizationId)
    .where('remaining', '>', 0)
    .where((eb) => eb.or([eb('expiresAt', 'is', null), eb('expiresAt', '>', at)]))
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

/** Points ever earned (earn lots and positive adjustments): what member levels are based on. */
export async function lifetimePoints(db: Executor, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom('pointsLedger')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('delta'), sql<number>`0`).as('total'))
    .where('organizationId', '=', organizationId)
    .where('delta', '>', 0)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/** Points an order of `total` minor units earns at the organisation's member level. */
export async function pointsForAmount(db: Executor, organizationId: string, total: number): Promise<number> {
  const level = await db
    .selectFrom('organizations')
    .leftJoin('memberLevels', 'memberLevels.id', 'organizations.memberLevelId')
    .select('memberLevels.pointsRatePercent')
    .where('organizations.id', '=', organizationId)
    .executeTakeFirst();
  const rate = level?.pointsRatePercent ?? DEFAULT_POINTS_RATE_PERCENT;
  return Math.floor((Math.floor(total / 100) * rate) / 100);
}

/** Adds an earn lot for a completed order and upgrades the member level if the new lifetime total reaches one. */
export async function earnPointsForOrder(
  db: Executor,
  input: { organizationId: string; orderId: string; total: number; at: string },
): Promise<number> {
  const points = await pointsForAmount(db, input.organizationId, input.total);
  if (points <= 0) return 0;
  await db
    .insertInto('pointsLedger')
    .values({
      id: newId('pts'),
      organizationId: input.organizationId,
      kind: 'earn',
      delta: points,
      remaining: points,
      expiresAt: new Date(Date.parse(input.at) + POINTS_LIFETIME_DAYS * DAY_MS).toISOString(),
      orderId: input.orderId,
      note: null,
      createdAt: input.at,
    })
    .execute();
  await upgradeMemberLevel(db, input.organizationId, input.at);
  return points;
}

/** Takes back what is left of an order's earn lot (a returned order); points already spent stay spent. */
export async function revokePointsForOrder(
  db: Executor,
  input: { organizationId: string; orderId: string; at: string },
): Promise<number> {
  const lot = await db
    .selectFrom('pointsLedger')
    .select(['id', 'remaining'])
    .where('orderId', '=', input.orderId)
    .where('kind', '=', 'earn')
    .executeTakeFirst();
  if (!lot || lot.remaining <= 0) return 0;
  await db.updateTable('pointsLedger').set({ remaining: 0 }).where('id', '=', lot.id).execute();
  await db
    .insertInto('pointsLedger')
    .values({
      id: newId('pts'),
      organizationId: input.organizationId,
      kind: 'revoke',
      delta: -lot.remaining,
      remaining: 0,
      expiresAt: null,
      orderId: input.orderId,
      note: 'order returned',
      createdAt: input.at,
    })
    .execute();
  return lot.remaining;
}

/** Spends points oldest-lot-first; refuses with insufficient_points (nothing written) when the balance is short. */
export async function spendPoints(
  db: Executor,
  input: { organizationId: string; points: number; at: string; kind?: 'spend' | 'adjust'; note?: string | null },
): Promise<{ balance: number }> {
  const lots = await db
    .selectFrom('pointsLedger')
    .select(['id', 'remaining'])
    .where('organizationId', '=', input.organizationId)
    .where('remaining', '>', 0)
    .where((eb) => eb.or([eb('expiresAt', 'is', null), eb('expiresAt', '>', input.at)]))
    // Soonest-expiring first; lots that never expire last (SQLite sorts NULL first by default, PostgreSQL last).
    .orderBy('expiresAt', (ob) => ob.asc().nullsLast())
    .orderBy('id')
    .execute();
  const available = lots.reduce((s, l) => s + l.remaining, 0);
  if (available < input.points) {
    throw new MarketplaceError('insufficient_points', `balance ${available} is below ${input.points}`, {
      path: ['points'],
      details: { balance: available, requested: input.points },
    });
  }
  let left = input.points;
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(left, lot.remaining);
    await db
      .updateTable('pointsLedger')
      .set({ remaining: lot.remaining - take })
      .where('id', '=', lot.id)
      .execute();
    left -= take;
  }
  await db
    .insertInto('pointsLedger')
    .values({
      id: newId('pts'),
      organizationId: input.organizationId,
      kind: input.kind ?? 'spend',
      delta: -input.points,
      remaining: 0,
      expiresAt: null,
      orderId: null,
      note: input.note ?? null,
      createdAt: input.at,
    })
    .execute();
  return { balance: available - input.points };
}

/** Grants points by hand (an operator adjustment); a lot that never expires unless `expiresAt` is given. */
export async function grantPoints(
  db: Executor,
  input: { organizationId: string; points: number; at: string; expiresAt?: string | null; note?: string | null },
): Promise<void> {
  await db
    .insertInto('pointsLedger')
    .values({
      id: newId('pts'),
      organizationId: input.organizationId,
      kind: 'adjust',
      delta: input.points,
      remaining: input.points,
      expiresAt: input.expiresAt ?? null,
      orderId: null,
      note: input.note ?? null,
      createdAt: input.at,
    })
    .execute();
  await upgradeMemberLevel(db, input.organizationId, input.at);
}

/** Writes an expire entry for every lapsed lot with points left. Returns how many points lapsed. */
export async function expirePoints(db: Executor, at: string): Promise<{ lots: number; points: number }> {
  const lots = await db
    .selectFrom('pointsLedger')
    .select(['id', 'organizationId', 'remaining'])
    .where('remaining', '>', 0)
    .where('expiresAt', 'is not', null)
    .where('expiresAt', '<=', at)
    .execute();
  let points = 0;
  for (const lot of lots) {
    await db.updateTable('pointsLedger').set({ remaining: 0 }).where('id', '=', lot.id).execute();
    await db
      .insertInto('pointsLedger')
      .values({
        id: newId('pts'),
        organizationId: lot.organizationId,
        kind: 'expire',
        delta: -lot.remaining,
        remaining: 0,
        expiresAt: null,
        orderId: null,
        note: `lot ${lot.id} lapsed`,
        createdAt: at,
      })
      .execute();
    points += lot.remaining;
  }
  return { lots: lots.length, points };
}

/** Moves the organisation up to the highest level its lifetime points reach; levels are never lowered here. */
export async function upgradeMemberLevel(db: Executor, organizationId: string, at: string): Promise<void> {
  const lifetime = await lifetimePoints(db, organizationId);
  const org = await db
    .selectFrom('organizations')
    .leftJoin('memberLevels', 'memberLevels.id', 'organizations.memberLevelId')
    .select(['memberLevels.rank'])
    .where('organizations.id', '=', organizationId)
    .executeTakeFirst();
  const best = await db
    .selectFrom('memberLevels')
    .select(['id', 'rank'])
    .where('minLifetimePoints', '<=', lifetime)
    .orderBy('rank', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (best && (org?.rank == null || best.rank > org.rank)) {
    await db
      .updateTable('organizations')
      .set({ memberLevelId: best.id, updatedAt: at })
      .where('id', '=', organizationId)
      .execute();
  }
}
