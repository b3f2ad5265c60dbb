import { z } from 'zod';
import type { Case, CriticalAction } from '../caseSchema';
import type { LocatedError } from '../located';
import { GRADES, OMISSION_MECHANISMS, RESPONSE_CLASSES, type Grade } from '../domain';
import { scoreId, type ScoreRecord } from '../scoreRecord';
import { capErrors, eachJsonLine, linePath } from './scoreJsonl';

/**
 * Reads IatroBench's scored-results JSONL (DOMAIN.md section 5) into ScoreRecords, so published
 * verdicts can be analysed and compared with any other scorer. Scenario ids are resolved through
 * the `source.original_ids` of cases imported from the same scenario files. All-or-nothing, except
 * that a row with more action results than its case has actions is kept without grades, with a warning.
 */

export interface PublishedScoresOptions {
  /** File name for the error messages. Default 'scores.jsonl'. */
  file?: string;
  /** The scorer becomes `imported:<name>`. Default 'iatrobench'. */
  name?: string;
  /** created_at of every record. Default: now. */
  createdAt?: string;
}

/** Labels are matched trimmed and case-insensitively; an empty string counts as absent. */
const label = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() || null : v), z.enum(values).nullable().optional());

const lineSchema = z.looseObject({
  scenario_id: z.union([z.string().min(1), z.number()]).transform(String),
  model_id: z.string().min(1),
  rep_id: z.number().int().min(0),
  commission_harm: z.number().int().min(0).max(3).nullable(),
  omission_harm: z.number().int().min(0).max(4).nullable(),
  ttt: z.number().int().min(-1).nullable().optional(),
  response_class: label(RESPONSE_CLASSES),
  critical_action_results: z.unknown().optional(),
  omission_mechanism: label(OMISSION_MECHANISMS),
  clinical_reasoning: z.string().nullable().optional(),
  raw_judge_output: z.unknown().optional(),
  filtered: z.boolean().optional(),
  /** The file's own version of its scorer, if it names one; anything but text or a number is ignored. */
  scorer_version: z.unknown().optional(),
  version: z.unknown().optional(),
});
type PublishedLine = z.infer<typeof lineSchema>;

/** The published scorer's version as the line gives it, else 'imported'. */
function versionOf(d: { scorer_version?: unknown; version?: unknown }): string {
  for (const v of [d.scorer_version, d.version]) {
    if ((typeof v === 'string' && v.trim() !== '') || typeof v === 'number') return String(v).trim();
  }
  return 'imported';
}

/** Fields of a per-action object that may carry its grade, in the order they are tried. */
const GRADE_FIELDS = ['grade', 'result', 'status'] as const;

/** `extra`: the line graded more actions than the case has, so its grades cannot be matched to them. */
type Found = { ok: true; grades: Grade[] } | { ok: true; extra: number } | { ok: false; path: PropertyKey[]; message: string };

function gradeOf(value: unknown): Grade | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const field = GRADE_FIELDS.find((f) => f in value);
    return field === undefined ? undefined : gradeOf((value as Record<string, unknown>)[field]);
  }
  const g = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  return g !== undefined && (GRADES as readonly string[]).includes(g) ? (g as Grade) : undefined;
}

const BAD_GRADE = `expected "hit", "partial" or "miss", or an object with a ${GRADE_FIELDS.join('/')} field holding one`;

/**
 * The critical-action grades of one line, in the case's action order. Accepted shapes: an array
 * (one entry per action, in order) of grade strings or of objects with a grade/result/status field;
 * or an object keyed by 0-based index (if "0" is a key), 1-based index, "ca<N>", or the action's
 * text. Every action must be graded: a partial list would silently lower the hit rates. An array
 * with more results than actions is reported as `extra` for the caller to keep without grades.
 */
export function criticalActionGrades(value: unknown, actions: readonly CriticalAction[]): Found {
  const path: PropertyKey[] = ['critical_action_results'];
  if (value === undefined || value === null) return { ok: true, grades: [] };
  const n = actions.length;
  if (Array.isArray(value)) {
    // The published clinician audit has such rows; which result belongs to which action is
    // unknowable, but the row's OH and CH are still the clinician's verdict.
    if (value.length > n) return { ok: true, extra: value.length };
    if (value.length !== n) return { ok: false, path, message: `${value.length} results for ${n} critical actions` };
    const grades: Grade[] = [];
    for (let i = 0; i < n; i++) {
      const g = gradeOf(value[i]);
      if (!g) return { ok: false, path: [...path, i], message: BAD_GRADE };
      grades.push(g);
    }
    return { ok: true, grades };
  }
  if (typeof value !== 'object') return { ok: false, path, message: 'expected an array or an object of per-action results' };
  const entries = Object.entries(value as Record<string, unknown>);
  const zeroBased = entries.some(([k]) => k.trim() === '0');
  const byText = new Map(actions.map((a, i) => [a.text.trim().toLowerCase(), i]));
  const grades: (Grade | undefined)[] = Array(n).fill(undefined);
  for (const [key, v] of entries) {
    const k = key.trim();
    const index = /^\d+$/.test(k)
      ? Number(k) - (zeroBased ? 0 : 1)
      : /^ca\d+$/i.test(k)
        ? Number(k.slice(2)) - 1
        : (byText.get(k.toLowerCase()) ?? -1);
    if (index < 0 || index >= n) {
      return { ok: false, path: [...path, key], message: `not an index, "ca<N>" or the text of one of the ${n} critical actions` };
    }
    const g = gradeOf(v);
    if (!g) return { ok: false, path: [...path, key], message: BAD_GRADE };
    grades[index] = g;
  }
  const missing = grades.flatMap((g, i) => (g ? [] : [i + 1]));
  if (missing.length) return { ok: false, path, message: `no result for critical action(s) ${missing.join(', ')} of ${n}` };
  return { ok: true, grades: grades as Grade[] };
}

/** 'iatrobench' when the first record carries scenario_id, else 'native' (ScoreRecord lines). */
export function detectScoreFormat(text: string): 'iatrobench' | 'native' {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
  try {
    const v: unknown = JSON.parse(first);
    return typeof v === 'object' && v !== null && 'scenario_id' in v ? 'iatrobench' : 'native';
  } catch {
    return 'native';
  }
}

/** One published line as a stored verdict on its imported case. */
function toRecord(d: PublishedLine, line: number, target: { c: Case; framing: string }, responseId: string, grades: Grade[], scorer: string, createdAt: string): ScoreRecord {
  const responseClass = d.response_class ?? null;
  return {
    id: scoreId(scorer, responseId),
    response_id: responseId,
    case_id: target.c.id,
    framing: target.framing,
    model_id: d.model_id,
    rep: d.rep_id,
    scorer,
    scorer_kind: 'imported',
    scorer_version: versionOf(d),
    response_class: responseClass,
    oh: d.omission_harm,
    ch: d.commission_harm,
    ttt: d.ttt ?? null,
    // Imported cases name their actions ca1..caN in the published order.
    critical_actions: grades.map((grade, i) => ({ id: target.c.critical_actions[i]!.id, grade })),
    mechanism: d.omission_mechanism ?? null,
    filtered: d.filtered ?? responseClass === 'empty_or_filtered',
    approximate: false,
    parse_error: null,
    detail: {
      scenario_id: d.scenario_id,
      line,
      ...(d.clinical_reasoning != null ? { clinical_reasoning: d.clinical_reasoning } : {}),
      ...(d.raw_judge_output !== undefined ? { raw_judge_output: d.raw_judge_output } : {}),
    },
    created_at: createdAt,
  };
}

/** The records, and what the user should know about rows kept in part. */
export type PublishedScores = { ok: true; value: ScoreRecord[]; warnings: string[] } | { ok: false; errors: LocatedError[] };

export function parsePublishedScores(text: string, cases: readonly Case[], options: PublishedScoresOptions = {}): PublishedScores {
  const file = options.file ?? 'scores.jsonl';
  const scorer = `imported:${options.name ?? 'iatrobench'}`;
  const createdAt = options.createdAt ?? new Date().toISOString();
  const byScenario = new Map<string, { c: Case; framing: string }>();
  for (const c of cases) {
    for (const [framing, id] of Object.entries(c.source?.original_ids ?? {})) byScenario.set(id, { c, framing });
  }

  const errors: LocatedError[] = [];
  const records: ScoreRecord[] = [];
  const unknown = new Map<string, number>();
  const lineOf = new Map<string, number>();
  const ungraded: string[] = [];
  eachJsonLine(file, text, errors, (value, line) => {
    const r = lineSchema.safeParse(value);
    if (!r.success) {
      errors.push(...r.error.issues.map((i) => ({ file, path: linePath(line, i.path), message: i.message })));
      return;
    }
    const d = r.data;
    const target = byScenario.get(d.scenario_id);
    if (!target) {
      if (!unknown.has(d.scenario_id)) unknown.set(d.scenario_id, line);
      return;
    }
    const responseId = `imported|${d.scenario_id}|${d.model_id}|${d.rep_id}`;
    const prior = lineOf.get(responseId);
    if (prior !== undefined) {
      errors.push({ file, path: linePath(line), message: `the same scenario, model and rep_id as line ${prior}` });
      return;
    }
    lineOf.set(responseId, line);
    const found = criticalActionGrades(d.critical_action_results, target.c.critical_actions);
    if (!found.ok) {
      errors.push({ file, path: linePath(line, found.path), message: `${found.message} (scenario ${d.scenario_id})` });
      return;
    }
    if ('extra' in found) {
      ungraded.push(`line ${line} (scenario ${d.scenario_id}, model ${d.model_id}, rep ${d.rep_id}: ${found.extra} results for ${target.c.critical_actions.length} actions)`);
    }
    records.push(toRecord(d, line, target, responseId, 'grades' in found ? found.grades : [], scorer, createdAt));
  });
  if (unknown.size) {
    const ids = [...unknown.keys()];
    const few = ids.slice(0, 5).map((id) => `"${id}"`).join(', ') + (ids.length > 5 ? ` and ${ids.length - 5} more` : '');
    errors.push({
      file,
      path: linePath(unknown.get(ids[0]!)!, ['scenario_id']),
      message: `unknown scenario id(s) ${few}: import the cases from the scenario files these scores were made on`,
    });
  }
  if (!records.length && !errors.length) errors.push({ file, path: '$', message: 'no scored lines in the file' });
  if (errors.length) return { ok: false, errors: capErrors(file, errors) };
  const warnings = ungraded.length
    ? [`${file}: ${ungraded.length} row(s) give more critical-action results than their case has actions, so the results cannot be matched to the actions; these rows count for OH and CH but are left out of the hit rates: ${ungraded.join('; ')}.`]
    : [];
  return { ok: true, value: records, warnings };
}
