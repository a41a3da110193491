/**
 * The attribution query node and its answer as the console sends and reads them (mirrors AttributionQuery /
 * AttributionResult in packages/schema/src/query/attribution.ts; plain types so the bundle carries no zod).
 */
export const ATTRIBUTION_MODELS = ['first', 'last', 'linear', 'time_decay', 'position', 'markov'] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

export type AttributionQueryNode = {
  kind: 'AttributionQuery';
  conversion: { event: string; valueProperty?: string };
  lookback: { value: number; unit: 'day' | 'week' };
  models: AttributionModel[];
  pathLimit: number;
  aggregateBy: 'person' | 'organization';
  dateRange: { from: string; to: string };
};

export type Credit = { conversions: number; value: number };

export type AttributionResult = {
  kind: 'AttributionQuery';
  conversions: number;
  value: number;
  channels: { channel: string; credit: Record<string, Credit> }[];
  paths: { path: string[]; conversions: number; value: number }[];
  nonConverting: number;
  removalEffects?: Record<string, number>;
};
