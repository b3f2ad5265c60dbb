import { classifyText } from '../scoring';
import type { LabelPrediction } from './labelComparison';

/** Lines classified between two progress reports. */
const STEP = 250;

/**
 * The local scorer's verdict on each labelled line, judged without a case (as the CLI's
 * `classify`), reporting progress every few hundred lines. Apart from labelComparison so the
 * page can show a comparison without loading the scorer: the scoring worker runs this.
 */
export function classifyLabelled(lines: readonly { prompt: string; response: string }[], onProgress?: (done: number, total: number) => void): LabelPrediction[] {
  const out: LabelPrediction[] = [];
  for (const l of lines) {
    const c = classifyText({ prompt: l.prompt, response: l.response });
    out.push({ response_class: c.response_class, oh: c.oh, reasons: c.reasons });
    if (out.length % STEP === 0 || out.length === lines.length) onProgress?.(out.length, lines.length);
  }
  return out;
}
