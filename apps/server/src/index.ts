export { type BuildServerOptions, buildServer } from './app.js';
export { statusOf } from './http/errors.js';
export {
  configFromEnv,
  type FirstStartContext,
  type RunningServer,
  type ServerConfig,
  type StartOptions,
  startServer,
} from './run.js';
