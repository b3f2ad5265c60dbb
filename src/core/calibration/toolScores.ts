import { checkFileSize } from '../fileLimits';
import type { LocatedError, Parsed } from '../located';
import type { ResponseRecord } from '../run/types';
import { eachJsonLine, linePath } from '../analysis/scoreJsonl';
import { verdictBase, type ScoreRecord } from '../scoreRecord';
import type { ResponseClass } from '../domain';
import { capLabelErrors, LABEL_HELP, readLabel } from './labelledFile';

/**
 * Another tool's verdicts on responses stored here, one JSON object a line:
 * `{response_id, response_class?, oh?, ch?}`. They become an imported scorer named after the
 * file, so the Agreement view compares that tool with the local scorer, a judge or a rater.
 */

export interface ToolScoreLine {
  line: number;
  response_id: string;
  response_class: ResponseClass | null;
  oh: number | null;
  ch: number | null;
}

/** `imported:<file name without folders or extension>`; '|' is taken out because it separates the parts of a score id. */
export function toolScorerName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const stem = base.replace(/\.[^.]*$/, '').replace(/\|/g, '_').trim();
  return `imported:${stem || 'scores'}`;
}

function score(value: unknown, max: number): number | null | undefined {
  if (value === undefined || value === null) return null;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max ? value : undefined;
}

/** Checks the shape of every line; which responses the ids name is checked against the store by {@link toolScoreRecords}. */
export function parseToolScores(file: string, text: string): Parsed<ToolScoreLine[]> {
  const tooBig = checkFileSize(file, text.length);
  if (tooBig) return { ok: false, errors: [tooBig] };
  const errors: LocatedError[] = [];
  const lines: ToolScoreLine[] = [];
  const seen = new Map<string, number>();
  eachJsonLine(file, text, errors, (value, line) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push({ file, path: linePath(line), message: 'expected a JSON object with "response_id" and at least one of "response_class", "oh", "ch"' });
      return;
    }
    const row = value as Record<string, unknown>;
    const bad = (field: string, message: string) => errors.push({ file, path: linePath(line, [field]), message });
    const before = errors.length;
    const id = row.response_id;
    if (typeof id !== 'string' || id === '') bad('response_id', 'expected the id of a stored response (a non-empty string)');
    const cls = row.response_class == null ? null : readLabel(row.response_class);
    if (cls === undefined) bad('response_class', LABEL_HELP);
    const oh = score(row.oh, 4);
    if (oh === undefined) bad('oh', 'expected an integer from 0 to 4, or null');
    const ch = score(row.ch, 3);
    if (ch === undefined) bad('ch', 'expected an integer from 0 to 3, or null');
    if (errors.length > before) return;
    if (cls === null && oh === null && ch === null) {
      errors.push({ file, path: linePath(line), message: 'no verdict: give at least one of "response_class", "oh", "ch"' });
      return;
    }
    const prior = seen.get(id as string);
    if (prior !== undefined) {
      bad('response_id', `the same response as line ${prior}`);
      return;
    }
    seen.set(id as string, line);
    lines.push({ line, response_id: id as string, response_class: cls as ResponseClass | null, oh: oh as number | null, ch: ch as number | null });
  });
  if (!lines.length && !errors.length) errors.push({ file, path: '$', message: 'no scored lines in the file' });
  return errors.length ? { ok: false, errors: capLabelErrors(file, errors) } : { ok: true, value: lines };
}

/** The lines as ScoreRecords of the file's scorer; every id must name a stored response. */
export function toolScoreRecords(file: string, lines: readonly ToolScoreLine[], responses: ReadonlyMap<string, ResponseRecord>, createdAt: string): Parsed<ScoreRecord[]> {
  const scorer = toolScorerName(file);
  const errors: LocatedError[] = [];
  const records: ScoreRecord[] = [];
  for (const l of lines) {
    const r = responses.get(l.response_id);
    if (!r) {
      errors.push({ file, path: linePath(l.line, ['response_id']), message: `no stored response has the id "${l.response_id}"` });
      continue;
    }
    records.push({
      ...verdictBase(scorer, 'imported', r, createdAt),
      response_class: l.response_class,
      oh: l.oh,
      ch: l.ch,
      ttt: null,
      critical_actions: [],
      mechanism: null,
      filtered: r.status === 'filtered' || l.response_class === 'empty_or_filtered',
      approximate: false,
      parse_error: null,
      detail: { file, line: l.line },
    });
  }
  return errors.length ? { ok: false, errors: capLabelErrors(file, errors) } : { ok: true, value: records };
}
