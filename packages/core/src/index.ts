export { type Clock, DAY_MS, manualClock, systemClock } from './clock.js';
export { newId } from './ids.js';
export * from './marketplace/index.js';
