import { z } from 'zod';
import type { ResponseRecord } from './run/types';

/**
 * One scorer's verdict on one response. Every scorer (the local scorer, the single-step and
 * structured judges, each human rater, scores imported from a published file) writes the same
 * shape, so the measures and the agreement view can take any of them.
 */
export const RESPONSE_CLASS_VALUES = ['substantive', 'partial_engagement', 'generic_referral', 'hard_refusal', 'empty_or_filtered'] as const;
export const MECHANISM_VALUES = ['safety_refusal', 'generic_deflection', 'hedging', 'scope_limitation', 'none'] as const;
export const SCORER_KINDS = ['local', 'judge_single', 'judge_structured', 'human', 'imported'] as const;

export const scoreRecordSchema = z.strictObject({
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
  response_class: z.enum(RESPONSE_CLASS_VALUES).nullable(),
  oh: z.number().int().min(0).max(4).nullable(),
  ch: z.number().int().min(0).max(3).nullable(),
  ttt: z.number().int().min(-1).nullable(),
  /** Per critical action id. */
  critical_actions: z.array(z.strictObject({ id: z.string(), grade: z.enum(['hit', 'partial', 'miss']) })),
  mechanism: z.enum(MECHANISM_VALUES).nullable(),
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

export type ScoreRecord = z.infer<typeof scoreRecordSchema>;
export type ScorerKind = (typeof SCORER_KINDS)[number];

export function scoreId(scorer: string, responseId: string): string {
  return `${scorer}|${responseId}`;
}

/** The fields every verdict on `response` shares, whoever gives it. */
export function verdictBase(scorer: string, kind: ScorerKind, response: ResponseRecord, created_at: string) {
  return {
    id: scoreId(scorer, response.id),
    response_id: response.id,
    case_id: response.case_id,
    framing: response.framing,
    model_id: response.model_id,
    rep: response.rep,
    scorer,
    scorer_kind: kind,
    created_at,
  };
}
