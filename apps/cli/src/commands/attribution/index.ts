import type { Command } from 'commander';
import { type AttributionOptions, formatAttribution, runAttributionCommand } from './run.js';

export function registerAttribution(program: Command): void {
  program
    .command('attribution')
    .description(
      'Channel attribution over a path file (format of the ChannelAttribution example data: ' +
        '"path;total_conversions;total_conversion_value;total_null", channels separated by " > "). ' +
        'The same models as the AttributionQuery (packages/models).',
    )
    .requiredOption('--paths <file>', 'the path file')
    .requiredOption(
      '--model <model>',
      'markov | first | last | linear | time-decay | position, a comma-separated list, or all',
    )
    .option('--order <n>', 'markov: order of the chain (1 or 2)', '1')
    .option('--half-life <steps>', 'time-decay: the weight halves every this many steps before the last touch', '7')
    .option('--json', 'print one JSON document on stdout')
    .action(async (opts: AttributionOptions) => {
      const summary = await runAttributionCommand(opts);
      process.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : formatAttribution(summary));
    });
}
