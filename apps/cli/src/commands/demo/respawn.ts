import { spawn } from 'node:child_process';

const FLAG = '--max-semi-space-size=128';

/**
 * Medium and large generations allocate millions of short-lived messages; with V8's default young generation
 * (16 MB semi-spaces) the scavenger promotes many of them and garbage collection takes half the run. The flag can
 * only be set at process start, so the command re-runs itself once with it (measured on medium: ~250k → ~390k
 * simulation items/s). Resolves with the child's exit code, or null when no re-run is needed.
 */
export async function rerunWithLargeYoungGeneration(): Promise<number | null> {
  if (process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) return null;
  if (process.env.TRADELOOP_DEMO_NO_RERUN === '1' || !process.argv[1]) return null;
  const child = spawn(process.execPath, [...process.execArgv, FLAG, process.argv[1], ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, TRADELOOP_DEMO_NO_RERUN: '1' },
  });
  // Ctrl-C reaches the child through the terminal's process group; the parent just waits for it.
  const onSignal = () => {};
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
