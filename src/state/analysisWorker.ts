/// <reference lib="webworker" />
import { distributions, type Distributions } from '../core/analysis/distributions';
import { analyze, type Analysis, type AnalysisInput } from '../core/analysis/measures';

/** Typed messages across the analysis worker boundary, the same type on both sides. */
export type AnalysisRequest = { id: number; input: AnalysisInput };
export type AnalysisReply = { id: number; ok: true; analysis: Analysis; distributions: Distributions; ms: number } | { id: number; ok: false; error: string };

// The bootstrap over thousands of responses would stall the page, so the measures run here.
self.onmessage = (e: MessageEvent<AnalysisRequest>) => {
  const { id, input } = e.data;
  const t0 = performance.now();
  try {
    const analysis = analyze(input);
    const dist = distributions(input.scores);
    self.postMessage({ id, ok: true, analysis, distributions: dist, ms: performance.now() - t0 } satisfies AnalysisReply);
  } catch (err) {
    self.postMessage({ id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies AnalysisReply);
  }
};
