import { z } from 'zod';
import { AiplQuery, AiplResult } from './aipl.js';
import { AttributionQuery, AttributionResult } from './attribution.js';
import { ChannelQuadrantQuery, ChannelQuadrantResult } from './channels.js';
import { FunnelActorsQuery, FunnelActorsResult, FunnelQuery, FunnelResult } from './funnel.js';
import { ProductPerformanceQuery, ProductPerformanceResult } from './products.js';
import { RetentionQuery, RetentionResult } from './retention.js';
import { TrendsQuery, TrendsResult } from './trends.js';

export * from './aipl.js';
export * from './attribution.js';
export * from './channels.js';
export * from './common.js';
export * from './funnel.js';
export * from './products.js';
export * from './retention.js';
export * from './trends.js';

/** The body of `POST /api/query`: one query node, told apart by `kind`. */
export const QueryNode = z.discriminatedUnion('kind', [
  FunnelQuery,
  FunnelActorsQuery,
  RetentionQuery,
  TrendsQuery,
  AttributionQuery,
  AiplQuery,
  ChannelQuadrantQuery,
  ProductPerformanceQuery,
]);
export type QueryNode = z.infer<typeof QueryNode>;
export type QueryKind = QueryNode['kind'];

export const QueryResult = z.discriminatedUnion('kind', [
  FunnelResult,
  FunnelActorsResult,
  RetentionResult,
  TrendsResult,
  AttributionResult,
  AiplResult,
  ChannelQuadrantResult,
  ProductPerformanceResult,
]);
export type QueryResult = z.infer<typeof QueryResult>;
