import { z } from 'zod';
import { Id, Instant, NonEmptyText, Pagination, page, Slug } from '../common.js';

export const MemberLevel = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  rank: z.number().int(),
  minLifetimePoints: z.number().int(),
  pointsRatePercent: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MemberLevel = z.infer<typeof MemberLevel>;

const Rank = z.number().int().min(0).max(1000).describe('Higher rank = better level; unique');
const MinLifetimePoints = z
  .number()
  .int()
  .min(0)
  .max(1_000_000_000_000)
  .describe('Lifetime earned points at which an organisation reaches this level');
const PointsRatePercent = z
  .number()
  .int()
  .min(0)
  .max(10_000)
  .describe('Points per whole currency unit spent, in percent (100 = 1 point per yuan)');

export const CreateMemberLevel = z.strictObject({
  code: Slug,
  name: NonEmptyText(100),
  rank: Rank,
  minLifetimePoints: MinLifetimePoints,
  pointsRatePercent: PointsRatePercent,
});
export type CreateMemberLevel = z.infer<typeof CreateMemberLevel>;

export const UpdateMemberLevel = z.strictObject({
  code: Slug.optional(),
  name: NonEmptyText(100).optional(),
  rank: Rank.optional(),
  minLifetimePoints: MinLifetimePoints.optional(),
  pointsRatePercent: PointsRatePercent.optional(),
});
export type UpdateMemberLevel = z.infer<typeof UpdateMemberLevel>;

export const MemberLevelList = z.object({ items: z.array(MemberLevel) });

export const MemberLevelIdParams = z.strictObject({ id: Id });

/** A number of points in a request: a positive integer. */
export const PointsAmount = z.number().int().min(1).max(1_000_000_000);

export const PointsEntry = z.object({
  id: z.string(),
  kind: z.enum(['earn', 'spend', 'expire', 'revoke', 'adjust']),
  delta: z.number().int(),
  remaining: z.number().int(),
  expiresAt: z.string().nullable(),
  orderId: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type PointsEntry = z.infer<typeof PointsEntry>;

export const PointsLedgerQuery = z.strictObject({ ...Pagination.shape });

/** An organisation's points: spendable balance, lifetime earned, current level and a page of the ledger (newest first). */
export const PointsAccount = z.object({
  organizationId: z.string(),
  balance: z.number().int(),
  lifetime: z.number().int(),
  level: MemberLevel.nullable(),
  ledger: page(PointsEntry),
});
export type PointsAccount = z.infer<typeof PointsAccount>;

export const SpendPoints = z.strictObject({
  points: PointsAmount,
  note: NonEmptyText(200).optional(),
});
export type SpendPoints = z.infer<typeof SpendPoints>;

export const GrantPoints = z.strictObject({
  points: PointsAmount,
  expiresAt: Instant.optional().describe('When the granted lot lapses; never when omitted'),
  note: NonEmptyText(200),
});
export type GrantPoints = z.infer<typeof GrantPoints>;

export const PointsBalance = z.object({
  organizationId: z.string(),
  balance: z.number().int(),
  lifetime: z.number().int(),
  memberLevelId: z.string().nullable(),
});
export type PointsBalance = z.infer<typeof PointsBalance>;

export const PointsExpiryResult = z.object({ lots: z.number().int(), points: z.number().int() });
