import { describe, expect, it } from 'vitest';
import {
  niceCeil,
  niceFloor,
  paramsFromState,
  previewSpendCsv,
  quadrantQuery,
  scatterData,
  spendByChannel,
  splitCsvLine,
  stateFromParams,
} from './channels-state';
import type { ChannelQuadrantResult } from './types';

const TODAY = '2026-11-30';

describe('channel quadrant state in the URL', () => {
  it('reads thresholds in yuan, keeps them in fen, and sends only the ones given', () => {
    const s = stateFromParams(new URLSearchParams('cpr=1200.5&cpp=abc&from=2026-01-01&to=2026-03-31'), TODAY);
    expect(s).toEqual({ range: { from: '2026-01-01', to: '2026-03-31' }, cpr: 120_050, cpp: null });
    expect(quadrantQuery(s)).toEqual({
      kind: 'ChannelQuadrantQuery',
      thresholds: { costPerRegistration: 120_050 },
      dateRange: { from: '2026-01-01', to: '2026-03-31' },
    });
    expect(paramsFromState(new URLSearchParams('s.page=2'), s, TODAY).toString()).toBe(
      's.page=2&from=2026-01-01&to=2026-03-31&cpr=1200.5',
    );
    const dflt = stateFromParams(new URLSearchParams('cpr=-5'), TODAY);
    expect(dflt).toEqual({ range: { from: '2026-09-02', to: TODAY }, cpr: null, cpp: null });
    expect(paramsFromState(new URLSearchParams(), dflt, TODAY).toString()).toBe('');
  });
});

const answer = (channels: ChannelQuadrantResult['channels'], cpr: number | null, cpp: number | null) =>
  ({
    kind: 'ChannelQuadrantQuery',
    thresholds: { costPerRegistration: cpr, costPerPaying: cpp },
    thresholdRule: 'median',
    rule: '',
    currency: 'CNY',
    channels,
  }) satisfies ChannelQuadrantResult;

describe('scatterData', () => {
  it('places channels with both costs, lists the others, and splits the plane at the thresholds', () => {
    const data = scatterData(
      answer(
        [
          {
            channel: 'baidu',
            spend: 900,
            registrations: 9,
            paying: 3,
            costPerRegistration: 100,
            costPerPaying: 300,
            quadrant: 'star',
          },
          {
            channel: 'expo',
            spend: 800,
            registrations: 2,
            paying: 1,
            costPerRegistration: 400,
            costPerPaying: 800,
            quadrant: 'question',
          },
          {
            channel: 'wechat',
            spend: 500,
            registrations: 1,
            paying: 0,
            costPerRegistration: 500,
            costPerPaying: null,
            quadrant: 'question',
          },
          {
            channel: '(direct)',
            spend: 0,
            registrations: 8,
            paying: 5,
            costPerRegistration: null,
            costPerPaying: null,
            quadrant: null,
          },
        ],
        250,
        550,
      ),
    );
    expect(data.points.map((p) => [p.channel, p.x, p.y, p.quadrant])).toEqual([
      ['baidu', 100, 300, 'star'],
      ['expo', 400, 800, 'question'],
    ]);
    expect(data.unplotted.map((c) => c.channel)).toEqual(['wechat', '(direct)']);
    // Log axes: from a nice value below the cheapest to one above the dearest (at least a decade).
    expect([data.minX, data.maxX, data.minY, data.maxY]).toEqual([50, 1000, 200, 2000]);
    expect(data.areas).toEqual([
      { quadrant: 'star', box: [50, 200, 250, 550] },
      { quadrant: 'volume', box: [50, 550, 250, 2000] },
      { quadrant: 'niche', box: [250, 200, 1000, 550] },
      { quadrant: 'question', box: [250, 550, 1000, 2000] },
    ]);
  });

  it('puts a threshold of 0 on the axis start (a log axis has no 0)', () => {
    const data = scatterData(
      answer(
        [
          {
            channel: 'a',
            spend: 9,
            registrations: 1,
            paying: 1,
            costPerRegistration: 900,
            costPerPaying: 900,
            quadrant: 'question',
          },
        ],
        0,
        0,
      ),
    );
    expect([data.tx, data.ty]).toEqual([data.minX, data.minY]);
    expect(data.areas[3]?.box).toEqual([data.minX, data.minY, data.maxX, data.maxY]);
  });

  it('draws no areas without thresholds (no channel has costs yet)', () => {
    const data = scatterData(answer([], null, null));
    expect(data.points).toEqual([]);
    expect(data.areas).toEqual([]);
  });

  it('rounds axis ends to values that read well', () => {
    expect([0, 0.7, 1, 3, 21, 240, 251, 5001].map(niceCeil)).toEqual([1, 1, 1, 5, 25, 250, 500, 10_000]);
    expect([0, 0.7, 1, 3, 21, 240, 5001].map(niceFloor)).toEqual([1, 0.5, 1, 2, 20, 200, 5000]);
  });
});

describe('spend CSV preview and totals', () => {
  it('splits quoted CSV cells and flags an unterminated quote', () => {
    expect(splitCsvLine('a,"b,c","say ""hi""",')).toEqual(['a', 'b,c', 'say "hi"', '']);
    expect(splitCsvLine('"open')).toBeNull();
  });

  it('previews the header and the first lines with their line numbers, counting every non-empty line', () => {
    const text =
      '\uFEFFchannel,day,amount\r\nbaidu,2026-11-01,300000\r\n\r\nwechat,2026-11-01,12abc\nexpo,2026-11-02,1\n';
    const p = previewSpendCsv(text, 2);
    expect(p.header).toEqual(['channel', 'day', 'amount']);
    expect(p.rows).toEqual([
      { line: 2, cells: ['baidu', '2026-11-01', '300000'] },
      { line: 4, cells: ['wechat', '2026-11-01', '12abc'] },
    ]);
    expect(p.count).toBe(3);
  });

  it('adds spend up per channel, largest first', () => {
    expect(
      spendByChannel([
        { channel: 'a', day: '2026-11-01', amount: 5, currency: 'CNY' },
        { channel: 'b', day: '2026-11-01', amount: 20, currency: 'CNY' },
        { channel: 'a', day: '2026-11-02', amount: 7, currency: 'CNY' },
      ]),
    ).toEqual([
      { channel: 'b', amount: 20, days: 1 },
      { channel: 'a', amount: 12, days: 2 },
    ]);
  });
});
