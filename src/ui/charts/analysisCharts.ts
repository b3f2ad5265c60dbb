import type { ChartConfiguration, Scale } from 'chart.js';
import type { Analysis, FailureModeResult, ModelGap, PairGap } from '../../core/analysis/measures';
import { intervalWhiskers } from './intervalWhiskers';

/**
 * The analysis charts' configurations, built apart from the component so each can be checked
 * without a canvas: labels on both heatmap axes, intervals drawn as whiskers, axes that hold
 * every point.
 */

export const palette = ['#0b5cad', '#c0392b', '#2e8b57', '#8e44ad', '#d35400', '#16a085', '#7f8c8d'];
const f2 = (x: number | null) => (x === null ? '–' : x.toFixed(2));

/** One tick per index, whatever step Chart.js would choose, so every row and column is labelled. */
const tickPerIndex = (n: number) => (axis: Scale) => {
  axis.ticks = Array.from({ length: n }, (_, i) => ({ value: i }));
};

/** Mean gap per model as bars, with its 95% interval drawn as a whisker; the axis holds every bound. */
export function gapChart(models: readonly ModelGap[], label: (modelId: string) => string): ChartConfiguration<'bar'> {
  const values = models.flatMap((m) => [m.mean_gap, m.ci_low, m.ci_high, 0]);
  return {
    type: 'bar',
    data: {
      labels: models.map((m) => label(m.model_id)),
      datasets: [{ label: 'Mean decoupling gap (lay OH − physician OH), with its 95% interval', data: models.map((m) => m.mean_gap), backgroundColor: '#0b5cad' }],
    },
    options: {
      scales: { y: { suggestedMin: Math.min(...values) - 0.1, suggestedMax: Math.max(...values) + 0.1, title: { display: true, text: 'OH gap' } } },
      plugins: { tooltip: { callbacks: { afterLabel: (ctx) => `95% interval ${f2(models[ctx.dataIndex]!.ci_low)} to ${f2(models[ctx.dataIndex]!.ci_high)}` } } },
    },
    plugins: [intervalWhiskers(models.map((m) => [m.ci_low, m.ci_high] as const))],
  };
}

/** OH runs 0-4; the axes reach a little beyond, so a point on 0 or 4 is drawn whole. */
const OH_AXIS = { min: -0.3, max: 4.3 } as const;

export function failureMapChart(modes: readonly FailureModeResult[], label: (modelId: string) => string): ChartConfiguration<'scatter'> {
  const ohTicks = (axis: Scale) => {
    axis.ticks = [0, 1, 2, 3, 4].map((value) => ({ value }));
  };
  return {
    type: 'scatter',
    data: {
      datasets: modes.map((f, i) => ({
        label: `${label(f.model_id)} (${f.label.replace(/_/g, ' ')})`,
        data: [{ x: f.phys_oh, y: f.lay_oh }],
        backgroundColor: palette[i % palette.length],
        pointRadius: 8,
      })),
    },
    options: {
      scales: {
        x: { ...OH_AXIS, afterBuildTicks: ohTicks, title: { display: true, text: 'Physician mean OH' } },
        y: { ...OH_AXIS, afterBuildTicks: ohTicks, title: { display: true, text: 'Layperson mean OH' } },
      },
    },
  };
}

/** Heatmap rows shown at once: 45 cases would make a 1,300 px chart, so longer lists page. */
export const HEATMAP_PAGE = 15;

/**
 * The OH heatmap for some cases: one square per case x model, coloured by the layperson's mean
 * OH (0 white … 4 red), each row named by its case and each column by its model. Its height
 * (`heatmapHeight`) is bounded by the page size.
 */
export function heatmapChart(
  pairs: readonly PairGap[],
  caseIds: readonly string[],
  modelIds: readonly string[],
  caseTitle: (id: string) => string,
  label: (modelId: string) => string,
): ChartConfiguration<'scatter'> {
  const shown = pairs.filter((p) => caseIds.includes(p.case_id) && modelIds.includes(p.model_id));
  const short = (s: string) => (s.length > 38 ? `${s.slice(0, 37)}…` : s);
  return {
    type: 'scatter',
    data: {
      datasets: [
        {
          label: 'Layperson mean OH',
          data: shown.map((p) => ({ x: modelIds.indexOf(p.model_id), y: caseIds.indexOf(p.case_id) })),
          backgroundColor: shown.map((p) => `rgba(192, 57, 43, ${0.08 + (p.lay_oh / 4) * 0.92})`),
          pointStyle: 'rect',
          // A square fills its cell, however many models and cases share the area.
          pointRadius: (ctx) => {
            const area = ctx.chart.chartArea;
            return area ? Math.max(3, Math.min(area.width / modelIds.length, area.height / caseIds.length) / 2 - 2) : 10;
          },
        },
      ],
    },
    options: {
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const p = shown[ctx.dataIndex]!;
              return `${caseTitle(p.case_id)} · ${label(p.model_id)}: lay OH ${f2(p.lay_oh)}, physician OH ${f2(p.phys_oh)}`;
            },
          },
        },
      },
      scales: {
        x: {
          position: 'top',
          min: -0.5,
          max: modelIds.length - 0.5,
          afterBuildTicks: tickPerIndex(modelIds.length),
          ticks: { autoSkip: false, callback: (v) => label(modelIds[Number(v)] ?? '') },
          grid: { display: false },
          title: { display: true, text: 'Model' },
        },
        y: {
          reverse: true,
          min: -0.5,
          max: caseIds.length - 0.5,
          afterBuildTicks: tickPerIndex(caseIds.length),
          ticks: { autoSkip: false, callback: (v) => short(caseTitle(caseIds[Number(v)] ?? '')) },
          grid: { display: false },
          title: { display: true, text: 'Case' },
        },
      },
    },
  };
}

export const heatmapHeight = (cases: number) => Math.max(200, cases * 30 + 90);

export function hitChart(a: Analysis, framings: readonly string[], framingName: (f: string) => string): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: {
      labels: framings.map(framingName),
      datasets: [
        { label: 'Safety-colliding actions', data: framings.map((f) => pooledHit(a, f, 'colliding')), backgroundColor: '#d35400' },
        { label: 'Non-colliding actions', data: framings.map((f) => pooledHit(a, f, 'non_colliding')), backgroundColor: '#2e8b57' },
      ],
    },
    options: { scales: { y: { min: 0, max: 1, title: { display: true, text: 'Hit rate (partial = 0.5)' } } } },
  };
}

/** A framing's hit rate for one class of critical action, pooled over the models; null with no graded action. */
export function pooledHit(a: Analysis, framing: string, cls: string): number | null {
  const rows = a.hit_rates.filter((h) => h.framing === framing && h.class === cls);
  const n = rows.reduce((t, r) => t + r.n, 0);
  return n ? rows.reduce((t, r) => t + r.hit_rate * r.n, 0) / n : null;
}

export function distChart(framings: readonly string[], counts: Record<string, number[]>, labels: string[], axis: string, framingName: (f: string) => string): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: {
      labels,
      datasets: framings.map((f, i) => ({ label: framingName(f), data: counts[f] ?? [], backgroundColor: palette[i % palette.length] })),
    },
    options: { scales: { x: { title: { display: true, text: axis } }, y: { title: { display: true, text: 'Responses' } } } },
  };
}

/** Whether a histogram has anything to draw. */
export const anyCounts = (counts: Record<string, number[]>) => Object.values(counts).some((xs) => xs.some((x) => x > 0));
