import type { Chart, Plugin } from 'chart.js';

/** What the plugin reads of a chart: enough to test it with a stand-in. */
type Drawn = Pick<Chart, 'ctx' | 'getDatasetMeta'> & { scales: Record<string, { getPixelForValue(v: number): number }> };

/**
 * Chart.js has no error bars: this draws each bar's interval as a whisker (a vertical line from
 * the low to the high bound, with caps) over the bars of one dataset, so a chart whose caption
 * says "whiskers" shows exactly the interval, not a box from the bar's top.
 */
export function intervalWhiskers(intervals: readonly (readonly [number, number] | null)[], datasetIndex = 0): Plugin<'bar'> {
  return {
    id: 'intervalWhiskers',
    afterDatasetsDraw(chart) {
      drawWhiskers(chart as unknown as Drawn, intervals, datasetIndex);
    },
  };
}

export function drawWhiskers(chart: Drawn, intervals: readonly (readonly [number, number] | null)[], datasetIndex: number) {
  const { ctx } = chart;
  const y = chart.scales.y;
  const bars = chart.getDatasetMeta(datasetIndex).data as unknown as { x: number; width?: number }[];
  if (!y) return;
  ctx.save();
  ctx.strokeStyle = '#222';
  ctx.lineWidth = 1.5;
  intervals.forEach((interval, i) => {
    const bar = bars[i];
    if (!interval || !bar) return;
    const [low, high] = [y.getPixelForValue(interval[0]), y.getPixelForValue(interval[1])];
    const cap = Math.min(8, (bar.width ?? 24) / 4);
    ctx.beginPath();
    ctx.moveTo(bar.x, low);
    ctx.lineTo(bar.x, high);
    for (const at of [low, high]) {
      ctx.moveTo(bar.x - cap, at);
      ctx.lineTo(bar.x + cap, at);
    }
    ctx.stroke();
  });
  ctx.restore();
}
