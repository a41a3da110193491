export * from './event.js';
export * from './standard-events.js';
export * from './identity.js';
