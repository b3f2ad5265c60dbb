import type { Scale } from 'chart.js';
import { describe, expect, it } from 'vitest';
import type { FailureModeResult, ModelGap, PairGap } from '../../core/analysis/measures';
import { failureMapChart, gapChart, HEATMAP_PAGE, heatmapChart, heatmapHeight } from './analysisCharts';
import { drawWhiskers } from './intervalWhiskers';

type Tick = (v: number) => string;
const ticksOf = (axis: { afterBuildTicks?: unknown }) => {
  const fake = { ticks: [] as { value: number }[] };
  (axis.afterBuildTicks as (a: Scale) => void)(fake as unknown as Scale);
  return fake.ticks.map((t) => t.value);
};

describe('heatmap', () => {
  const pairs: PairGap[] = ['c1', 'c2', 'c3'].flatMap((c) =>
    ['m1', 'm2'].map((m) => ({ pair_id: c, case_id: c, model_id: m, lay_oh: 2, phys_oh: 0, gap: 2, lay_n: 3, phys_n: 3 })),
  );
  const cfg = heatmapChart(pairs, ['c1', 'c2', 'c3'], ['m1', 'm2'], (id) => `Case ${id}`, (id) => `Model ${id}`);
  const scales = cfg.options!.scales! as Record<'x' | 'y', { afterBuildTicks?: unknown; ticks?: { callback?: unknown } }>;

  it('labels every row with its case and every column with its model', () => {
    const y = ticksOf(scales.y);
    expect(y).toEqual([0, 1, 2]);
    expect(y.map((v) => (scales.y.ticks!.callback as Tick)(v))).toEqual(['Case c1', 'Case c2', 'Case c3']);
    const x = ticksOf(scales.x);
    expect(x.map((v) => (scales.x.ticks!.callback as Tick)(v))).toEqual(['Model m1', 'Model m2']);
  });

  it('draws only the cases of the page, in a frame of bounded height', () => {
    const some = heatmapChart(pairs, ['c2'], ['m1', 'm2'], String, String);
    expect(some.data.datasets[0]!.data).toEqual([
      { x: 0, y: 0 },
      { x: 1, y: 0 },
    ]);
    expect(heatmapHeight(HEATMAP_PAGE)).toBeLessThanOrEqual(560);
  });
});

describe('gap chart', () => {
  const models = [
    { model_id: 'a', mean_gap: 1, ci_low: 0.5, ci_high: 1.5 },
    { model_id: 'b', mean_gap: -0.2, ci_low: -0.9, ci_high: 0.4 },
  ] as ModelGap[];

  it('draws each interval as a whisker from its low to its high bound', () => {
    const cfg = gapChart(models, (id) => id.toUpperCase());
    expect(cfg.data.labels).toEqual(['A', 'B']);
    // A single dataset of means: no stacked box from the mean to the upper bound.
    expect(cfg.data.datasets).toHaveLength(1);
    const y = cfg.options!.scales!.y as { suggestedMin: number; suggestedMax: number };
    expect(y.suggestedMin).toBeLessThan(-0.9);
    expect(y.suggestedMax).toBeGreaterThan(1.5);

    const lines: [string, number, number][] = [];
    const ctx = { save() {}, restore() {}, beginPath() {}, stroke() {}, moveTo: (x: number, y: number) => lines.push(['move', x, y]), lineTo: (x: number, y: number) => lines.push(['line', x, y]) };
    const chart = { ctx, scales: { y: { getPixelForValue: (v: number) => 100 - v * 10 } }, getDatasetMeta: () => ({ data: [{ x: 50, width: 40 }, { x: 150, width: 40 }] }) };
    drawWhiskers(chart as never, models.map((m) => [m.ci_low, m.ci_high] as const), 0);
    // The stem of the first whisker: from 0.5 (pixel 95) to 1.5 (pixel 85) at the bar's centre.
    expect(lines.slice(0, 2)).toEqual([
      ['move', 50, 95],
      ['line', 50, 85],
    ]);
    expect(lines.filter(([, x]) => x === 150)).toEqual([
      ['move', 150, 109],
      ['line', 150, 96],
    ]);
    // Caps at both ends, across the stem.
    expect(lines.filter(([, x]) => x === 142 || x === 158).map(([, , y]) => y)).toEqual([109, 109, 96, 96]);
  });
});

describe('failure-mode map', () => {
  it('reaches past 0 and 4 on both axes, so a point at an edge is drawn whole, and ticks at whole OH values', () => {
    const modes = [{ model_id: 'a', lay_oh: 4, phys_oh: 0, label: 'trained_withholding' }] as FailureModeResult[];
    const cfg = failureMapChart(modes, String);
    for (const axis of Object.values(cfg.options!.scales!) as { min: number; max: number; afterBuildTicks?: unknown }[]) {
      expect(axis.min).toBeLessThan(0);
      expect(axis.max).toBeGreaterThan(4);
      expect(ticksOf(axis)).toEqual([0, 1, 2, 3, 4]);
    }
    expect(cfg.data.datasets[0]!.label).toBe('a (trained withholding)');
  });
});
