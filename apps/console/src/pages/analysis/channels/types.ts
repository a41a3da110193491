/**
 * The channel quadrant node and answer, and the channel spend API's shapes, as the console uses them (mirrors
 * packages/schema/src/query/channels.ts and apps/server/src/routes/channel-spend/route.ts).
 */
export const QUADRANTS = ['star', 'volume', 'niche', 'question'] as const;
export type Quadrant = (typeof QUADRANTS)[number];

export type ChannelQuadrantNode = {
  kind: 'ChannelQuadrantQuery';
  thresholds: { costPerRegistration?: number; costPerPaying?: number };
  dateRange: { from: string; to: string };
};

export type QuadrantChannel = {
  channel: string;
  spend: number;
  registrations: number;
  paying: number;
  costPerRegistration: number | null;
  costPerPaying: number | null;
  quadrant: Quadrant | null;
};

export type ChannelQuadrantResult = {
  kind: 'ChannelQuadrantQuery';
  thresholds: { costPerRegistration: number | null; costPerPaying: number | null };
  thresholdRule: 'given' | 'median' | 'mixed';
  rule: string;
  currency: string;
  channels: QuadrantChannel[];
};

/** `GET /api/channel-spend?from&to`. */
export type SpendRow = { channel: string; day: string; amount: number; currency: string };
export type SpendList = { rows: SpendRow[] };

/** One refused line of an imported CSV (the server's `details.errors`). */
export type SpendRowError = { line: number; field: string; message: string };
