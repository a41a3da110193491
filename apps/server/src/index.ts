export { type BuildServerOptions, buildServer } from './app.js';
export { statusOf } from './http/errors.js';
