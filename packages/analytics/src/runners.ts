import type { Runners } from './run.js';

/** One runner per query kind (each in its own folder: funnel/, retention/, trends/, ...). */
export const RUNNERS: Runners = {};
