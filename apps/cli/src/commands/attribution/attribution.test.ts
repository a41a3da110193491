import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePathFile } from './paths-file.js';
import { runAttributionCommand } from './run.js';

const DATASET = fileURLToPath(new URL('../../../../../../shared/datasets/attribution/paths.csv', import.meta.url));
const missing = existsSync(DATASET) ? '' : `dataset not found at ${DATASET}`;
if (missing) console.warn(`[attribution cli] ${missing}: slice test skipped`);

describe('tradeloop attribution --paths', () => {
  let dir: string;
  let slice: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-attr-'));
    slice = join(dir, 'slice.csv');
    // The dataset's header and its first four paths:
    //   eta > iota > alpha > eta;1;0.244;3
    //   iota > iota > iota > iota;2;3.195;6
    //   alpha > iota > alpha > alpha > alpha > iota > alpha > alpha > alpha > alpha > alpha;2;6.754;6   (9 alpha, 2 iota)
    //   beta > eta;1;2.402;3
    if (!missing) await writeFile(slice, (await readFile(DATASET, 'utf8')).split('\n').slice(0, 5).join('\n'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it.skipIf(missing !== '')('credits a slice of the ChannelAttribution example data per model', async () => {
    const s = await runAttributionCommand({ paths: slice, model: 'first,last,linear,markov' });
    expect(s.paths).toBe(4);
    expect(s.conversions).toBe(6);
    expect(s.nonConverting).toBe(18);
    const credit = (model: string) =>
      Object.fromEntries((s.models[model] ?? []).map((r) => [r.channel, [r.conversions, Number(r.value.toFixed(6))]]));
    expect(credit('first')).toEqual({ iota: [2, 3.195], alpha: [2, 6.754], eta: [1, 0.244], beta: [1, 2.402] });
    expect(credit('last')).toEqual({ eta: [2, 2.646], iota: [2, 3.195], alpha: [2, 6.754] });
    const linear = credit('linear');
    // eta: 2/4 of path 1 + 1/2 of path 4; iota: 1/4 + 2 + 2·2/11; alpha: 1/4 + 2·9/11; beta: 1/2.
    expect(linear.eta?.[0]).toBeCloseTo(1, 12);
    expect(linear.iota?.[0]).toBeCloseTo(0.25 + 2 + 4 / 11, 12);
    expect(linear.alpha?.[0]).toBeCloseTo(0.25 + 18 / 11, 12);
    expect(linear.beta?.[0]).toBeCloseTo(0.5, 12);
    // Markov: credit adds up to the conversions and value; removal effects are shares.
    const markov = s.models.markov ?? [];
    expect(markov.reduce((a, r) => a + r.conversions, 0)).toBeCloseTo(6, 9);
    expect(markov.reduce((a, r) => a + r.value, 0)).toBeCloseTo(0.244 + 3.195 + 6.754 + 2.402, 9);
    for (const re of Object.values(s.markov?.removalEffects ?? {})) {
      expect(re).toBeGreaterThan(0);
      expect(re).toBeLessThanOrEqual(1);
    }
  });

  it('names the line and field of a bad row, and rejects unknown models', async () => {
    expect(() =>
      parsePathFile('path;total_conversions;total_conversion_value;total_null\na > b;1;2;0\nc;x;1;0\n'),
    ).toThrow('line 3, total_conversions: not a non-negative number: x');
    expect(() => parsePathFile('path;total_conversions\n ;1\n')).toThrow('line 2, path: an empty path');
    const file = join(dir, 'ok.csv');
    await writeFile(file, 'path;total_conversions\na > b;1\n');
    await expect(runAttributionCommand({ paths: file, model: 'shapley' })).rejects.toThrow(/--model: unknown model/);
    const s = await runAttributionCommand({ paths: file, model: 'position' });
    expect(s.models.position).toEqual([
      { channel: 'a', conversions: 0.5, value: 0, share: 0.5 },
      { channel: 'b', conversions: 0.5, value: 0, share: 0.5 },
    ]);
  });
});
