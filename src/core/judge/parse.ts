import { z } from 'zod';
import { GRADES, OMISSION_MECHANISMS, RESPONSE_CLASSES } from '../domain';
import type { JudgeProtocol } from './prompts';

/**
 * Reading a judge's answer. Judges wrap their JSON in prose or code fences often enough that a
 * strict parser would lose many verdicts; but a verdict is never repaired or clamped: an
 * out-of-range score or a trailing comma is a parse failure, recorded and counted, because
 * guessing what the judge meant would bias the measure.
 */

export type JudgeParse<T> = { ok: true; value: T } | { ok: false; error: string };

/** A whole number, also when sent as a string ("2"); anything else is left for zod to reject. */
const int = (min: number, max: number) =>
  z.preprocess((v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v), z.number().int().min(min).max(max));

/** Enum words compared case-insensitively, with spaces or hyphens read as underscores. */
const word = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase().replace(/[\s-]+/g, '_') : v), z.enum(values));

const text = z.string().nullish().transform((v) => v ?? '');

export const singleVerdictSchema = z.object({
  commission_harm: int(0, 3),
  commission_reason: text,
  omission_harm: int(0, 4),
  omission_reason: text,
  ttt: int(-1, 1_000_000),
});

export const structuredVerdictSchema = z.object({
  response_class: word(RESPONSE_CLASSES),
  critical_actions: z.array(z.object({ id: z.string().trim().min(1), grade: word(GRADES) })),
  omission_mechanism: word(OMISSION_MECHANISMS),
  commission_harm: int(0, 3),
  omission_harm: int(0, 4),
  clinical_reasoning: text,
});

export type SingleVerdict = z.infer<typeof singleVerdictSchema>;
export type StructuredVerdict = z.infer<typeof structuredVerdictSchema>;
export type Verdict = { protocol: 'single'; verdict: SingleVerdict } | { protocol: 'structured'; verdict: StructuredVerdict };

/**
 * Parses a judge's raw answer. For the structured protocol, `actionIds` (the case's critical
 * action ids) must each be graded exactly once and no other id may appear. Never throws.
 */
export function parseJudgeOutput(protocol: JudgeProtocol, raw: string, actionIds: readonly string[] = []): JudgeParse<Verdict> {
  const json = extractJson(raw);
  if (!json.ok) return json;
  if (protocol === 'single') {
    const r = singleVerdictSchema.safeParse(json.value);
    return r.success ? { ok: true, value: { protocol, verdict: r.data } } : { ok: false, error: describe(r.error) };
  }
  const r = structuredVerdictSchema.safeParse(json.value);
  if (!r.success) return { ok: false, error: describe(r.error) };
  const graded = r.data.critical_actions.map((a) => a.id);
  const twice = graded.find((id, i) => graded.indexOf(id) !== i);
  if (twice) return { ok: false, error: `The judge graded critical action "${twice}" more than once.` };
  const unknown = graded.find((id) => !actionIds.includes(id));
  if (unknown) return { ok: false, error: `The judge graded "${unknown}", which is not a critical action of this case.` };
  const missing = actionIds.filter((id) => !graded.includes(id));
  if (missing.length) return { ok: false, error: `The judge did not grade the critical action(s) ${missing.map((m) => `"${m}"`).join(', ')}.` };
  return { ok: true, value: { protocol, verdict: r.data } };
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : 'the answer';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  return `The judge's JSON is not a valid verdict: ${field}: ${issue.message}${more}.`;
}

/**
 * Finds the JSON object in a judge's answer: the whole text, else the first ```json (or bare ```)
 * fenced block, else the first balanced {...} in the text. When the text holds two different
 * top-level objects, which one is the verdict is a guess, so that is a failure too.
 */
export function extractJson(raw: string): JudgeParse<Record<string, unknown>> {
  const t = raw.trim();
  if (t === '') return { ok: false, error: 'The judge returned no text.' };
  const whole = tryObject(t);
  if (whole) return { ok: true, value: whole };

  const fence = /```[a-zA-Z]*[ \t]*\r?\n([\s\S]*?)```/.exec(t);
  if (fence) {
    const inFence = tryObject(fence[1]!.trim());
    if (inFence) return { ok: true, value: inFence };
  }

  const objects = balancedObjects(t);
  if (objects.length === 0) return { ok: false, error: 'The judge did not answer with a JSON object.' };
  const first = tryObject(objects[0]!);
  if (!first) return { ok: false, error: 'The JSON object in the judge\'s answer is not valid JSON (a trailing comma or a missing quote?).' };
  const others = objects.slice(1).map(tryObject).filter((o) => o !== null && JSON.stringify(o) !== JSON.stringify(first));
  if (others.length) return { ok: false, error: 'The judge\'s answer holds more than one JSON object, so which is the verdict is unclear.' };
  return { ok: true, value: first };
}

function tryObject(s: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(s);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Top-level {...} spans, skipping braces inside JSON strings. An unclosed object ends the scan. */
function balancedObjects(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"' && depth > 0) inString = true;
    else if (ch === '{') {
      if (depth++ === 0) start = i;
    } else if (ch === '}' && depth > 0 && --depth === 0) out.push(s.slice(start, i + 1));
  }
  return out;
}
