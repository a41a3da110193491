/**
 * Pure, I/O-free models (DESIGN.md §2): given plain data in, numbers out. No storage, no network, no clock.
 * Attribution: rule-based models (first, last, linear, time-decay, position-based) and the Markov removal-effect model
 * over aggregated channel paths.
 */
export * from './attribution/index.js';
