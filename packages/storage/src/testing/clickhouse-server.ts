import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './postgres-server.js';

/** A throw-away ClickHouse server for tests. */
export type TestClickHouse = { url: string; stop(): Promise<void> };

export type FindClickHouseResult = { binary: string } | { missing: string };

/** Debian's clickhouse-server package (18.16) installs the server in /usr/sbin; newer packages use /usr/bin. */
export function findClickHouseServer(): FindClickHouseResult {
  for (const binary of ['/usr/bin/clickhouse-server', '/usr/sbin/clickhouse-server']) {
    if (existsSync(binary)) return { binary };
  }
  return { missing: 'clickhouse-server not found in /usr/bin or /usr/sbin (install clickhouse-server)' };
}

type RunAs = { name: string; uid: number; gid: number } | undefined;

/** As root, run the server as the Debian package's `clickhouse` user (or `nobody`), never as root. */
function serverUser(): RunAs {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['clickhouse', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
      const gid = Number(execFileSync('id', ['-g', name]).toString().trim());
      return { name, uid, gid };
    } catch {
      // try the next user
    }
  }
  return undefined;
}

function serverConfig(dir: string, httpPort: number, tcpPort: number): string {
  return `<?xml version="1.0"?>
<yandex>
  <logger>
    <level>warning</level>
    <log>${dir}/log/server.log</log>
    <errorlog>${dir}/log/server.err.log</errorlog>
    <size>10M</size>
    <count>1</count>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <max_connections>256</max_connections>
  <keep_alive_timeout>3</keep_alive_timeout>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <mlock_executable>false</mlock_executable>
</yandex>
`;
}

const USERS_XML = `<?xml version="1.0"?>
<yandex>
  <profiles>
    <default>
      <max_memory_usage>4000000000</max_memory_usage>
      <load_balancing>random</load_balancing>
    </default>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks>
        <ip>127.0.0.1</ip>
        <ip>::1</ip>
      </networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas>
    <default>
      <interval>
        <duration>3600</duration>
        <queries>0</queries>
        <errors>0</errors>
        <result_rows>0</result_rows>
        <read_rows>0</read_rows>
        <execution_time>0</execution_time>
      </interval>
    </default>
  </quotas>
</yandex>
`;

async function answersSelect1(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/?query=SELECT%201`, { signal: AbortSignal.timeout(1000) });
    return response.ok && (await response.text()).trim() === '1';
  } catch {
    return false;
  }
}

function logTail(dir: string): string {
  for (const file of ['stderr.log', 'log/server.err.log', 'log/server.log']) {
    const path = join(dir, file);
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8').trim();
      if (text) return text.split('\n').slice(-15).join('\n');
    }
  }
  return '(no log)';
}

/**
 * Starts clickhouse-server from a minimal config in a temporary directory, on free loopback ports (HTTP and
 * native; no interserver port), as a non-root user when running as root, and waits until `SELECT 1` answers
 * over HTTP. stop() kills it and deletes its files.
 */
export async function startTestClickHouse(): Promise<TestClickHouse> {
  const found = findClickHouseServer();
  if ('missing' in found) throw new Error(`ClickHouse server missing: ${found.missing}`);
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'tradeloop-ch-'));
  for (const sub of ['data', 'tmp', 'user_files', 'log']) mkdirSync(join(dir, sub));
  const [httpPort, tcpPort] = [await freePort(), await freePort()];
  writeFileSync(join(dir, 'config.xml'), serverConfig(dir, httpPort, tcpPort));
  writeFileSync(join(dir, 'users.xml'), USERS_XML);
  if (user) {
    for (const path of [
      dir,
      ...['data', 'tmp', 'user_files', 'log', 'config.xml', 'users.xml'].map((f) => join(dir, f)),
    ]) {
      chownSync(path, user.uid, user.gid);
    }
  }

  const args = [`--config-file=${join(dir, 'config.xml')}`];
  const [cmd, argv] = user ? ['runuser', ['-u', user.name, '--', found.binary, ...args]] : [found.binary, args];
  const output = openSync(join(dir, 'stderr.log'), 'a');
  // Its own process group (so stop() can kill runuser and the server together), not keeping the runner alive.
  const child: ChildProcess = spawn(cmd, argv, { cwd: dir, stdio: ['ignore', output, output], detached: true });
  closeSync(output);
  child.unref();
  let exited: number | null | undefined;
  child.on('exit', (code) => {
    exited = code;
  });

  const stop = async (): Promise<void> => {
    if (exited === undefined && child.pid) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        // runuser forwards nothing when killed alone: signal the whole process group we created.
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5000))]);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + 60_000;
  while (!(await answersSelect1(url))) {
    if (exited !== undefined || Date.now() > deadline) {
      const why = exited !== undefined ? `exited with ${exited}` : 'did not answer within 60 s';
      const detail = logTail(dir);
      await stop();
      throw new Error(`clickhouse-server ${why}: ${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, stop };
}
