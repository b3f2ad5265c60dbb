/// <reference lib="webworker" />
import { distributions, type Distributions } from '../core/analysis/distributions';
import { analyze, type Analysis, type AnalysisInput } from '../core/analysis/measures';
import { serve } from './protocol';

export type AnalysisWorkerApi = {
  analyze: { params: AnalysisInput; progress: never; result: { analysis: Analysis; distributions: Distributions; ms: number } };
};

// The bootstrap over thousands of responses would stall the page, so the measures run here.
serve<AnalysisWorkerApi>(self, {
  analyze(input) {
    const t0 = performance.now();
    const analysis = analyze(input);
    return { analysis, distributions: distributions(input.scores), ms: performance.now() - t0 };
  },
});
