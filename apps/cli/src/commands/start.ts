import { configFromEnv, startServer } from '@tradeloop/server';
import type { Command } from 'commander';
import { demoEnabled, loadFirstStartDemo } from './demo/first-start.js';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Run the platform: HTTP API on the embedded store (or TRADELOOP_DATABASE_URL)')
    .option('-p, --port <port>', 'port to listen on (env PORT, default 3000)')
    .option('--host <host>', 'interface to bind (env HOST, default 127.0.0.1; 0.0.0.0 for all)')
    .option('-d, --data-dir <dir>', 'data directory (env TRADELOOP_DATA_DIR, default ./data)')
    .action(async (opts: { port?: string; host?: string; dataDir?: string }) => {
      const env = { ...process.env };
      if (opts.port) env.PORT = opts.port;
      if (opts.host) env.HOST = opts.host;
      if (opts.dataDir) env.TRADELOOP_DATA_DIR = opts.dataDir;
      const config = configFromEnv(env);
      if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
        throw new Error(`invalid port ${String(env.PORT)}: give an integer 0..65535`);
      }
      const say = (line: string) => process.stdout.write(`${line}\n`);
      // On an empty data directory the demo marketplace is loaded first, so every page has data to show.
      const server = await startServer(
        config,
        demoEnabled(env) ? { onFirstStart: async (ctx) => void (await loadFirstStartDemo(ctx, say)) } : {},
      );
      const lines = [
        '',
        `  Tradeloop is running at ${server.url}`,
        `  Console:      ${server.url}/`,
        `  API docs:     ${server.url}/docs   (OpenAPI: ${server.url}/openapi.json)`,
        `  Admin token:  ${server.adminToken}`,
        // Shown when just generated or taken from TRADELOOP_ADMIN_PASSWORD: a stored password is not recoverable.
        ...(server.consoleSignIn
          ? [`  Console sign-in: ${server.consoleSignIn.email} / ${server.consoleSignIn.password}`]
          : []),
        `  Write key:    ${server.writeKey}   (events: POST ${server.url}/v1/batch, Basic auth user)`,
        `  Data:         ${config.databaseUrl ? 'TRADELOOP_DATABASE_URL' : config.dataDir}`,
        '',
        `  Try: curl -H "Authorization: Bearer ${server.adminToken}" ${server.url}/api/me`,
        '',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);

      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) {
          process.stderr.write(`${signal} again: exiting now\n`);
          process.exit(1);
        }
        stopping = true;
        process.stderr.write(`${signal}: finishing in-flight requests and closing the store...\n`);
        server.close().then(
          () => process.exit(0),
          (err: unknown) => {
            process.stderr.write(`shutdown failed: ${String(err)}\n`);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
}
