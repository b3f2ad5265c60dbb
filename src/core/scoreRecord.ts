import { z } from 'zod';
import { GRADES, OMISSION_MECHANISMS, RESPONSE_CLASSES } from './domain';
import type { ResponseRecord } from './run/types';

/**
 * One scorer's verdict on one response. Every scorer (the local scorer, the single-step and
 * structured judges, each human rater, scores imported from a published file) writes the same
 * shape, so the measures and the agreement view can take any of them.
 */
export const SCORER_KINDS = ['local', 'judge_single', 'judge_structured', 'human', 'imported'] as const;

const scoreRecordFields = z.strictObject({
  /** `${scorer}|${response_id}`: one verdict per scorer per response. */
  id: z.string().min(1),
  response_id: z.string().min(1),
  case_id: z.string().min(1),
  framing: z.string().min(1),
  model_id: z.string().min(1),
  rep: z.number().int().min(0),
  /** e.g. "local", "judge_structured:openai-compatible:gpt-4o", "human:Ana", "imported:iatrobench". */
  scorer: z.string().min(1),
  scorer_kind: z.enum(SCORER_KINDS),
  /**
   * Which version of the scorer gave the verdict: verdicts of two versions are different
   * instruments. Records stored before versions existed lack it; see scorerVersionOf.
   */
  scorer_version: z.string().min(1).optional(),
  response_class: z.enum(RESPONSE_CLASSES).nullable(),
  oh: z.number().int().min(0).max(4).nullable(),
  ch: z.number().int().min(0).max(3).nullable(),
  ttt: z.number().int().min(-1).nullable(),
  /** Per critical action id. */
  critical_actions: z.array(z.strictObject({ id: z.string(), grade: z.enum(GRADES) })),
  mechanism: z.enum(OMISSION_MECHANISMS).nullable(),
  /** The response was empty or stripped by a provider filter. */
  filtered: z.boolean(),
  /** Grades made without case-specific matchers. */
  approximate: z.boolean().default(false),
  /** Set when a judge's answer could not be parsed; the numbers are then null. */
  parse_error: z.string().nullable().default(null),
  /** Evidence, reasons, raw judge output, prompt version: whatever the scorer keeps. */
  detail: z.unknown().optional(),
  created_at: z.string(),
});

/** A verdict as stored or imported; one without a scorer_version is read as scorerVersionOf says. */
export const scoreRecordSchema = scoreRecordFields.transform((r): ScoreRecord => withScorerVersion(r));

type Fields = z.infer<typeof scoreRecordFields>;
/** A verdict as the app holds it: always with its scorer_version. */
export type ScoreRecord = Omit<Fields, 'scorer_version'> & { scorer_version: string };
export type ScorerKind = (typeof SCORER_KINDS)[number];

/**
 * The version of a verdict stored before verdicts carried one: the local scorer's rules then
 * were version '1'; for any other scorer nothing tells.
 */
export function scorerVersionOf(record: { scorer_kind: ScorerKind; scorer_version?: string | undefined }): string {
  return record.scorer_version ?? (record.scorer_kind === 'local' ? '1' : 'unknown');
}

/** Fills in a missing scorer_version in place (the record is the caller's own copy) and returns it. */
export function withScorerVersion<T extends { scorer_kind: ScorerKind; scorer_version?: string | undefined }>(record: T): T & { scorer_version: string } {
  record.scorer_version = scorerVersionOf(record);
  return record as T & { scorer_version: string };
}

export function scoreId(scorer: string, responseId: string): string {
  return `${scorer}|${responseId}`;
}

/**
 * The fields every verdict on `response` shares, whoever gives it. Each scorer passes its own
 * version; without one an import is 'imported' and anything else 'unknown'.
 */
export function verdictBase(scorer: string, kind: ScorerKind, response: ResponseRecord, created_at: string, version = kind === 'imported' ? 'imported' : 'unknown') {
  return {
    id: scoreId(scorer, response.id),
    response_id: response.id,
    case_id: response.case_id,
    framing: response.framing,
    model_id: response.model_id,
    rep: response.rep,
    scorer,
    scorer_kind: kind,
    scorer_version: version,
    created_at,
  };
}
