import { readFileSync } from 'node:fs';
import { link, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * `<wal dir>/LOCK`: which process owns a write-ahead log. Two processes appending to one WAL (a server and
 * `tradeloop import events` on the same data directory) would interleave checkpoints and lose events, so the second
 * one is refused. The file names the owner's pid with its start time and the boot id, so a lock left by a killed
 * process (kill -9, a container restart reusing the pid) is recognised as stale and taken over.
 */
export class WalLocked extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `the write-ahead log in ${dir} is in use by process ${pid} (a running "tradeloop start" or import on the same data directory); stop it first`,
    );
    this.name = 'WalLocked';
  }
}

type Owner = { pid: number; start: string | null; boot: string | null };

const LOCK_FILE = 'LOCK';

function readOr(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/** The process start time (clock ticks after boot, /proc/<pid>/stat field 22); null where /proc is missing. */
function startTime(pid: number): string | null {
  const stat = readOr(`/proc/${pid}/stat`);
  if (!stat) return null;
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing parenthesis.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return rest[19] ?? null;
}

const bootId = (): string | null => readOr('/proc/sys/kernel/random/boot_id');

function me(): Owner {
  return { pid: process.pid, start: startTime(process.pid), boot: bootId() };
}

function alive(owner: Owner): boolean {
  if (owner.boot && owner.boot !== bootId()) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = startTime(owner.pid);
  return owner.start === null || start === null || start === owner.start;
}

/** The live owner of the WAL in `dir` other than this process, or null. */
export async function walOwner(dir: string): Promise<number | null> {
  let text: string;
  try {
    text = await readFile(join(dir, LOCK_FILE), 'utf8');
  } catch {
    return null;
  }
  let owner: Owner;
  try {
    owner = JSON.parse(text) as Owner;
  } catch {
    return null; // torn by a crash while being written: nobody owns it
  }
  if (!Number.isSafeInteger(owner.pid) || owner.pid === process.pid) return null;
  return alive(owner) ? owner.pid : null;
}

/**
 * Takes the lock of the WAL in `dir` (throws WalLocked when another live process holds it); resolves with the
 * release function. Pipelines of one process may share a directory (tests reopen after a simulated crash).
 */
export async function lockWal(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    // Written whole under a private name, then linked into place: link() is atomic and fails if LOCK exists, so of
    // two processes starting at once exactly one wins, and nobody ever reads a half-written lock.
    const tmp = join(dir, `${LOCK_FILE}.${process.pid}`);
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(JSON.stringify(me()));
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await link(tmp, path);
      await unlink(tmp);
      break;
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = await walOwner(dir);
      if (owner !== null) throw new WalLocked(dir, owner);
      if (attempt >= 3) throw new Error(`could not take the write-ahead log lock ${path}`);
      // Stale (its owner is gone) or this process's own: replace it.
      await unlink(path).catch(() => undefined);
    }
  }
  return async () => {
    try {
      const text = await readFile(path, 'utf8');
      if ((JSON.parse(text) as Owner).pid === process.pid) await unlink(path);
    } catch {
      // Already gone.
    }
  };
}
