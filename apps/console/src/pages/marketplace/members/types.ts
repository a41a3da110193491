/** The membership API's answers (mirrors packages/schema/src/marketplace/membership.ts). */
export type MemberLevel = {
  id: string;
  code: string;
  name: string;
  rank: number;
  minLifetimePoints: number;
  pointsRatePercent: number;
  createdAt: string;
  updatedAt: string;
};

export type PointsEntry = {
  id: string;
  kind: 'earn' | 'spend' | 'expire' | 'revoke' | 'adjust';
  delta: number;
  remaining: number;
  expiresAt: string | null;
  orderId: string | null;
  note: string | null;
  createdAt: string;
};

export type PointsAccount = {
  organizationId: string;
  balance: number;
  lifetime: number;
  level: MemberLevel | null;
  ledger: { items: PointsEntry[]; total: number; limit: number; offset: number };
};
