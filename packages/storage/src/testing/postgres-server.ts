import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throw-away PostgreSQL server for tests. */
export type TestPostgres = { url: string; stop(): Promise<void> };

export type FindResult = { binDir: string } | { missing: string };

/** Debian puts the server binaries in /usr/lib/postgresql/<major>/bin; newest first. */
export function findPostgresBinaries(): FindResult {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return { missing: `${root} not found (install postgresql-15)` };
  const majors = readdirSync(root)
    .filter((d) => /^\d+$/.test(d))
    .sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const binDir = join(root, major, 'bin');
    if (existsSync(join(binDir, 'initdb')) && existsSync(join(binDir, 'pg_ctl'))) return { binDir };
  }
  return { missing: `no initdb/pg_ctl under ${root}` };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

type PgUser = { uid: number; gid: number } | undefined;

/** initdb refuses to run as root, so as root the cluster is created and run as the `postgres` user. */
function postgresUser(): PgUser {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

function run(binary: string, args: string[], user: PgUser): void {
  const [cmd, argv] = user ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8', cwd: tmpdir() });
  if (result.status !== 0) {
    throw new Error(`${binary} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
}

/**
 * Starts a PostgreSQL cluster in a temporary directory on a free loopback port, tuned for tests (no fsync).
 * Call stop() to shut it down and delete its files.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const found = findPostgresBinaries();
  if ('missing' in found) throw new Error(`PostgreSQL binaries missing: ${found.missing}`);
  const user = postgresUser();
  const dir = mkdtempSync(join(tmpdir(), 'tradeloop-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const dataDir = join(dir, 'data');
  const port = await freePort();
  run(
    join(found.binDir, 'initdb'),
    ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--locale=C'],
    user,
  );
  const opts = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  run(
    join(found.binDir, 'pg_ctl'),
    ['-D', dataDir, '-o', opts, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start'],
    user,
  );
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        run(join(found.binDir, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], user);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
