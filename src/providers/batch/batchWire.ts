/**
 * The three providers' batch wire shapes without their SDKs: each request as one entry of a batch
 * input (built with the live adapters' own request builders, so a batch asks exactly what a live
 * run asks), each result entry as a BatchItemResult, and the published limits. The SDK modules
 * (openaiBatch, anthropicBatch, geminiBatch) and the app's batch files (batchFiles.ts) share them,
 * so reading a results file does not load any SDK.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { InlinedRequest, InlinedResponse } from '@google/genai';
import type { BatchLimits } from '../../core/batch/batchSplit';
import type { BatchItemResult } from '../../core/batch/batchRecords';
import { messageParams, readMessage } from '../anthropic';
import { generateParams, readResponse } from '../gemini';
import { chatCompletionBody, readCompletion } from '../openaiCompatible';
import type { WireQuirks } from '../presets';
import type { BatchRequest, BatchResultItem } from './batchApi';

type Json = Record<string, unknown>;

/**
 * "A single batch may include up to 50,000 requests, and a batch input file can be up to 200 MB
 * in size"; each file holds requests to one model (platform.openai.com/docs/guides/batch).
 */
export const OPENAI_BATCH_LIMITS: BatchLimits = { maxRequests: 50_000, maxBytes: 200 * 1024 * 1024 };

/**
 * "A Message Batch is limited to either 100,000 Message requests or 256 MB in size, whichever
 * is reached first" (docs.anthropic.com/en/docs/build-with-claude/batch-processing).
 */
export const ANTHROPIC_BATCH_LIMITS: BatchLimits = { maxRequests: 100_000, maxBytes: 256 * 1024 * 1024 };

/**
 * Inline requests suit batches "that keep the total request size under 20MB"; larger ones need
 * the File API (ai.google.dev/gemini-api/docs/batch-mode). No request count is stated for them.
 */
export const GEMINI_BATCH_LIMITS: BatchLimits = { maxRequests: Number.MAX_SAFE_INTEGER, maxBytes: 20 * 1024 * 1024 };

/** One line of an OpenAI batch input file. */
export const openaiLine = ({ key, request }: BatchRequest, wire: WireQuirks) => ({
  custom_id: key,
  method: 'POST',
  url: '/v1/chat/completions',
  body: chatCompletionBody(request, wire, false),
});

/** One request of an Anthropic Message Batch. */
export const anthropicLine = ({ key, request }: BatchRequest) => ({ custom_id: key, params: messageParams(request) });

/** One inlined request as the @google/genai SDK takes it (its own field names). */
export function geminiInlined({ key, request }: BatchRequest): InlinedRequest {
  const { contents, config } = generateParams(request);
  return { contents, config, metadata: { key } };
}

/** One line of Gemini's batch input file (REST names: generationConfig, systemInstruction). */
export function geminiFileLine({ key, request }: BatchRequest) {
  const { contents, config } = generateParams(request);
  const { systemInstruction, ...generationConfig } = config;
  return {
    key,
    request: { contents, generationConfig, ...(typeof systemInstruction === 'string' ? { systemInstruction: { parts: [{ text: systemInstruction }] } } : {}) },
  };
}

/** One line of an OpenAI output or error file: `{custom_id, response: {status_code, body} | null, error}`. */
export function openaiResult(line: Json): BatchResultItem {
  const response = line.response as { status_code?: number; body?: Json } | null | undefined;
  const error = line.error as { code?: string; message?: string } | null | undefined;
  let result: BatchItemResult;
  if (response?.status_code === 200 && response.body && !error) {
    result = { kind: 'done', value: { ...readCompletion(response.body), latency_ms: 0 } };
  } else {
    const bodyError = (response?.body?.error ?? null) as { message?: string } | null;
    const message = error?.message ?? bodyError?.message ?? `HTTP ${response?.status_code ?? 'error'}`;
    result = { kind: 'failed', message, expired: error?.code === 'batch_expired' };
  }
  return { key: String(line.custom_id), result };
}

export function anthropicResult(r: Anthropic.Messages.MessageBatchResult): BatchItemResult {
  switch (r.type) {
    case 'succeeded':
      return { kind: 'done', value: { ...readMessage(r.message), latency_ms: 0 } };
    case 'errored':
      return { kind: 'failed', message: r.error.error.message || r.error.error.type, expired: false };
    case 'expired':
      return { kind: 'failed', message: 'Anthropic reports the request expired.', expired: true };
    default:
      return { kind: 'failed', message: 'The batch was cancelled before this request was answered.', expired: false };
  }
}

export function geminiResult(r: InlinedResponse): BatchItemResult {
  if (r.response && !r.error) return { kind: 'done', value: { ...readResponse(r.response), latency_ms: 0 } };
  // Gemini ends an expired job's unfinished requests with code 4 (DEADLINE_EXCEEDED).
  return { kind: 'failed', message: r.error?.message ?? `error ${r.error?.code ?? 'with no message'}`, expired: r.error?.code === 4 };
}
