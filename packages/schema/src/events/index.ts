export * from './event.js';
export * from './identity.js';
export * from './persons.js';
export * from './segment.js';
export * from './sensors.js';
export * from './sources.js';
export * from './standard-events.js';
