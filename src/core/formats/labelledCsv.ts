import { checkFileSize } from '../fileLimits';
import type { LocatedError, Parsed } from '../located';
import { linePath } from '../analysis/scoreJsonl';
import { capLabelErrors, LABEL_HELP, readLabel, type LabelledLine } from '../calibration/labelledFile';
import { parseCsvTable, type CsvRow } from './csv';

/**
 * A labelled set as CSV: columns prompt, response and label (any order, other columns ignored),
 * optionally oh. Published sets name the columns their own way, so each has aliases: XSTest's
 * answer files hold the answer in `completion` and the answer's label in `final_label` (their
 * `label` column says whether the prompt was safe, so `final_label` wins when both are there).
 */
const COLUMNS = {
  prompt: ['prompt', 'question', 'input'],
  response: ['response', 'completion', 'answer', 'output'],
  label: ['final_label', 'label'],
} as const;

function pick(row: CsvRow, names: readonly string[]): string | undefined {
  for (const n of names) {
    const v = row.get(n);
    if (v !== undefined) return v;
  }
  return undefined;
}

function readOh(raw: string | undefined): number | null | undefined {
  const v = raw?.trim() ?? '';
  if (v === '') return null;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 && n <= 4 ? n : undefined;
}

/** Reads a labelled CSV; all or nothing, like the JSONL reader, with errors naming line and column. */
export function parseLabelledCsv(file: string, text: string): Parsed<LabelledLine[]> {
  const tooBig = checkFileSize(file, text.length);
  if (tooBig) return { ok: false, errors: [tooBig] };
  const table = parseCsvTable(file, text);
  if (!table.ok) return { ok: false, errors: capLabelErrors(file, table.errors) };
  const missing = Object.entries(COLUMNS)
    .filter(([, names]) => !names.some((n) => table.value.columns.includes(n)))
    .map(([field, names]) => `"${field}" (or ${names.filter((n) => n !== field).map((n) => `"${n}"`).join(', ')})`);
  if (missing.length) return { ok: false, errors: [{ file, path: 'line 1', message: `the header has no column ${missing.join(' and no column ')}` }] };
  const errors: LocatedError[] = [];
  const lines: LabelledLine[] = [];
  for (const row of table.value.rows) {
    const labelText = pick(row, COLUMNS.label)!;
    const label = readLabel(labelText);
    const oh = readOh(row.get('oh'));
    const before = errors.length;
    if (!label) errors.push({ file, path: linePath(row.line, ['label']), message: labelText.trim() ? `${JSON.stringify(labelText).slice(0, 60)} is not a label; ${LABEL_HELP}` : `empty; ${LABEL_HELP}` });
    if (oh === undefined) errors.push({ file, path: linePath(row.line, ['oh']), message: 'expected an integer from 0 to 4, or nothing' });
    if (errors.length > before) continue;
    lines.push({ line: row.line, prompt: pick(row, COLUMNS.prompt)!, response: pick(row, COLUMNS.response)!, label: label!, oh: oh as number | null });
  }
  if (!lines.length && !errors.length) errors.push({ file, path: '$', message: 'no labelled rows under the header' });
  return errors.length ? { ok: false, errors: capLabelErrors(file, errors) } : { ok: true, value: lines };
}
