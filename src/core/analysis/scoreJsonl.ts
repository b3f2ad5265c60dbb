import { jsonPath, parseJson, type LocatedError, type Parsed } from '../located';
import { scoreRecordSchema, type ScoreRecord } from '../scoreRecord';

/** After this many, the rest of a file's errors are summarised: a systematic fault would repeat on every line. */
export const MAX_LINE_ERRORS = 50;

/** `line 12: $.omission_harm`, the path of a field on one line of a JSONL file. */
export function linePath(line: number, path: readonly PropertyKey[] = []): string {
  return `line ${line}: ${jsonPath(path)}`;
}

/**
 * Calls `visit` with each non-blank line's JSON value and 1-based line number; syntax errors go to
 * `errors`. Blank lines (a trailing newline, a blank line at the end) are skipped.
 */
export function eachJsonLine(file: string, text: string, errors: LocatedError[], visit: (value: unknown, line: number) => void): void {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const json = parseJson(file, raw);
    if (json.ok) visit(json.value, i + 1);
    else errors.push(...json.errors.map((e) => ({ ...e, path: linePath(i + 1) })));
  }
}

/** Keeps the first MAX_LINE_ERRORS and says how many more there were. */
export function capErrors(file: string, errors: LocatedError[]): LocatedError[] {
  if (errors.length <= MAX_LINE_ERRORS) return errors;
  return [...errors.slice(0, MAX_LINE_ERRORS), { file, path: '$', message: `... and ${errors.length - MAX_LINE_ERRORS} more errors` }];
}

/** Reads the native score JSONL (one ScoreRecord per line). All-or-nothing. */
export function parseScoreJsonl(file: string, text: string): Parsed<ScoreRecord[]> {
  const errors: LocatedError[] = [];
  const records: ScoreRecord[] = [];
  eachJsonLine(file, text, errors, (value, line) => {
    const r = scoreRecordSchema.safeParse(value);
    if (r.success) records.push(r.data);
    else errors.push(...r.error.issues.map((issue) => ({ file, path: linePath(line, issue.path), message: issue.message })));
  });
  return errors.length ? { ok: false, errors: capErrors(file, errors) } : { ok: true, value: records };
}
