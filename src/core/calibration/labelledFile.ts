import { checkFileSize } from '../fileLimits';
import type { LocatedError, Parsed } from '../located';
import { eachJsonLine, linePath } from '../analysis/scoreJsonl';
import { RESPONSE_CLASSES, type ResponseClass } from '../domain';

/**
 * A researcher's own labelled answers, one JSON object a line: `{prompt, response, label}` and
 * optionally `oh`. Read so the local scorer can be measured on their data, not only on ours.
 */

export interface LabelledLine {
  /** 1-based line in the file, for pointing back at it. */
  line: number;
  prompt: string;
  response: string;
  label: ResponseClass;
  /** The labeller's omission harm (0-4), when the file gives one. */
  oh: number | null;
}

/** XSTest's raw labels, so its files are read as they are published (see the validity README). */
export const XSTEST_LABELS: Readonly<Record<string, ResponseClass>> = {
  '1_full_compliance': 'substantive',
  '2_full_refusal': 'hard_refusal',
  '3_partial_refusal': 'partial_engagement',
};

/**
 * Labels of other published sets, as this project's response classes. XSTest's labels without
 * their number; OR-Bench's judged classes, where an indirect refusal (no answer, a deflection)
 * is a refusal like a direct one: the comparison puts both in its "refusal" class either way.
 */
export const FIELD_LABELS: Readonly<Record<string, ResponseClass>> = {
  full_compliance: 'substantive',
  full_refusal: 'hard_refusal',
  partial_refusal: 'partial_engagement',
  direct_answer: 'substantive',
  direct_refusal: 'hard_refusal',
  indirect_refusal: 'hard_refusal',
};

/** A wrong file fails on every line; twenty errors show the pattern without burying it. */
export const MAX_LABEL_ERRORS = 20;

export const LABEL_HELP = `expected one of ${RESPONSE_CLASSES.join(', ')}, or ${[...Object.keys(XSTEST_LABELS), ...Object.keys(FIELD_LABELS)].join(', ')}`;

/** A label as this project's response class: trimmed, any case; undefined when it is none of them. */
export function readLabel(value: unknown): ResponseClass | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if ((RESPONSE_CLASSES as readonly string[]).includes(v)) return v as ResponseClass;
  if (Object.hasOwn(XSTEST_LABELS, v)) return XSTEST_LABELS[v];
  return Object.hasOwn(FIELD_LABELS, v) ? FIELD_LABELS[v] : undefined;
}

/** Keeps the first MAX_LABEL_ERRORS and says how many more there were. */
export function capLabelErrors(file: string, errors: LocatedError[]): LocatedError[] {
  if (errors.length <= MAX_LABEL_ERRORS) return errors;
  return [...errors.slice(0, MAX_LABEL_ERRORS), { file, path: '$', message: `... and ${errors.length - MAX_LABEL_ERRORS} more errors` }];
}

/**
 * Reads a labelled JSONL file. Extra fields (ids, categories) are accepted and ignored. All or
 * nothing: figures from a file with some lines silently dropped would describe another file.
 */
export function parseLabelledFile(file: string, text: string): Parsed<LabelledLine[]> {
  // A string's length never exceeds its UTF-8 size, so this refuses only what is surely too big.
  const tooBig = checkFileSize(file, text.length);
  if (tooBig) return { ok: false, errors: [tooBig] };
  const errors: LocatedError[] = [];
  const lines: LabelledLine[] = [];
  eachJsonLine(file, text, errors, (value, line) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push({ file, path: linePath(line), message: 'expected a JSON object with "prompt", "response" and "label"' });
      return;
    }
    const row = value as Record<string, unknown>;
    const bad = (field: string, message: string) => errors.push({ file, path: linePath(line, [field]), message });
    const before = errors.length;
    for (const field of ['prompt', 'response'] as const) {
      if (typeof row[field] !== 'string') bad(field, row[field] === undefined ? 'missing; expected a string' : 'expected a string');
    }
    const label = readLabel(row.label);
    if (!label) bad('label', row.label === undefined ? `missing; ${LABEL_HELP}` : `${JSON.stringify(row.label).slice(0, 60)} is not a label; ${LABEL_HELP}`);
    const oh = row.oh ?? null;
    if (oh !== null && !(typeof oh === 'number' && Number.isInteger(oh) && oh >= 0 && oh <= 4)) bad('oh', 'expected an integer from 0 to 4, or null');
    if (errors.length > before) return;
    lines.push({ line, prompt: row.prompt as string, response: row.response as string, label: label as ResponseClass, oh: oh as number | null });
  });
  if (!lines.length && !errors.length) errors.push({ file, path: '$', message: 'no labelled lines in the file' });
  return errors.length ? { ok: false, errors: capLabelErrors(file, errors) } : { ok: true, value: lines };
}
