import { Command } from 'commander';
import { registerAttribution } from './commands/attribution/index.js';
import { registerBench } from './commands/bench/index.js';
import { registerDemo } from './commands/demo/index.js';
import { registerImport } from './commands/import/index.js';
import { registerStart } from './commands/start.js';

export function buildProgram(): Command {
  const program = new Command('tradeloop')
    .description('Tradeloop: run and operate a vertical B2B marketplace')
    .version('0.1.0')
    .showHelpAfterError();
  registerStart(program);
  registerBench(program);
  registerImport(program);
  registerDemo(program);
  registerAttribution(program);
  return program;
}

/** Entry of the `tradeloop` bin. */
export async function run(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    process.stderr.write(`tradeloop: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}

// Run when executed directly (node apps/cli/dist/main.js ...), not when imported by the bin or tests.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await run(process.argv);
}
