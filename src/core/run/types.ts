import { z } from 'zod';
import { framingKind } from '../caseSchema';
import { PROVIDER_KINDS, type CellCoordinates } from '../domain';

/**
 * Where a model is served, as stored with a run. It is the provider config minus the key:
 * `strictObject` rejects an `apiKey`, so a key can never be written into a run or an export.
 */
export const providerSettingsSchema = z.strictObject({
  kind: z.enum(PROVIDER_KINDS),
  preset: z.string().optional(),
  baseUrl: z.string().optional(),
  timeoutMs: z.number().int().positive().optional(),
  maxConcurrency: z.number().int().positive().optional(),
});

export const modelSpecSchema = z.strictObject({
  /** Stable label, e.g. "openai-compatible:gpt-4o@http://host/v1"; see modelIdFor (domain.ts). */
  model_id: z.string().min(1),
  provider: providerSettingsSchema,
  /** The model name sent to the provider. */
  model: z.string().min(1),
});

export const runParamsSchema = z.strictObject({
  temperature: z.number().min(0).max(2).default(0.7),
  max_tokens: z.number().int().positive().default(2048),
  top_p: z.number().gt(0).max(1).optional(),
  seed: z.number().int().optional(),
});

export const runSpecSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string(),
  created_at: z.string(),
  case_ids: z.array(z.string().min(1)).min(1),
  framings: z.array(framingKind).min(1),
  models: z.array(modelSpecSchema).min(1),
  reps: z.number().int().min(1).max(1000),
  params: runParamsSchema.default({ temperature: 0.7, max_tokens: 2048 }),
  /** Most requests in flight at once per provider (per concurrency key). */
  concurrency: z.number().int().min(1).max(256).default(4),
});

const usageSchema = z.strictObject({
  input_tokens: z.number().nullable(),
  output_tokens: z.number().nullable(),
});

export const responseStatus = z.enum(['ok', 'filtered', 'error', 'truncated']);

export const responseRecordSchema = z.strictObject({
  /** `${run_id}|${cell key}`: see responseId (domain.ts). */
  id: z.string(),
  run_id: z.string(),
  case_id: z.string(),
  framing: z.string(),
  model_id: z.string(),
  /** 0-based repetition index. */
  rep: z.number().int().min(0),
  /** The exact request sent: a system message only when the framing has a system prompt. */
  request: z.strictObject({
    model: z.string(),
    messages: z.array(z.strictObject({ role: z.enum(['system', 'user', 'assistant']), content: z.string() })),
    params: runParamsSchema,
  }),
  text: z.string(),
  finish_reason: z.enum(['stop', 'length', 'content_filter', 'tool_calls', 'error', 'other']),
  raw_finish_reason: z.string().nullable(),
  /**
   * 'filtered': empty answer or a content-filter stop; 'error': no answer after retries;
   * 'truncated': an answer cut at the size cap (run/chatJob.ts answerCap).
   */
  status: responseStatus,
  usage: usageSchema,
  latency_ms: z.number(),
  cost_usd: z.number().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int().min(1),
  /** The model id the provider says answered, when it said. */
  served_model: z.string().nullable(),
  started_at: z.string(),
  completed_at: z.string(),
});

export type ProviderSettings = z.infer<typeof providerSettingsSchema>;
export type ModelSpec = z.infer<typeof modelSpecSchema>;
export type RunParams = z.infer<typeof runParamsSchema>;
export type RunSpec = z.infer<typeof runSpecSchema>;
/** A spec as a caller writes it: defaults (params, concurrency) may be left out. */
export type RunSpecInput = z.input<typeof runSpecSchema>;
export type ResponseStatus = z.infer<typeof responseStatus>;
export type ResponseRecord = z.infer<typeof responseRecordSchema>;

/** One request of the matrix, with its key (cellKey, domain.ts). */
export interface Cell extends CellCoordinates {
  key: string;
}

/** USD per million tokens; looked up by model_id. */
export interface Price {
  input_per_mtok: number;
  output_per_mtok: number;
}
