import { readFile } from 'node:fs/promises';
import {
  type ChannelCredit,
  markovAttribution,
  RULE_MODELS,
  type RuleModel,
  ruleAttribution,
  totals,
} from '@tradeloop/models';
import { parsePathFile } from './paths-file.js';

/** Model names on the command line (time-decay with a hyphen) and the models package's names. */
export const CLI_MODELS = {
  first: 'first',
  last: 'last',
  linear: 'linear',
  'time-decay': 'time_decay',
  position: 'position',
  markov: 'markov',
} as const;
type CliModel = keyof typeof CLI_MODELS;

export type AttributionOptions = {
  paths: string;
  model: string;
  order?: string;
  halfLife?: string;
  json?: boolean;
};

export type AttributionSummary = {
  file: string;
  paths: number;
  conversions: number;
  value: number;
  nonConverting: number;
  /** Per model (command-line name): credit per channel, channels by credited conversions. */
  models: Record<string, { channel: string; conversions: number; value: number; share: number }[]>;
  /** Markov only. */
  markov?: { order: 1 | 2; conversionProbability: number; removalEffects: Record<string, number> };
  elapsedMs: number;
};

function parseModels(spec: string): CliModel[] {
  const names = spec === 'all' ? Object.keys(CLI_MODELS) : spec.split(',').map((s) => s.trim());
  for (const n of names) {
    if (!(n in CLI_MODELS)) {
      throw new Error(`--model: unknown model "${n}"; use ${Object.keys(CLI_MODELS).join('|')}, a list or all`);
    }
  }
  return names as CliModel[];
}

function ranked(credit: ChannelCredit, total: number) {
  return Object.entries(credit)
    .map(([channel, c]) => ({
      channel,
      conversions: c.conversions,
      value: c.value,
      share: total > 0 ? c.conversions / total : 0,
    }))
    .sort((a, b) => b.conversions - a.conversions || (a.channel < b.channel ? -1 : 1));
}

/** Runs the chosen attribution models over a path file (see paths-file.ts for the format). */
export async function runAttributionCommand(opts: AttributionOptions): Promise<AttributionSummary> {
  const models = parseModels(opts.model);
  const order = Number(opts.order ?? '1');
  if (order !== 1 && order !== 2) throw new Error('--order: 1 or 2');
  const halfLife = Number(opts.halfLife ?? '7');
  if (!(halfLife > 0)) throw new Error('--half-life: a positive number of steps');
  const started = performance.now();
  const paths = parsePathFile(await readFile(opts.paths, 'utf8'));
  const total = totals(paths);
  const summary: AttributionSummary = {
    file: opts.paths,
    paths: paths.length,
    conversions: total.conversions,
    value: total.value,
    nonConverting: paths.reduce((s, p) => s + (p.nulls ?? 0), 0),
    models: {},
    elapsedMs: 0,
  };
  for (const model of models) {
    const name = CLI_MODELS[model];
    if (name === 'markov') {
      const r = markovAttribution(paths, { order });
      summary.models[model] = ranked(r.credit, total.conversions);
      summary.markov = { order, conversionProbability: r.conversionProbability, removalEffects: r.removalEffects };
    } else if ((RULE_MODELS as readonly string[]).includes(name)) {
      summary.models[model] = ranked(ruleAttribution(paths, name as RuleModel, { halfLife }), total.conversions);
    }
  }
  summary.elapsedMs = Math.round(performance.now() - started);
  return summary;
}

const fmt = (x: number, digits = 2) => x.toFixed(digits);

/** The summary as text: one table per model. */
export function formatAttribution(s: AttributionSummary): string {
  const lines = [
    `${s.file}: ${s.paths} paths, ${fmt(s.conversions, 0)} conversions, value ${fmt(s.value)}, ` +
      `${fmt(s.nonConverting, 0)} non-converting journeys (${s.elapsedMs} ms)`,
  ];
  for (const [model, rows] of Object.entries(s.models)) {
    lines.push('', `${model}${model === 'markov' && s.markov ? ` (order ${s.markov.order})` : ''}`);
    lines.push(
      `  ${'channel'.padEnd(16)}${'conversions'.padStart(14)}${'share'.padStart(9)}${'value'.padStart(14)}` +
        (model === 'markov' ? 'removal effect'.padStart(16) : ''),
    );
    for (const r of rows) {
      const re = model === 'markov' ? fmt(s.markov?.removalEffects[r.channel] ?? 0, 4).padStart(16) : '';
      lines.push(
        `  ${r.channel.padEnd(16)}${fmt(r.conversions).padStart(14)}${`${fmt(r.share * 100, 1)}%`.padStart(9)}` +
          `${fmt(r.value).padStart(14)}${re}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
