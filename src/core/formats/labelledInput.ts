import type { Parsed } from '../located';
import { plural } from '../plural';
import { parseLabelledFile, type LabelledLine } from '../calibration/labelledFile';
import { parseLabelledCsv } from './labelledCsv';
import { parsePromptfooResults } from './promptfooResults';

/** A file the calibration view compares the local scorer with, whatever format it came in. */
export interface LabelledInput {
  lines: LabelledLine[];
  /** What a line's number counts: a line of the file, or a result in promptfoo's list. */
  unit: 'Line' | 'Result';
  /** Said above the figures: how the file's verdicts were read. */
  note: string | null;
}

/** Chooses the reader by the file's extension: .csv, promptfoo's .json, else JSONL. */
export function parseLabelledInput(file: string, text: string): Parsed<LabelledInput> {
  if (/\.csv$/i.test(file)) {
    const r = parseLabelledCsv(file, text);
    return r.ok ? { ok: true, value: { lines: r.value, unit: 'Line', note: null } } : r;
  }
  if (/\.json$/i.test(file)) {
    const r = parsePromptfooResults(file, text);
    if (!r.ok) return r;
    const skipped = r.value.skipped ? ` Left out ${plural(r.value.skipped, 'result')} with a provider error and no answer.` : '';
    const note = `promptfoo results: read ${r.value.passMeans}. promptfoo gives pass or fail only, so "substantive or not" is the fair comparison.${skipped}`;
    return { ok: true, value: { lines: r.value.lines, unit: 'Result', note } };
  }
  const r = parseLabelledFile(file, text);
  return r.ok ? { ok: true, value: { lines: r.value, unit: 'Line', note: null } } : r;
}
