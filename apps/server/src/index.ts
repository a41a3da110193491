export { type BuildServerOptions, buildServer } from './app.js';
export { statusOf } from './http/errors.js';
export { configFromEnv, type RunningServer, type ServerConfig, startServer } from './run.js';
