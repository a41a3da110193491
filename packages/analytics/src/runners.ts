import { runAipl } from './aipl/run.js';
import { runAttribution } from './attribution/run.js';
import { runChannelQuadrant } from './channels/run.js';
import { runFunnel, runFunnelActors } from './funnel/run.js';
import { runProductPerformance } from './products/run.js';
import { runRetention } from './retention/run.js';
import type { Runners } from './run.js';
import { runTrends } from './trends/run.js';

/** One runner per query kind (each in its own folder: funnel/, retention/, trends/, ...). */
export const RUNNERS: Runners = {
  AiplQuery: runAipl,
  AttributionQuery: runAttribution,
  ChannelQuadrantQuery: runChannelQuadrant,
  ProductPerformanceQuery: runProductPerformance,
  FunnelQuery: runFunnel,
  FunnelActorsQuery: runFunnelActors,
  RetentionQuery: runRetention,
  TrendsQuery: runTrends,
};
